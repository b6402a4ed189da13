// rrp-graph page script. Document text only ever reaches the page through textContent, an input's
// value or vis-network's canvas labels: never through innerHTML.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("rrp-data").textContent);
  var status = document.getElementById("status");

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  // The hover card and list entry of a node, built from text nodes only.
  function card(node) {
    var box = el("div", null, "tip");
    box.appendChild(el("strong", node.fullLabel));
    box.appendChild(el("div", node.typeLabel, "kind"));
    if (node.regions.length) box.appendChild(el("div", "Regions: " + node.regions.join("; ")));
    box.appendChild(el("div", "Connections: " + node.degree + " (weighted " + node.weightedDegree + ")"));
    if (node.evidence && node.evidence.items.length) {
      box.appendChild(el("div", "Source statements:"));
      var list = el("ul");
      node.evidence.items.forEach(function (item) {
        var li = el("li", item.text + " ");
        li.appendChild(el("span", "— " + item.document + (item.theme ? " · " + item.theme : ""), "source"));
        list.appendChild(li);
      });
      if (node.evidence.more > 0) list.appendChild(el("li", "and " + node.evidence.more + " more"));
      box.appendChild(list);
    }
    return box;
  }

  var nodes = new vis.DataSet(data.nodes.map(function (node) {
    var shown = {
      id: node.id, label: node.label, shape: node.shape, size: node.size, title: card(node),
      color: { background: node.color, border: node.border,
               highlight: { background: node.color, border: "#222" }, hover: { background: node.color, border: "#222" } },
      font: { size: node.fontSize }
    };
    if (node.x !== undefined) { shown.x = node.x; shown.y = node.y; }
    return shown;
  }));
  var edges = new vis.DataSet(data.edges.map(function (edge, index) {
    return { id: index, from: edge.from, to: edge.to, width: edge.width, title: edge.title };
  }));
  var network = new vis.Network(document.getElementById("network"), { nodes: nodes, edges: edges }, data.options);

  var settled = !data.options.physics.enabled;
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: { enabled: false } });
    settled = true;
    network.fit();
    network.redraw();
  });
  network.on("afterDrawing", function () {
    if (!settled || status.dataset.rendered) return;
    var positions = network.getPositions();
    var drawn = Object.keys(positions).filter(function (id) {
      return isFinite(positions[id].x) && isFinite(positions[id].y);
    }).length;
    status.dataset.rendered = drawn + " nodes, " + edges.length + " edges";
    status.textContent = "Showing " + drawn + " nodes and " + edges.length + " edges";
  });

  // The accessible list of every node (the canvas is invisible to screen readers).
  var list = document.querySelector("#node-list ol");
  data.nodes.slice().sort(function (a, b) { return a.fullLabel.localeCompare(b.fullLabel); }).forEach(function (node) {
    var li = el("li");
    li.dataset.type = node.type;
    li.appendChild(card(node));
    list.appendChild(li);
  });

  // Search: exact label first, then the first label containing the words.
  var labels = document.getElementById("labels");
  var byLabel = {};
  data.nodes.forEach(function (node) {
    var key = node.fullLabel.toLowerCase();
    if (!(key in byLabel)) {
      byLabel[key] = node.id;
      var option = document.createElement("option");
      option.value = node.fullLabel;
      labels.appendChild(option);
    }
  });
  var message = document.getElementById("search-message");
  document.getElementById("search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var wanted = document.getElementById("search").value.trim().toLowerCase();
    if (!wanted) return;
    var id = byLabel[wanted];
    if (id === undefined) {
      var hit = data.nodes.find(function (node) { return node.fullLabel.toLowerCase().indexOf(wanted) !== -1; });
      id = hit ? hit.id : undefined;
    }
    if (id === undefined) { message.textContent = "No node matches"; return; }
    message.textContent = "";
    network.selectNodes([id]);
    network.focus(id, { scale: 1.4, animation: { duration: 400 } });
  });
})();

// The search page: builds a MiniSearch index of the statements in the JSON block, answers as you type.
// Results are built with textContent and a link whose address came from the site itself.
(function () {
  "use strict";
  var items = JSON.parse(document.getElementById("rrp-index").textContent);
  var engine = new MiniSearch({ fields: ["t", "r", "k", "d"], storeFields: ["t", "r", "k", "d", "h", "s"],
                                searchOptions: { prefix: true, fuzzy: 0.2, boost: { t: 2 } } });
  engine.addAll(items);
  var input = document.getElementById("q"), shared = document.getElementById("shared");
  var list = document.getElementById("results"), status = document.getElementById("status");
  var LIMIT = 100;
  function run() {
    var query = input.value.trim();
    list.textContent = "";
    if (!query) { status.textContent = "Type a word, e.g. accommodation."; return; }
    var hits = engine.search(query).filter(function (hit) { return shared.checked || !hit.s; });
    status.textContent = hits.length + " statement" + (hits.length === 1 ? "" : "s") + " found" +
      (hits.length > LIMIT ? "; the first " + LIMIT + " shown" : "") + ".";
    hits.slice(0, LIMIT).forEach(function (hit) {
      var li = document.createElement("li"), a = document.createElement("a"), where = document.createElement("div");
      a.href = hit.h;
      a.textContent = hit.t;
      where.className = "where";
      where.textContent = hit.k + " · " + hit.r + " · " + hit.d;
      li.appendChild(a);
      li.appendChild(where);
      list.appendChild(li);
    });
    document.documentElement.dataset.searched = String(hits.length);
  }
  document.getElementById("search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    run();
  });
  input.addEventListener("input", run);
  shared.addEventListener("change", run);
  var start = /^#q=(.*)$/.exec(location.hash);
  if (start) { input.value = decodeURIComponent(start[1]); run(); }
  document.documentElement.dataset.ready = "1";
})();

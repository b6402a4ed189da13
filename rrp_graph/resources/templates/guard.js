// Records script errors and Content-Security-Policy violations on <html> so a test (or a reader of the
// DOM) can see them: data-errors and data-csp-violations count them, data-last-error holds the last one.
(function () {
  var root = document.documentElement;
  root.dataset.errors = "0";
  root.dataset.cspViolations = "0";
  window.addEventListener("error", function (event) {
    root.dataset.errors = String(Number(root.dataset.errors) + 1);
    root.dataset.lastError = String(event.message || "error");
  });
  document.addEventListener("securitypolicyviolation", function (event) {
    root.dataset.cspViolations = String(Number(root.dataset.cspViolations) + 1);
    root.dataset.lastViolation = String(event.violatedDirective) + " " + String(event.blockedURI);
  });
})();

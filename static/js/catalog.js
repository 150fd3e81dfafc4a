/* Catalogue pages: the print link prints in place where JavaScript runs (it opens the print view otherwise). */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-print]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        window.print();
      });
    });
    if (document.body.classList.contains("print-view") && window.print) {
      window.print();
    }
  });
})();

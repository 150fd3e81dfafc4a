/* Application form: show the identity fields of the chosen applicant kind. Without JS all fields show. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var radios = document.querySelectorAll("input[name='applicant_kind']");
    if (!radios.length) {
      return;
    }
    function update() {
      var checked = document.querySelector("input[name='applicant_kind']:checked");
      var isPerson = !checked || checked.value === "person";
      document.querySelectorAll("[data-applicant]").forEach(function (field) {
        field.hidden = field.getAttribute("data-applicant") !== (isPerson ? "person" : "org");
      });
    }
    radios.forEach(function (radio) {
      radio.addEventListener("change", update);
    });
    update();
  });
})();

/* Notice pages: a print button where the browser can print. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
  });
})();

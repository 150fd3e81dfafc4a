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

/* Application form: as the citizen describes the information, show matching published items (a small fetch of
   an HTML fragment, debounced). Without JS the form's 先查一查 button (in <noscript>) does the same with a page. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector("[data-suggest-url]");
    if (!box || !window.fetch) {
      return;
    }
    var source = document.getElementById(box.getAttribute("data-suggest-source"));
    var target = document.getElementById("suggestions");
    var form = box.closest("form");
    var keyField = form ? form.querySelector("input[name='submission_key']") : null;
    if (!source || !target) {
      return;
    }
    var timer = null;
    var last = "";
    var pending = null;
    function lookup() {
      var text = source.value.trim();
      if (text === last) {
        return;
      }
      last = text;
      if (text.replace(/\s/g, "").length < 4) {
        target.innerHTML = "";
        return;
      }
      if (pending && pending.abort) {
        pending.abort();
      }
      pending = window.AbortController ? new AbortController() : null;
      var url = box.getAttribute("data-suggest-url") + "?q=" + encodeURIComponent(text.slice(0, 300)) +
        (keyField ? "&k=" + encodeURIComponent(keyField.value) : "");
      fetch(url, {credentials: "same-origin", signal: pending ? pending.signal : undefined,
                  headers: {"X-Requested-With": "fetch"}})
        .then(function (response) { return response.text(); })
        .then(function (html) { target.innerHTML = html; })
        .catch(function () { /* aborted or offline: the form works without suggestions */ });
    }
    source.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(lookup, 600);
    });
    source.addEventListener("blur", lookup);
  });
})();

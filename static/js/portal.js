/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";
  // Read-aloud buttons (data-read-aloud="#selector") use the browser's speech synthesis where it exists.
  document.addEventListener("DOMContentLoaded", function () {
    var buttons = document.querySelectorAll("[data-read-aloud]");
    if (!("speechSynthesis" in window)) {
      return;
    }
    buttons.forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var synth = window.speechSynthesis;
        if (synth.speaking) {
          synth.cancel();
          button.textContent = button.getAttribute("data-label-start") || "朗读全文";
          return;
        }
        var target = document.querySelector(button.getAttribute("data-read-aloud"));
        if (!target) {
          return;
        }
        var utterance = new SpeechSynthesisUtterance(target.innerText);
        utterance.lang = "zh-CN";
        utterance.rate = 0.9;
        utterance.onend = function () {
          button.textContent = button.getAttribute("data-label-start") || "朗读全文";
        };
        button.textContent = button.getAttribute("data-label-stop") || "停止朗读";
        synth.speak(utterance);
      });
    });
  });
  // A table in an item body sits in a sideways-scrolling box under a hint (catalog.sanitize.render_body); the hint
  // shows without JavaScript, and here only while the table is wider than its box (phone, large-font mode).
  function markWideTables() {
    document.querySelectorAll(".table-box").forEach(function (box) {
      var scroller = box.querySelector(".table-scroll");
      box.classList.toggle("fits", scroller.scrollWidth <= scroller.clientWidth + 1);
    });
  }
  document.addEventListener("DOMContentLoaded", markWideTables);
  window.addEventListener("resize", markWideTables);
  // A form that failed shows a summary of its errors at the top: move the focus there, so that a phone scrolls to
  // it and a screen reader reads it; each link in it then moves the focus to its field. Without JavaScript the
  // summary is still the first thing under the heading and its links still jump to the fields.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) {
      return;
    }
    summary.focus();
    summary.scrollIntoView({ block: "start" });
    summary.querySelectorAll("a[href^='#']").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var field = document.getElementById(link.getAttribute("href").slice(1));
        if (!field) {
          return;
        }
        event.preventDefault();
        var details = field.closest("details");
        if (details) {
          details.open = true;
        }
        var label = document.querySelector("label[for='" + field.id + "']") || field.closest("fieldset") || field;
        label.scrollIntoView({ block: "start" });
        field.focus({ preventScroll: true });
      });
    });
  });
})();

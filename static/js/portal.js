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
})();

// Small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  // Forms marked data-confirm ask before submitting (e.g. closing a unit).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
  // The language selector submits on change when scripts run.
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "language-select") {
      event.target.form.submit();
    }
  });
})();

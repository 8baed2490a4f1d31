// Progressive enhancement for the feedback forms. Everything works without this file.
(function () {
  "use strict";
  // Move focus to the error summary so screen readers announce it and keyboard users start there.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
  // Error links move focus to the field itself, not just scroll to it.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".error-summary a[href^='#']");
    if (!link) {
      return;
    }
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (target) {
      event.preventDefault();
      target.focus();
      var group = target.closest("fieldset, .field");
      if (group) {
        group.scrollIntoView({ block: "start" });
      }
    }
  });
  // Anonymous senders need no contact details: hide those fields while "anonymous" is chosen and they are empty.
  var contact = document.getElementById("contact-details");
  var replies = document.querySelectorAll("input[name='reply']");
  if (!contact || !replies.length) {
    return;
  }
  function empty() {
    var inputs = contact.querySelectorAll("input, textarea");
    for (var i = 0; i < inputs.length; i++) {
      if (inputs[i].value.trim() !== "") {
        return false;
      }
    }
    return true;
  }
  function update() {
    var chosen = document.querySelector("input[name='reply']:checked");
    contact.hidden = Boolean(chosen && chosen.value === "ingen" && empty());
  }
  for (var i = 0; i < replies.length; i++) {
    replies[i].addEventListener("change", update);
  }
  update();
})();

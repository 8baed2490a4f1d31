// Keeps an unsent report in this browser while it is being typed, so a failed submit or a
// dropped connection never loses it. Progressive enhancement: the form works without this file.
// The draft is removed when the receipt page (data-draft-clear) is shown after a successful submit.
(function () {
  "use strict";
  var PREFIX = "lots:draft:";

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function draftFields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && ["file", "hidden", "submit", "button"].indexOf(el.type) === -1;
    });
  }

  function read(form) {
    var data = {};
    draftFields(form).forEach(function (el) {
      data[el.name] = el.type === "checkbox" ? el.checked : el.value;
    });
    return data;
  }

  function save(form, store) {
    try { store.setItem(PREFIX + form.getAttribute("data-draft"), JSON.stringify(read(form))); } catch (e) { /* full or blocked: the server copy still exists on submit */ }
  }

  function hasText(data, form) {
    return Array.prototype.some.call(form.querySelectorAll("textarea"), function (el) {
      return typeof data[el.name] === "string" && data[el.name].trim() !== "";
    });
  }

  function restore(form, store) {
    var data;
    try { data = JSON.parse(store.getItem(PREFIX + form.getAttribute("data-draft")) || "null"); } catch (e) { data = null; }
    if (!data || !hasText(data, form)) { return false; }
    draftFields(form).forEach(function (el) {
      if (!(el.name in data)) { return; }
      if (el.type === "checkbox") { el.checked = !!data[el.name]; } else { el.value = data[el.name]; }
    });
    return true;
  }

  function init() {
    var store = storage();
    if (!store) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("[data-draft-clear]"), function (el) {
      try { store.removeItem(PREFIX + el.getAttribute("data-draft-clear")); } catch (e) { /* nothing to clear */ }
    });
    Array.prototype.forEach.call(document.querySelectorAll("form[data-draft]"), function (form) {
      var notice = form.querySelector("[data-draft-notice]");
      if (form.hasAttribute("data-draft-restore")) {
        if (restore(form, store) && notice) { notice.hidden = false; }
      } else {
        save(form, store);  // the server re-rendered what was typed: that is the draft now
      }
      form.addEventListener("input", function () { save(form, store); });
      form.addEventListener("change", function () { save(form, store); });
      var discard = form.querySelector("[data-draft-discard]");
      if (discard) {
        discard.addEventListener("click", function () {
          try { store.removeItem(PREFIX + form.getAttribute("data-draft")); } catch (e) { /* ignore */ }
          form.reset();
          if (notice) { notice.hidden = true; }
          var first = form.querySelector("textarea, input:not([type=hidden])");
          if (first) { first.focus(); }
        });
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

// Saves an unsent report on the server, under the person's account, while it is being typed: every half minute
// while typing and when the page is left. Nothing is kept in the browser, whose storage outlives a logout on a
// shared computer. Progressive enhancement: without this file the form's "Spara utkast" button does the same.
(function () {
  "use strict";
  var INTERVAL = 30000;

  function forget() {
    // Earlier versions kept drafts in the browser: remove what they left behind.
    try {
      var store = window.localStorage;
      for (var i = store.length - 1; i >= 0; i -= 1) {
        var key = store.key(i);
        if (key && key.indexOf("lots:draft:") === 0) { store.removeItem(key); }
      }
    } catch (e) { /* storage blocked: nothing to remove */ }
  }

  function body(form) {
    var data = new FormData(form);
    data.delete("attachment");
    return data;
  }

  function init() {
    forget();
    Array.prototype.forEach.call(document.querySelectorAll("form[data-draft-url]"), function (form) {
      var url = form.getAttribute("data-draft-url");
      var status = document.querySelector("[data-draft-status]");
      var changed = false;
      var sending = false;

      function save(leaving) {
        if (!changed || sending) { return; }
        changed = false;
        if (leaving && navigator.sendBeacon) { navigator.sendBeacon(url, body(form)); return; }
        sending = true;
        fetch(url, { method: "POST", body: body(form), credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
          .then(function (response) { return response.ok ? response.json() : null; })
          .then(function (answer) {
            if (answer && answer.saved_at && status) {
              status.textContent = (status.getAttribute("data-saved-text") || "Utkastet sparat") + " " + answer.saved_at;
            }
          })
          .catch(function () { changed = true; })
          .then(function () { sending = false; });
      }

      form.addEventListener("input", function () { changed = true; });
      // Leaving a field (or choosing in a list) saves at once; typing saves every half minute.
      form.addEventListener("change", function () { changed = true; save(false); });
      form.addEventListener("submit", function () { changed = false; });
      window.setInterval(function () { save(false); }, INTERVAL);
      document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") { save(true); } });
      window.addEventListener("pagehide", function () { save(true); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

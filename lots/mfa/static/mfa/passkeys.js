// After a passkey is registered, go on to the recovery codes (or the page the person came for).
(function () {
  "use strict";
  document.addEventListener("otp_webauthn.register_complete", function () {
    var section = document.querySelector("[data-passkey-done]");
    if (section) {
      window.location.href = section.getAttribute("data-passkey-done");
    }
  });
})();

/* newsroom — sharing a story. A static file (strict CSP). The share links work without
   it; this adds the system share sheet (Web Share API) and "copy link" where the browser
   has them, and says so in a live region. */
(function () {
  "use strict";

  function status(key) {
    var region = document.querySelector("[data-share-status]");
    if (region) region.textContent = region.dataset[key] || "";
  }

  var native = document.querySelector("[data-share-native]");
  if (native && navigator.share) {
    native.hidden = false;
    native.querySelector("button").addEventListener("click", function (event) {
      var button = event.currentTarget;
      navigator.share({ title: button.dataset.title, url: button.dataset.url }).catch(function () {});
    });
  }

  var copy = document.querySelector("[data-share-copy]");
  if (copy && navigator.clipboard && window.isSecureContext) {
    copy.hidden = false;
    copy.querySelector("button").addEventListener("click", function (event) {
      navigator.clipboard.writeText(event.currentTarget.dataset.url).then(
        function () { status("copied"); },
        function () { status("failed"); }
      );
    });
  }
})();

/* newsroom — «الأكثر قراءة». A static file (strict CSP). Once the story is on screen,
   tell the site it was read: one small POST without cookies (credentials omitted), so
   the page itself stays a cached, anonymous page. Bots that do not run scripts, and
   readers without JavaScript, are simply not counted (articles/reads.py). */
(function () {
  "use strict";
  var story = document.querySelector("[data-read-beacon]");
  if (!story || !window.fetch) return;
  var sent = false;

  function send() {
    if (sent || document.visibilityState !== "visible") return;
    sent = true;
    fetch(story.dataset.readBeacon, {
      method: "POST", credentials: "omit", keepalive: true, mode: "same-origin", cache: "no-store"
    }).catch(function () {});
  }

  // A page opened in a background tab counts when it is first looked at.
  if (document.visibilityState === "visible") send();
  else document.addEventListener("visibilitychange", send);
})();

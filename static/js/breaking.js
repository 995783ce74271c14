/* newsroom — the «عاجل» bar ends on time. Pages end with the bar in every cache
   (s-maxage), but a shared cache may serve a page a little past that
   (stale-while-revalidate) and an open tab stays open: hide the bar at its expiry. */
(function () {
  "use strict";
  var bar = document.querySelector("[data-breaking-until]");
  if (!bar) return;
  var until = Date.parse(bar.dataset.breakingUntil);
  if (isNaN(until)) return;
  function hide() { bar.hidden = true; }
  var left = until - Date.now();
  if (left <= 0) hide();
  else window.setTimeout(hide, Math.min(left, 2147483647));
})();

// The story form: a live character count under the headline (Google's 110-character
// headline limit) and, until the story is first published, a slug that follows the
// headline. Loaded as a file (the admin's CSP allows scripts from us only).
"use strict";
(function () {
  const LIMIT = 110;
  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }
  function arabicDigits(n) {
    return String(n).replace(/\d/g, (d) => "٠١٢٣٤٥٦٧٨٩"[d]);
  }
  function slugify(text) {
    return text
      .normalize("NFKC")
      .replace(/[\u0610-\u061a\u064b-\u065f\u0670\u0640]/g, "")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s-]/gu, "")
      .trim()
      .replace(/[\s-]+/g, "-")
      .slice(0, 200);
  }
  ready(function () {
    const headline = document.getElementById("id_headline");
    if (!headline) return;
    const count = document.createElement("output");
    count.className = "headline-count";
    count.setAttribute("for", "id_headline");
    count.setAttribute("aria-live", "polite");
    headline.insertAdjacentElement("afterend", count);
    const slug = document.getElementById("id_slug");
    const follows = slug && slug.dataset.followsHeadline === "1";
    function update() {
      const n = Array.from(headline.value.trim()).length;
      count.textContent = arabicDigits(n) + " / " + arabicDigits(LIMIT) + " حرفاً";
      count.classList.toggle("over", n > LIMIT);
      if (follows) slug.value = slugify(headline.value);
    }
    headline.addEventListener("input", update);
    update();
  });

  // Related links: choosing one of our stories in the autocomplete fills the row's
  // title with its headline (when the title is still empty), as a reader will see it.
  // select2 reports its choice through jQuery, so the listener is django.jQuery's.
  ready(function () {
    const $ = window.django && window.django.jQuery;
    if (!$) return;
    $(document).on("change", "#related_links-group select[name$='-target']", function () {
      const row = this.closest("tr");
      const title = row && row.querySelector("input[name$='-title']");
      const chosen = this.options[this.selectedIndex];
      if (title && chosen && chosen.value && !title.value.trim()) {
        title.value = chosen.textContent.trim();
      }
    });
  });
})();

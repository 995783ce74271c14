/* newsroom — the story list's behaviour on top of htmx. A static file (strict CSP:
   no inline script, no eval); without it the filter bar is still a plain GET form.

   - Live search: typing asks for the list once the reader pauses; Enter or the button
     sends the query at once and cancels the pending one, so one query is one request.
   - Selects: a pick with the mouse or touch filters at once; arrow keys on a closed
     select step through options, so the list loads (and is announced) once they stop.
   - History: htmx saves the page's HTML when the reader leaves it; the controls'
     current state is written into their attributes after every swap, so Back shows
     the selects and the search box as they were for that page.
   - Pagination: focus moves to the list heading (not to <body>). */
(function () {
  "use strict";

  var TYPING_PAUSE = 300;
  var ARROW_PAUSE = 600;

  var typingTimer = null;
  var arrowTimer = null;
  var lastKeyOnSelect = 0;
  var lastSentQuery = null;

  function form() { return document.getElementById("filter-form"); }
  function queryBox() { return document.getElementById("id_q"); }

  function requestList() {
    var f = form();
    if (!f) return;
    var box = queryBox();
    lastSentQuery = box ? box.value.trim() : "";
    f.dispatchEvent(new CustomEvent("filter-change", { bubbles: false }));
  }

  function cancelPending() {
    clearTimeout(typingTimer);
    clearTimeout(arrowTimer);
  }

  document.addEventListener("input", function (event) {
    if (event.target !== queryBox()) return;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () {
      var box = queryBox();
      if (box && box.value.trim() !== lastSentQuery) requestList();
    }, TYPING_PAUSE);
  });

  // htmx sends the form on submit; this only records it and drops the pending live search.
  document.addEventListener("submit", function (event) {
    if (event.target !== form()) return;
    cancelPending();
    var box = queryBox();
    lastSentQuery = box ? box.value.trim() : "";
  }, true);

  document.addEventListener("keydown", function (event) {
    if (event.target.tagName === "SELECT" && event.target.form === form()) lastKeyOnSelect = Date.now();
  });

  document.addEventListener("change", function (event) {
    var select = event.target;
    if (select.tagName !== "SELECT" || select.form !== form()) return;
    clearTimeout(arrowTimer);
    if (Date.now() - lastKeyOnSelect < 250) {
      arrowTimer = setTimeout(requestList, ARROW_PAUSE);
    } else {
      requestList();
    }
  });

  function rememberControls() {
    var f = form();
    if (!f) return;
    f.querySelectorAll("option").forEach(function (option) { option.defaultSelected = option.selected; });
    f.querySelectorAll("input[type=search]").forEach(function (input) { input.defaultValue = input.value; });
    var box = queryBox();
    lastSentQuery = box ? box.value.trim() : "";
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    if (!target || target.id !== "article-list") return;
    rememberControls();
    var source = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (source && source.closest && source.closest(".pagination")) {
      var heading = document.querySelector("#list-header h1");
      if (heading) {
        heading.setAttribute("tabindex", "-1");
        heading.focus();
      }
    }
  });

  // A page restored from htmx's history cache: its controls already carry their state;
  // only the live search needs to know what the box holds.
  document.addEventListener("htmx:historyRestore", rememberControls);

  rememberControls();
  document.documentElement.dataset.reader = "1";
})();

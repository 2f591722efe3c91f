// minnow practice console: progressive enhancement. Every page works without this script; with it,
// parts of a page refresh themselves, free text is linted as it is typed, and an unattended
// screen signs itself out. Served by minnow itself (the CSP allows no other script).
(function () {
  "use strict";

  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrf = csrfMeta ? csrfMeta.getAttribute("content") : "";
  var idleMeta = document.querySelector('meta[name="idle-timeout-ms"]');
  var idleMs = idleMeta ? Number(idleMeta.getAttribute("content")) : 0;

  function signedOut() {
    window.location.assign("/sign-in?reason=idle");
  }

  // Background refresh: <div data-refresh-url="/today/rows?..." data-refresh-seconds="5">.
  // These requests say so (X-Minnow-Refresh), so they never count as someone using the console.
  function startRefresh(region) {
    var url = region.getAttribute("data-refresh-url");
    var seconds = Number(region.getAttribute("data-refresh-seconds")) || 10;
    var busy = false;
    window.setInterval(function () {
      if (busy || document.hidden) return;
      if (region.contains(document.activeElement) && document.activeElement !== document.body) return;
      busy = true;
      fetch(url, { headers: { "X-Minnow-Refresh": "1", Accept: "text/html" }, credentials: "same-origin" })
        .then(function (res) {
          if (res.status === 401) return signedOut();
          if (!res.ok) return;
          return res.text().then(function (html) {
            if (region.innerHTML !== html) region.innerHTML = html;
          });
        })
        .catch(function () { /* offline for a moment: try again next tick */ })
        .then(function () { busy = false; });
    }, seconds * 1000);
  }

  // Live lint: posts what is typed (`body()`) a moment after typing stops and shows the findings
  // that come back in `target`; an answer overtaken by a newer request is dropped.
  function liveChecks(url, target, body, delay) {
    var timer = 0;
    var sent = 0;
    function check() {
      var mine = ++sent;
      fetch(url, { method: "POST", body: body(), credentials: "same-origin", headers: { "X-CSRF-Token": csrf, Accept: "text/html" } })
        .then(function (res) {
          if (res.status === 401) return signedOut();
          if (!res.ok) return;
          return res.text().then(function (html) {
            if (mine === sent) target.innerHTML = html;
          });
        })
        .catch(function () { /* keep the last findings */ });
    }
    return {
      now: check,
      later: function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(check, delay);
      },
    };
  }

  // One field: <textarea data-lint-url="/inbox/lint" data-lint-target="lint-id">.
  function startLint(field) {
    var target = document.getElementById(field.getAttribute("data-lint-target"));
    if (!target) return;
    var checks = liveChecks(field.getAttribute("data-lint-url"), target, function () {
      var body = new URLSearchParams();
      body.set("text", field.value);
      return body;
    }, 350);
    field.addEventListener("input", checks.later);
    if (field.value) checks.now();
  }

  // A whole form: <form data-lint-form="/automations/check" data-lint-target="id">. Any change
  // posts every field, as the form itself would, without the button that was pressed.
  function startFormLint(form) {
    var target = document.getElementById(form.getAttribute("data-lint-target"));
    if (!target) return;
    var checks = liveChecks(form.getAttribute("data-lint-form"), target, function () {
      var body = new URLSearchParams(new FormData(form));
      body.delete("op");
      return body;
    }, 400);
    form.addEventListener("input", checks.later);
    form.addEventListener("change", checks.later);
  }

  // Templates: choosing one clears nothing typed, but says which will be sent.
  function startTemplatePicker(select) {
    var hint = document.getElementById(select.getAttribute("data-template-hint"));
    if (!hint) return;
    function show() {
      var option = select.options[select.selectedIndex];
      hint.textContent = option ? option.getAttribute("data-preview") || "" : "";
    }
    select.addEventListener("change", show);
    show();
  }

  // Ask before a change that is hard to undo: <form data-confirm="Remove this entry?">.
  function startConfirm(form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
    });
  }

  // Automatic sign-out of an unattended screen (HIPAA 164.312(a)(2)(iii)). Reading and typing
  // count as activity: the server hears about it at most once a minute.
  function startIdleWatch() {
    if (!idleMs) return;
    var last = Date.now();
    var told = Date.now();
    function active() {
      last = Date.now();
      if (last - told > Math.min(60000, idleMs / 2)) {
        told = last;
        fetch("/session/keepalive", { method: "POST", credentials: "same-origin", headers: { "X-CSRF-Token": csrf } })
          .then(function (res) { if (res.status === 401) signedOut(); })
          .catch(function () { /* the next activity tries again */ });
      }
    }
    ["keydown", "mousedown", "touchstart", "scroll"].forEach(function (type) {
      window.addEventListener(type, active, { passive: true });
    });
    window.setInterval(function () {
      if (Date.now() - last < idleMs) return;
      var form = document.getElementById("sign-out-form");
      if (!form) return signedOut();
      var reason = document.createElement("input");
      reason.type = "hidden";
      reason.name = "reason";
      reason.value = "idle";
      form.appendChild(reason);
      form.submit();
    }, 1000);
  }

  function focusErrors() {
    var summary = document.querySelector("[data-autofocus]");
    if (summary) summary.focus();
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-refresh-url]"), startRefresh);
    Array.prototype.forEach.call(document.querySelectorAll("textarea[data-lint-url]"), startLint);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-lint-form]"), startFormLint);
    Array.prototype.forEach.call(document.querySelectorAll("select[data-template-hint]"), startTemplatePicker);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-confirm]"), startConfirm);
    startIdleWatch();
    focusErrors();
  });
})();

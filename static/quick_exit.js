/* Quick exit: an "Emergency Exit this page" button on every page, after the GOV.UK Design System's
   "Exit this page" component and "Exit a page quickly" pattern. spodash/ui/quick_exit.py inlines this file
   into the page (st.html runs it in the page itself, not in an iframe) with EXIT_URL filled in.

   - The button, or Shift pressed three times (each press within 5 seconds of the last), hides the page
     at once behind a blank overlay, then replaces it with the neutral page: location.replace, so the
     dashboard's entry in the tab's history becomes the neutral page's (and the dashboard keeps to that
     one entry: see pushState below).
   - The button is built once, outside Streamlit's own elements (first in the body, so it is the first
     Tab stop), and it stays there while the visitor moves between pages.
   - No "less than" sign in this file: the HTML sanitiser Streamlit runs removes scripts that look
     like markup. */
(function (exitUrl) {
  "use strict";
  var doc = window.document;
  if (doc.getElementById("quick-exit")) {
    return;
  }
  var WINDOW_MS = 5000;
  var css = [
    ".qx-wrap{position:fixed;top:.5rem;right:3.5rem;z-index:1000002;max-width:calc(100vw - 7rem)}",
    ".qx-button{display:inline-flex;flex-direction:column;justify-content:center;box-sizing:border-box;min-height:2.75rem;",
    "position:relative;margin:0;padding:.3rem 1rem;",
    "font:700 1rem/1.2 'Source Sans','Source Sans Pro',sans-serif;color:#fff!important;background:#ca3535;",
    "border:2px solid transparent;border-radius:0;box-shadow:0 2px 0 #55150b;text-decoration:none!important;",
    "text-align:center;cursor:pointer;-webkit-tap-highlight-color:transparent}",
    ".qx-button:hover{background:#a12b2b}",
    ".qx-button:focus{outline:3px solid transparent}",
    ".qx-button:focus{color:#0b0c0c!important;background:#fd0;border-color:#fd0;box-shadow:0 2px 0 #0b0c0c}",
    ".qx-lights{display:none;justify-content:center;gap:.3rem;margin-top:.25rem}",
    ".qx-lights.qx-on{display:flex}",
    ".qx-light{width:.6rem;height:.6rem;border:2px solid currentColor;border-radius:50%}",
    ".qx-light.qx-lit{background:currentColor}",
    ".qx-vh{position:absolute!important;width:1px!important;height:1px!important;margin:0!important;",
    "padding:0!important;overflow:hidden!important;clip:rect(0 0 0 0)!important;white-space:nowrap!important;border:0!important}",
    "body.qx-hide>:not(.qx-overlay){display:none!important}",
    ".qx-overlay{position:fixed;inset:0;z-index:2147483647;background:#fff;color:#0b0c0c;",
    "font:1.25rem sans-serif;padding:2rem}",
    "@media (max-width:640px){.qx-button{padding:.3rem .7rem}}"
  ].join("");
  var style = doc.createElement("style");
  style.textContent = css;
  doc.head.appendChild(style);

  function el(tag, className, text) {
    var node = doc.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  var wrap = el("div", "qx-wrap");
  // A button, not a link as in GOV.UK's version (whose link works without JavaScript, which this app
  // needs anyway): a link to another site ahead of Streamlit's "Skip to main content" link would stop
  // that one counting as a skip link.
  var button = el("button", "qx-button");
  button.id = "quick-exit";
  button.type = "button";
  button.appendChild(el("span", "qx-vh", "Emergency"));
  button.appendChild(doc.createTextNode(" Exit this page"));
  var lights = el("span", "qx-lights");
  lights.setAttribute("aria-hidden", "true");
  for (var i = 0; i !== 3; i++) { lights.appendChild(el("span", "qx-light")); }
  button.appendChild(lights);
  var status = el("span", "qx-vh");
  status.setAttribute("role", "status");
  wrap.appendChild(button);
  wrap.appendChild(status);
  doc.body.insertBefore(wrap, doc.body.firstChild);

  // Streamlit adds an entry to the tab's history (history.pushState) for every page change and every
  // filter written to the address. Those entries would survive the exit, so Back would return to the
  // dashboard: it updates its one entry in place instead. The price: Back no longer steps between
  // dashboard pages, it leaves the dashboard.
  var replaceState = window.history.replaceState;
  window.history.pushState = function (state, title, url) {
    return replaceState.call(window.history, state, title, url);
  };

  // Entries this page made before the line above ran (Streamlit can write the first filters to the
  // address before this script starts), or by following a link within the page (#browsing-safely):
  // the earliest of the entries just behind this one that belong to this same page, if any. The
  // Navigation API lists them where the browser has it; pages loaded separately are out of reach.
  function firstEntryOfThisPage() {
    try {
      var nav = window.navigation;
      if (window.top !== window || !nav || !nav.currentEntry) { return null; }
      var entries = nav.entries();
      var first = nav.currentEntry.index;
      while (first !== 0 && entries[first - 1].sameDocument) { first -= 1; }
      return first === nav.currentEntry.index ? null : entries[first];
    } catch (err) {
      return null;
    }
  }

  var overlay = null;
  var leaving = false;
  function replacePage() {
    if (leaving) { return; }
    leaving = true;
    // The top window, so an embedded view takes its host page away too; a browser that refuses
    // (a sandboxed frame) still replaces this page.
    try {
      window.top.location.replace(exitUrl);
    } catch (err) {
      window.location.replace(exitUrl);
    }
  }
  function leave() {
    if (overlay) { return; }
    status.textContent = "";
    doc.body.classList.add("qx-hide");
    overlay = el("div", "qx-overlay");
    overlay.setAttribute("role", "alert");
    doc.body.appendChild(overlay);
    overlay.textContent = "Loading.";
    // Step back to this page's first entry (quick: the page is not reloaded), so the neutral page
    // replaces that one and Back does not lead to this page. The entries stepped over stay ahead of it.
    var first = firstEntryOfThisPage();
    if (first) {
      window.navigation.traverseTo(first.key).committed.then(replacePage, replacePage);
      window.setTimeout(replacePage, 2000);
    } else {
      replacePage();
    }
  }

  button.addEventListener("click", leave);

  // Shift pressed three times on its own. Shift used with another key (Shift+A) sends a keyup for
  // the other key with shiftKey set first: the Shift keyup after it is not counted.
  var count = 0;
  var timer = null;
  var lastWasModified = false;
  function showLights() {
    lights.classList.toggle("qx-on", count > 0);
    var each = lights.children;
    for (var j = 0; j !== each.length; j++) { each[j].classList.toggle("qx-lit", count >= j + 1); }
  }
  function reset(announce) {
    if (timer) { window.clearTimeout(timer); timer = null; }
    count = 0;
    status.textContent = announce ? "Exit this page expired." : "";
    showLights();
  }
  doc.addEventListener("keyup", function (event) {
    if (event.key === "Shift" && !lastWasModified) {
      count += 1;
      showLights();
      if (timer) { window.clearTimeout(timer); }
      if (count >= 3) {
        timer = null;
        count = 0;
        leave();
      } else {
        status.textContent = count === 1 ? "Shift, press 2 more times to exit." : "Shift, press 1 more time to exit.";
        timer = window.setTimeout(function () { reset(true); }, WINDOW_MS);
      }
    } else if (timer) {
      reset(false);
    }
    lastWasModified = event.shiftKey;
  }, true);

  // A page restored from the back-forward cache would still be blank: show it again.
  window.addEventListener("pageshow", function () {
    doc.body.classList.remove("qx-hide");
    if (overlay) { overlay.remove(); overlay = null; }
    leaving = false;
    reset(false);
  });
}(EXIT_URL));

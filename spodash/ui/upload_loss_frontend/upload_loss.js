/* The browser half of spodash/ui/upload_loss.py (a Streamlit v1 component, in a same-origin iframe).

   It keeps one note in the tab's sessionStorage while this tab's session holds uploaded figures:
   {token, figures, files}. sessionStorage belongs to this one tab (a link opened by someone else, in
   another browser or profile, starts empty), survives a reload and the websocket reconnecting to
   another server, and is gone when the tab is closed. The note holds no figures.

   On each render the server says whether the session holds figures (held), which notes to forget
   (clear: the session removed its figures, or the visitor dismissed the warning) and which note it has
   already been told about (acknowledged). A session that holds no figures while the tab has a note
   has lost them: the note goes back to the server once, which shows the warning. */
(function () {
  "use strict";
  var KEY = "spodash.uploadedFigures";
  var sentFor = null;

  function post(type, extra) {
    var msg = { isStreamlitMessage: true, type: type };
    for (var k in extra) {
      if (Object.prototype.hasOwnProperty.call(extra, k)) { msg[k] = extra[k]; }
    }
    window.parent.postMessage(msg, "*");
  }

  function readNote() {
    try {
      var raw = window.sessionStorage.getItem(KEY);
      return raw ? JSON.parse(raw) : null;
    } catch (e) {
      return null;
    }
  }

  function onRender(args) {
    var storage = window.sessionStorage;
    if (args.held) {
      storage.setItem(KEY, JSON.stringify({ token: args.token, figures: args.figures, files: args.files }));
      return;
    }
    var note = readNote();
    if (!note || !note.token) { return; }
    if ((args.clear || []).indexOf(note.token) !== -1) {
      storage.removeItem(KEY);
      return;
    }
    if (note.token !== args.acknowledged && note.token !== sentFor) {
      sentFor = note.token;
      post("streamlit:setComponentValue", { value: note, dataType: "json" });
    }
  }

  window.addEventListener("message", function (event) {
    if (event.source !== window.parent || !event.data || event.data.type !== "streamlit:render") { return; }
    try {
      onRender(event.data.args || {});
    } catch (e) {
      /* sessionStorage refused (a privacy setting): nothing to remember or compare. */
    }
  });
  post("streamlit:componentReady", { apiVersion: 1 });
  post("streamlit:setFrameHeight", { height: 0 });
})();

// The conversation, live: new messages arrive over SSE and are added with textContent,
// so whatever anyone typed is shown as text, never run as HTML.
(function () {
  "use strict";
  var list = document.getElementById("transcript");

  // Phone numbers, 999, e-mail addresses, URLs and HO- references read left to right even in an
  // Arabic, Persian or Urdu message (each message is dir="auto"): isolated LTR spans, never
  // split over two lines. Text is only moved into spans, never parsed as HTML.
  var SEP = "[ \\u00A0\\u202F-]";
  var LTR_TOKEN = new RegExp(
    "https?:\\/\\/[^\\s<>\"']+[^\\s<>\"'.,;:!?)\\]]" +
    "|\\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}\\b" +
    "|(?:\\+44" + SEP + "?(?:\\(0\\)" + SEP + "?)?|\\b0)\\d{2,5}(?:" + SEP + "?\\d{2,4}){1,3}\\b" +
    "|\\b999\\b|\\bHO-[A-Z0-9]{4,12}\\b",
    "g"
  );
  function isolateNumbers(p) {
    var text = (p.textContent || "").replace(/[\u2066-\u2069]/g, "");
    var parts = [];
    var last = 0;
    var match;
    LTR_TOKEN.lastIndex = 0;
    while ((match = LTR_TOKEN.exec(text)) !== null) {
      if (/^[+0]/.test(match[0]) && match[0].replace(/\D/g, "").length < 8) continue;
      parts.push(document.createTextNode(text.slice(last, match.index)));
      var span = document.createElement("span");
      span.className = "ltr";
      span.dir = "ltr";
      span.style.unicodeBidi = "isolate";
      span.style.whiteSpace = /^https?:/.test(match[0]) ? "normal" : "nowrap";
      span.textContent = match[0];
      parts.push(span);
      last = match.index + match[0].length;
    }
    if (!parts.length) return;
    parts.push(document.createTextNode(text.slice(last)));
    p.textContent = "";
    parts.forEach(function (node) { p.appendChild(node); });
  }
  if (list) Array.prototype.forEach.call(list.querySelectorAll(".msg p"), isolateNumbers);

  if (!list || !window.EventSource) return;
  var shown = list.querySelectorAll(".msg").length;
  var status = null;
  var source = new EventSource(list.dataset.events);
  source.addEventListener("handoff", function (event) {
    var data = JSON.parse(event.data);
    if (status !== null && (data.status !== status.status || data.claimed_by !== status.claimed_by)) {
      var line = document.getElementById("status-line");
      if (line && status.status === "collecting" && data.status === "waiting") line.textContent = "The assistant has finished asking: waiting – not claimed.";
      else if (line) line.textContent = "The status changed (now " + data.status + (data.claimed_by ? " by " + data.claimed_by : "") + "). Reload the page to see the actions.";
    }
    status = data;
    if (data.transcript.length < shown) return;
    if (shown === 0) list.textContent = "";
    data.transcript.slice(shown).forEach(function (m) {
      var li = document.createElement("li"); li.className = "msg from-" + m.sender;
      var who = document.createElement("span"); who.className = "who"; who.textContent = m.sender;
      var time = document.createElement("time"); time.textContent = m.time;
      var p = document.createElement("p"); p.dir = "auto"; p.textContent = m.text; isolateNumbers(p);
      if (m.language) p.lang = m.language;
      li.append(who, " ", time, p); list.appendChild(li);
    });
    shown = data.transcript.length;
    list.scrollTop = list.scrollHeight;
  });
  source.addEventListener("logout", function () { location.href = "/login"; });

  // The summary, live (a collecting handoff fills in as the professional answers; urgency
  // can rise): the server re-renders it (escaped by its templates) and we swap it in.
  var head = document.getElementById("handoff-head");
  var liveHead = document.getElementById("live-head");
  var liveSummary = document.getElementById("live-summary");
  var updated = document.getElementById("summary-updated");
  var lastUpdate = updated ? updated.dataset.updatedAt : null;
  source.addEventListener("summary", function (event) {
    var data = JSON.parse(event.data);
    if (data.updated_at === lastUpdate) return;
    lastUpdate = data.updated_at;
    if (liveHead) liveHead.innerHTML = data.head_html;
    if (liveSummary) liveSummary.innerHTML = data.summary_html;
    if (head) head.className = "card urgency-" + data.urgency + " head";
    if (updated && data.updated) updated.textContent = "Last updated " + data.updated +
      (data.status === "collecting" ? "; updates live while the assistant is still asking." : ".");
  });
  if (window.HelplineAlerts) window.HelplineAlerts.attach(source);
})();

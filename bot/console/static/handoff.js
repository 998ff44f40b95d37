// The conversation, live: new messages arrive over SSE and are added with textContent,
// so whatever anyone typed is shown as text, never run as HTML.
(function () {
  "use strict";
  var list = document.getElementById("transcript");
  if (!list || !window.EventSource) return;
  var shown = list.querySelectorAll(".msg").length;
  var status = null;
  var source = new EventSource(list.dataset.events);
  source.addEventListener("handoff", function (event) {
    var data = JSON.parse(event.data);
    if (status !== null && (data.status !== status.status || data.claimed_by !== status.claimed_by)) {
      var line = document.getElementById("status-line");
      if (line) line.textContent = "The status changed (now " + data.status + (data.claimed_by ? " by " + data.claimed_by : "") + "). Reload the page to see the actions.";
    }
    status = data;
    if (data.transcript.length < shown) return;
    if (shown === 0) list.textContent = "";
    data.transcript.slice(shown).forEach(function (m) {
      var li = document.createElement("li"); li.className = "msg from-" + m.sender;
      var who = document.createElement("span"); who.className = "who"; who.textContent = m.sender;
      var time = document.createElement("time"); time.textContent = m.time;
      var p = document.createElement("p"); p.textContent = m.text;
      li.append(who, " ", time, p); list.appendChild(li);
    });
    shown = data.transcript.length;
    list.scrollTop = list.scrollHeight;
  });
  source.addEventListener("logout", function () { location.href = "/login"; });
})();

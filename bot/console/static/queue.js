// The queue, live: the server pushes the re-rendered (already escaped) list over SSE
// whenever the database changes; we swap it in, keep "waiting" times fresh, and alert
// (notification / sound, if the counsellor turned them on) for new immediate handoffs.
(function () {
  "use strict";
  var queue = document.getElementById("queue");
  var count = document.getElementById("queue-count");
  var live = document.getElementById("live-status");
  var alertsButton = document.getElementById("enable-alerts");
  var soundToggle = document.getElementById("sound-toggle");
  var seen = {};
  document.querySelectorAll("[data-reference]").forEach(function (el) { seen[el.dataset.reference] = true; });

  soundToggle.checked = localStorage.getItem("helpline-sound") === "on";
  soundToggle.addEventListener("change", function () {
    localStorage.setItem("helpline-sound", soundToggle.checked ? "on" : "off");
  });
  function refreshAlertsButton() {
    if (!("Notification" in window)) { alertsButton.hidden = true; return; }
    if (Notification.permission === "granted") { alertsButton.textContent = "Desktop alerts are on"; alertsButton.disabled = true; }
    if (Notification.permission === "denied") { alertsButton.textContent = "Desktop alerts are blocked in this browser"; alertsButton.disabled = true; }
  }
  alertsButton.addEventListener("click", function () {
    Notification.requestPermission().then(refreshAlertsButton);
  });
  refreshAlertsButton();

  function beep() {
    try {
      var ctx = new (window.AudioContext || window.webkitAudioContext)();
      var osc = ctx.createOscillator(); osc.frequency.value = 880; osc.connect(ctx.destination);
      osc.start(); osc.stop(ctx.currentTime + 0.4);
    } catch (e) { /* no audio: the notification and the list still show it */ }
  }
  function alertImmediate(item) {
    var text = item.age + ", " + item.location + " – " + item.language;
    if ("Notification" in window && Notification.permission === "granted") {
      var n = new Notification("IMMEDIATE handoff " + item.reference, { body: text, tag: item.reference, requireInteraction: true });
      n.onclick = function () { window.focus(); location.href = "/handoffs/" + encodeURIComponent(item.reference); };
    }
    if (soundToggle.checked) beep();
  }

  function waitingText(since) {
    var minutes = Math.max(0, Math.floor((Date.now() - Date.parse(since)) / 60000));
    if (minutes < 1) return "under 1 min";
    if (minutes < 60) return minutes + " min";
    var hours = Math.floor(minutes / 60); minutes = minutes % 60;
    if (hours < 24) return hours + " h " + String(minutes).padStart(2, "0") + " min";
    return Math.floor(hours / 24) + " d " + (hours % 24) + " h";
  }
  function tick() {
    queue.querySelectorAll(".waiting[data-since]").forEach(function (el) { el.textContent = waitingText(el.dataset.since); });
  }
  setInterval(tick, 20000);

  var source = new EventSource("/queue/events");
  source.addEventListener("queue", function (event) {
    var data = JSON.parse(event.data);
    queue.innerHTML = data.html;  // rendered and escaped by the server's templates
    count.textContent = data.count;
    data.items.forEach(function (item) {
      if (!seen[item.reference] && item.urgency === "immediate" && item.status === "waiting") alertImmediate(item);
      seen[item.reference] = true;
    });
    live.textContent = "Updated " + new Date().toLocaleTimeString();
  });
  source.addEventListener("logout", function () { location.href = "/login"; });
  source.onerror = function () { live.textContent = "Connection lost – reconnecting…"; };
})();

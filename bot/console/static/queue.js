// The queue, live: the server pushes the re-rendered (already escaped) list over SSE
// whenever the database changes; we swap it in, keep "waiting" times fresh, and show who
// is online. The danger alert (banner, and notification / sound if the counsellor turned
// them on here) is alerts.js, fed by the same stream.
(function () {
  "use strict";
  var queue = document.getElementById("queue");
  var count = document.getElementById("queue-count");
  var live = document.getElementById("live-status");
  var alertsButton = document.getElementById("enable-alerts");
  var soundToggle = document.getElementById("sound-toggle");
  var online = document.getElementById("online");
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
    live.textContent = "Updated " + new Date().toLocaleTimeString();
  });
  source.addEventListener("presence", function (event) {
    if (online) online.innerHTML = JSON.parse(event.data).html;  // rendered and escaped by the server's templates
  });
  if (window.HelplineAlerts) window.HelplineAlerts.attach(source);
  source.addEventListener("logout", function () { location.href = "/login"; });
  source.onerror = function () { live.textContent = "Connection lost – reconnecting…"; };
})();

// The danger alert, on every live console page (queue and handoff): the page's live stream
// sends "immediate" events listing the open immediate handoffs; each one that was not
// immediate when the page was made (a new danger handoff, or urgency raised) gets a banner
// in #danger-alerts (role="alert", so screen readers announce it), plus the desktop
// notification and sound if the counsellor turned them on (queue page controls).
// Everything shown is set with textContent: never HTML from the server.
(function () {
  "use strict";
  var box = document.getElementById("danger-alerts");
  var known = {};
  ((box && box.dataset.immediate) || "").split(/\s+/).forEach(function (ref) { if (ref) known[ref] = true; });
  var baseTitle = document.title;

  function beep() {
    try {
      var ctx = new (window.AudioContext || window.webkitAudioContext)();
      var osc = ctx.createOscillator(); osc.frequency.value = 880; osc.connect(ctx.destination);
      osc.start(); osc.stop(ctx.currentTime + 0.4);
    } catch (e) { /* no audio: the banner and the notification still show it */ }
  }
  function details(item) {
    var text = item.age + ", " + item.location;
    if (item.moving_to) text += ", being taken to " + item.moving_to;
    return text + " – " + item.language + " – " + item.who;
  }
  function notify(item) {
    if ("Notification" in window && Notification.permission === "granted") {
      try {
        var n = new Notification("IMMEDIATE handoff " + item.reference,
          { body: (item.reasons.length ? item.reasons.join("; ") + ". " : "") + details(item), tag: item.reference, requireInteraction: true });
        n.onclick = function () { window.focus(); location.href = "/handoffs/" + encodeURIComponent(item.reference); };
      } catch (e) { /* notifications unavailable here: the banner shows it */ }
    }
    var sound = false;
    try { sound = localStorage.getItem("helpline-sound") === "on"; } catch (e) { /* storage blocked */ }
    if (sound) beep();
  }
  function retitle() {
    document.title = box.children.length ? "⚠ IMMEDIATE – " + baseTitle : baseTitle;
  }
  function banner(item) {
    var old = box.querySelector('[data-reference="' + item.reference + '"]');
    if (old) old.remove();
    var el = document.createElement("div");
    el.className = "alert danger"; el.dataset.reference = item.reference;
    var head = document.createElement("p");
    var strong = document.createElement("strong");
    strong.textContent = "⚠ IMMEDIATE – child at risk now: " + item.reference;
    head.appendChild(strong);
    if (item.reasons.length) head.appendChild(document.createTextNode(" (" + item.reasons.join("; ") + ")"));
    var body = document.createElement("p"); body.textContent = details(item);
    var actions = document.createElement("p");
    var link = document.createElement("a");
    link.href = "/handoffs/" + encodeURIComponent(item.reference); link.textContent = "Open " + item.reference;
    var dismiss = document.createElement("button");
    dismiss.type = "button"; dismiss.className = "secondary"; dismiss.textContent = "Dismiss this alert";
    dismiss.addEventListener("click", function () { el.remove(); retitle(); });
    actions.append(link, " ", dismiss);
    el.append(head, body, actions);
    box.appendChild(el);
    retitle();
  }

  window.HelplineAlerts = {
    attach: function (source) {
      if (!box || !source) return;
      source.addEventListener("immediate", function (event) {
        var data = JSON.parse(event.data);
        var now = {};
        data.items.forEach(function (item) {
          now[item.reference] = true;
          if (!known[item.reference]) { banner(item); notify(item); }
        });
        known = now;
      });
    }
  };
})();

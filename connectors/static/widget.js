/*
 * The helpline chat widget: vanilla JS, no build step.
 *
 *   <link rel="stylesheet" href="/widget.css">
 *   <script src="/widget.js" data-server="http://localhost:5005" defer></script>
 *
 * Optional attributes on the script tag:
 *   data-server      the Rasa server (socket.io on /socket.io); default: this page's origin
 *   data-target      CSS selector of an element to draw the chat into; default: a panel at the end of <body>
 *   data-exit-url    where Quick exit goes; default: neutral.html next to widget.js
 *   data-transports  comma-separated socket.io transports; default "websocket,polling"
 *
 * Speaks Rasa's socket.io protocol (connectors/website.py): session_request / session_confirm,
 * user_uttered / bot_uttered. History lives only in sessionStorage (this tab), never in
 * localStorage or cookies. Message text is always set with textContent; links are built
 * with DOM APIs.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var base = new URL(".", script && script.src ? script.src : location.href);
  var SERVER = (script && script.getAttribute("data-server")) || location.origin;
  var TARGET = script && script.getAttribute("data-target");
  var EXIT_URL = (script && script.getAttribute("data-exit-url")) || new URL("neutral.html", base).href;
  var TRANSPORTS = ((script && script.getAttribute("data-transports")) || "websocket,polling")
    .split(",").map(function (t) { return t.trim(); }).filter(Boolean);
  var STORAGE_KEY = "helpline-chat";
  var HELPLINE_PHONE = "0808 800 5000";
  var HELPLINE_EMAIL = "help@nspcc.org.uk";
  var QUICK_REPLIES = [
    "What are the signs of trafficking?",
    "How do I make an NRM referral?",
    "I'm worried about a child",
    "Talk to a counsellor"
  ];
  var DISCONNECTED_TEXT = "We're having trouble connecting. If a child is in danger call 999. You can also call " + HELPLINE_PHONE + ".";

  /* ---------- storage (sessionStorage only) ---------- */

  function emptyState() {
    return { sessionId: null, noticeAccepted: false, messages: [] };
  }

  function load() {
    try {
      var raw = window.sessionStorage.getItem(STORAGE_KEY);
      var state = raw ? JSON.parse(raw) : null;
      if (state && Array.isArray(state.messages)) return state;
    } catch (e) { /* storage blocked or corrupt: start afresh */ }
    return emptyState();
  }

  var state = load();
  var exiting = false;

  function save() {
    if (exiting) return;
    try { window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(state)); } catch (e) { /* private mode: chat still works */ }
  }

  function newId(prefix) {
    var bytes = new Uint8Array(8);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return prefix + Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  /* ---------- DOM helpers ---------- */

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else if (name === "className") node.className = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  // URLs, e-mail addresses and UK phone numbers (and 999) become links; everything else is text.
  var LINK_PATTERN = new RegExp(
    "(https?:\\/\\/[^\\s<>\"']+[^\\s<>\"'.,;:!?)\\]])" +                      // 1 url
    "|(\\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}\\b)" +               // 2 email
    "|((?:\\+44\\s?(?:\\(0\\)\\s?)?|\\b0)\\d{2,4}[\\s-]?\\d{3,4}[\\s-]?\\d{3,4}\\b)" + // 3 uk phone
    "|(\\b999\\b)",                                                            // 4 emergency
    "g"
  );

  function appendLinkified(parent, text) {
    var last = 0;
    var match;
    LINK_PATTERN.lastIndex = 0;
    while ((match = LINK_PATTERN.exec(text)) !== null) {
      if (match.index > last) parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      var shown = match[0];
      var href;
      if (match[1]) href = shown;
      else if (match[2]) href = "mailto:" + shown;
      else href = "tel:" + shown.replace(/\(0\)/, "").replace(/[^\d+]/g, "");
      var link = el("a", { href: href, text: shown });
      if (match[1]) { link.setAttribute("target", "_blank"); link.setAttribute("rel", "noopener noreferrer"); }
      parent.appendChild(link);
      last = match.index + shown.length;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  /* ---------- Quick exit (GOV.UK "Exit this page" pattern) ---------- */

  var socket = null;

  function quickExit(event) {
    if (event) event.preventDefault();
    exiting = true;
    document.documentElement.classList.add("hl-exiting"); // blanks the screen at once (widget.css)
    var cover = document.createElement("div");
    cover.className = "hl-exit-cover";
    document.body.appendChild(cover);
    document.title = "";
    try { window.sessionStorage.removeItem(STORAGE_KEY); } catch (e) { /* nothing stored */ }
    try { if (socket) socket.disconnect(); } catch (e) { /* already gone */ }
    window.location.replace(EXIT_URL);
  }

  var exitButton = el("a", { href: EXIT_URL, className: "hl-quick-exit", role: "button", "data-hl": "quick-exit" }, [
    el("span", { text: "Quick exit" }),
    el("span", { className: "hl-visually-hidden", text: " (leave this page now; or press Shift 3 times)" })
  ]);
  exitButton.addEventListener("click", quickExit);
  exitButton.addEventListener("keydown", function (e) { if (e.key === " ") quickExit(e); });

  var shiftPresses = [];
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Shift" || e.repeat) return;
    var now = Date.now();
    shiftPresses = shiftPresses.filter(function (t) { return now - t < 5000; });
    shiftPresses.push(now);
    if (shiftPresses.length >= 3) quickExit();
  }, true);

  /* ---------- the chat panel ---------- */

  var log = el("div", { className: "hl-log", role: "log", "aria-live": "polite", "aria-label": "Conversation", tabindex: "0" });
  var banner = el("div", { className: "hl-banner", role: "alert", hidden: "" }, [el("p", { text: DISCONNECTED_TEXT })]);
  var input = el("textarea", { id: "hl-input", className: "hl-input", rows: "2", maxlength: "2000", autocomplete: "off" });
  var inputLabel = el("label", { "for": "hl-input", className: "hl-label", text: "Your message" });
  var sendButton = el("button", { type: "submit", className: "hl-button", text: "Send" });
  var form = el("form", { className: "hl-form", "aria-label": "Send a message" }, [
    inputLabel, el("div", { className: "hl-form-row" }, [input, sendButton])
  ]);
  var quickList = el("ul", { className: "hl-quick-replies", "aria-label": "Common questions" });
  QUICK_REPLIES.forEach(function (question) {
    var b = el("button", { type: "button", className: "hl-chip", text: question });
    b.addEventListener("click", function () { send(question); });
    quickList.appendChild(el("li", {}, [b]));
  });
  // Visual only: screen readers hear the reply itself through the log's live region.
  var typing = el("p", { className: "hl-typing", "aria-hidden": "true", hidden: "", text: "The assistant is typing…" });
  var chat = el("div", { className: "hl-chat", hidden: "" }, [banner, log, typing, quickList, form]);

  var noticeButton = el("button", { type: "button", className: "hl-button", text: "I understand" });
  var notice = el("div", { className: "hl-notice", role: "region", "aria-labelledby": "hl-notice-title" }, [
    el("h3", { id: "hl-notice-title", className: "hl-notice-title", text: "Before you start" }),
    el("ul", {}, [
      el("li", { text: "This chat is with an automated assistant. A counsellor (a person) can join if you ask." }),
      el("li", { text: "This is not an emergency service. If a child is in immediate danger, call 999." }),
      (function () { var li = el("li"); appendLinkified(li, "To talk to someone now, call the helpline on " + HELPLINE_PHONE + " or email " + HELPLINE_EMAIL + "."); return li; })(),
      el("li", { text: "What you type is stored on our server with your conversation so we can reply and improve the service. Please don't include a child's full name or address unless a counsellor asks." }),
      el("li", { text: "This browser keeps the conversation only until you close this tab. Use Quick exit to leave and clear it." })
    ]),
    noticeButton
  ]);

  var panel = el("section", { className: "hl-panel", "aria-labelledby": "hl-title" }, [
    el("h2", { id: "hl-title", className: "hl-title", text: "Chat with the helpline" }),
    notice, chat
  ]);

  /* ---------- rendering ---------- */

  function render(message) {
    if (log.querySelector('[data-id="' + message.id + '"]')) return; // never twice
    var item = el("div", { className: "hl-msg hl-msg--" + message.role, "data-id": message.id });
    if (message.role === "counsellor") {
      item.appendChild(el("p", { className: "hl-who", text: "Counsellor " + (message.name || "") + " (a person)" }));
    } else if (message.role === "bot") {
      item.appendChild(el("p", { className: "hl-who", text: "Assistant (automated)" }));
    } else if (message.role === "user") {
      item.appendChild(el("p", { className: "hl-who", text: "You" }));
    }
    var body = el("p", { className: "hl-text", dir: "auto" });
    appendLinkified(body, message.text || "");
    item.appendChild(body);
    if (message.role === "user") {
      item.appendChild(el("p", { className: "hl-pending", text: "Not sent yet: it will be sent when we reconnect." }));
      item.classList.toggle("hl-msg--unsent", !message.sent);
    }
    (message.buttons || []).length && item.appendChild(renderButtons(message.buttons));
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
  }

  function renderButtons(buttons) {
    var list = el("ul", { className: "hl-quick-replies hl-quick-replies--inline" });
    buttons.forEach(function (button) {
      var b = el("button", { type: "button", className: "hl-chip", dir: "auto", text: button.title });
      b.addEventListener("click", function () { send(button.title, button.payload); });
      list.appendChild(el("li", {}, [b]));
    });
    return list;
  }

  function markSent(message) {
    message.sent = true;
    var item = log.querySelector('[data-id="' + message.id + '"]');
    if (item) item.classList.remove("hl-msg--unsent");
  }

  function add(message) {
    state.messages.push(message);
    save();
    render(message);
  }

  /* ---------- connection ---------- */

  var confirmed = false;

  function setConnected(ok) {
    if (ok) banner.setAttribute("hidden", "");
    else banner.removeAttribute("hidden");
    panel.classList.toggle("hl-offline", !ok);
  }

  function flush() {
    state.messages.forEach(function (m) {
      if (m.role === "user" && !m.sent && confirmed && socket && socket.connected) {
        socket.emit("user_uttered", { message: m.payload || m.text, session_id: state.sessionId, customData: { client_id: m.id } });
        markSent(m);
      }
    });
    save();
  }

  function send(text, payload) {
    text = (text || "").trim();
    if (!text || !state.noticeAccepted) return;
    add({ id: newId("u-"), role: "user", text: text, payload: payload || null, sent: false });
    flush();
  }

  function connect() {
    if (socket || typeof window.io !== "function") return;
    socket = window.io(SERVER, { path: "/socket.io", transports: TRANSPORTS, reconnection: true, reconnectionDelayMax: 5000 });
    socket.on("connect", function () {
      confirmed = false;
      socket.emit("session_request", { session_id: state.sessionId });
    });
    socket.on("session_confirm", function (sessionId) {
      var id = typeof sessionId === "string" ? sessionId : (sessionId && sessionId.session_id);
      if (id) state.sessionId = id;
      confirmed = true;
      setConnected(true);
      save();
      flush();
    });
    socket.on("disconnect", function () { confirmed = false; if (!exiting) setConnected(false); });
    socket.on("connect_error", function () { if (!exiting) setConnected(false); });
    socket.on("bot_uttered", function (data) {
      if (!data || exiting) return;
      var meta = data.metadata || {};
      var buttons = (data.quick_replies || data.buttons || []).filter(function (b) { return b && b.title; })
        .map(function (b) { return { title: String(b.title), payload: b.payload ? String(b.payload) : null }; });
      if (!data.text && !buttons.length) return;
      add({
        id: newId("b-"),
        role: meta.from === "counsellor" ? "counsellor" : "bot",
        name: meta.from === "counsellor" && meta.name ? String(meta.name) : null,
        text: data.text ? String(data.text) : "",
        buttons: buttons
      });
    });
    socket.on("bot_typing", function (data) {
      if (data && data.typing) typing.removeAttribute("hidden"); else typing.setAttribute("hidden", "");
    });
    socket.on("handoff_status", function (data) {
      if (!data) return;
      var text = data.status === "counsellor"
        ? "You're now talking to " + (data.name ? data.name + ", " : "") + "a counsellor (a person)."
        : "The counsellor has left. You're talking to the automated assistant again.";
      add({ id: newId("s-"), role: "status", text: text });
    });
  }

  function loadClient(done) {
    if (typeof window.io === "function") return done();
    var tag = document.createElement("script");
    tag.src = new URL("vendor/socket.io.min.js", base).href;
    tag.onload = done;
    tag.onerror = function () { setConnected(false); };
    document.head.appendChild(tag);
  }

  function startChat() {
    notice.setAttribute("hidden", "");
    chat.removeAttribute("hidden");
    state.messages.forEach(render);
    loadClient(connect);
  }

  noticeButton.addEventListener("click", function () {
    state.noticeAccepted = true;
    save();
    startChat();
    input.focus();
  });

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value;
    input.value = "";
    send(text);
    input.focus();
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit")); }
  });

  function mount() {
    document.body.insertBefore(exitButton, document.body.firstChild); // the first tab stop
    var target = TARGET && document.querySelector(TARGET);
    (target || document.body).appendChild(panel);
    if (!target) panel.classList.add("hl-panel--floating");
    if (state.noticeAccepted) startChat();
  }

  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);

  window.HelplineWidget = { quickExit: quickExit, socket: function () { return socket; } };
})();

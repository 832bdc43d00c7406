/* The resident web chat widget.
 *
 * Talks to Rasa's socket.io channel (bot/channels/webchat.py): `session_request` →
 * `session_confirm`, then `user_uttered` / `bot_uttered`. The server issues the
 * conversation id with a token; only a browser holding both can resume the conversation.
 * They and the messages on screen are kept in sessionStorage, so a reload carries on the
 * same conversation (and closing the tab forgets it — kinder on a shared computer). When
 * the connection drops the page says so, keeps what the resident types, and reconnects by
 * itself; if socket.io cannot connect at all, messages go through Rasa's REST channel.
 * A message longer than the bot reads in one go (data-max-chars) is not sent: the page
 * says why and keeps it in the box.
 */
(function () {
  "use strict";

  var STORE_KEY = "intake.webchat.v1";
  var MAX_KEPT = 200;
  var REST_AFTER_FAILURES = 3;
  var REFERENCE = /\b(?:CMP|SR|ASB|COM|ENQ|EMG|OOS|SVY|[A-Z]{2,4})-\d{4}-\d{3,}\b/;

  var chat = document.getElementById("chat");
  var rasaUrl = chat.getAttribute("data-rasa-url");
  var socketPath = chat.getAttribute("data-socketio-path");
  var maxChars = parseInt(chat.getAttribute("data-max-chars"), 10) || 4000;
  var log = document.getElementById("log");
  var statusEl = document.getElementById("status");
  var typing = document.getElementById("typing");
  var choices = document.getElementById("choices");
  var choiceButtons = choices.querySelector(".choices-buttons");
  var referenceBox = document.getElementById("reference");
  var referenceNumber = document.getElementById("reference-number");
  var form = document.getElementById("composer");
  var input = document.getElementById("message");
  var restart = document.getElementById("restart");
  var counter = document.getElementById("message-count");
  var fieldError = document.getElementById("message-error");
  var reducedMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  var announcer = document.createElement("div");
  announcer.className = "visually-hidden";
  announcer.setAttribute("aria-live", "polite");
  announcer.setAttribute("aria-atomic", "false");
  announcer.id = "announcer";
  document.body.appendChild(announcer);

  var state = load();
  var socket = null;
  var ready = false;          // connected and joined our conversation
  var failures = 0;           // connection attempts that failed in a row
  var queue = [];             // messages typed while offline
  var typingTimer = null;

  function newSessionId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function load() {
    try {
      var saved = JSON.parse(window.sessionStorage.getItem(STORE_KEY) || "null");
      if (saved && typeof saved === "object" && Array.isArray(saved.log)) {
        saved.sessionId = typeof saved.sessionId === "string" ? saved.sessionId : null;
        saved.sessionToken = typeof saved.sessionToken === "string" ? saved.sessionToken : null;
        saved.log = Array.isArray(saved.log) ? saved.log : [];
        saved.choices = Array.isArray(saved.choices) ? saved.choices : [];
        return saved;
      }
    } catch (e) { /* storage unavailable or corrupt: start afresh */ }
    return freshState();
  }

  function freshState() {
    // The server chooses the conversation id (and its token) when the socket connects.
    return { sessionId: null, sessionToken: null, log: [], choices: [], reference: null };
  }

  function sessionRequest() {
    return state.sessionId && state.sessionToken
      ? { session_id: state.sessionId, session_token: state.sessionToken } : {};
  }

  function save() {
    state.log = state.log.slice(-MAX_KEPT);
    try { window.sessionStorage.setItem(STORE_KEY, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }

  // ---- showing things ------------------------------------------------------------

  function setStatus(text, offline) {
    statusEl.textContent = text;
    statusEl.classList.toggle("is-offline", !!offline);
  }

  function announce(text) {
    var p = document.createElement("p");
    p.textContent = text;
    announcer.appendChild(p);
    while (announcer.childNodes.length > 5) { announcer.removeChild(announcer.firstChild); }
  }

  function appendText(parent, text) {
    // Links for web addresses; everything else as plain text (never as HTML).
    var pattern = /(https?:\/\/[^\s<]+[^\s<.,;:!?)]|www\.[^\s<]+[^\s<.,;:!?)])/g;
    var last = 0;
    var match;
    while ((match = pattern.exec(text)) !== null) {
      parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      var a = document.createElement("a");
      a.href = match[0].indexOf("http") === 0 ? match[0] : "https://" + match[0];
      a.rel = "noopener noreferrer";
      a.textContent = match[0];
      parent.appendChild(a);
      last = match.index + match[0].length;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function render(entry) {
    var li = document.createElement("li");
    li.className = "msg msg-" + entry.who;
    var label = document.createElement("span");
    label.className = "visually-hidden";
    label.textContent = entry.who === "user" ? "You said: " : entry.who === "bot" ? "We said: " : "";
    var body = document.createElement("span");
    body.className = "text";
    appendText(body, entry.text);
    li.appendChild(label);
    li.appendChild(body);
    log.appendChild(li);
    return li;
  }

  function scrollToLatest() {
    form.scrollIntoView({ block: "end", behavior: reducedMotion ? "auto" : "smooth" });
  }

  function addMessage(who, text) {
    var entry = { who: who, text: text };
    state.log.push(entry);
    save();
    render(entry);
    if (who === "bot") { announce("We said: " + text); }
    if (who === "note") { announce(text); }
    scrollToLatest();
  }

  function showChoices(buttons) {
    state.choices = buttons || [];
    save();
    choiceButtons.textContent = "";
    if (!state.choices.length) { choices.hidden = true; return; }
    state.choices.forEach(function (button) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "button choice";
      b.textContent = button.title;
      b.addEventListener("click", function () {
        send(button.title, button.payload || button.title);
        input.focus();
      });
      choiceButtons.appendChild(b);
    });
    choices.hidden = false;
  }

  function showReference(reference) {
    if (!reference || state.reference === reference && !referenceBox.hidden) { return; }
    state.reference = reference;
    save();
    referenceNumber.textContent = reference;
    referenceBox.hidden = false;
    announce("Your reference number is " + reference.split("").join(" ") + ".");
  }

  function setTyping(on) {
    typing.hidden = !on;
    window.clearTimeout(typingTimer);
    if (on) { typingTimer = window.setTimeout(function () { typing.hidden = true; }, 20000); }
  }

  // ---- the bot's messages ----------------------------------------------------------

  function receive(message) {
    if (!message || typeof message !== "object") { return; }
    setTyping(false);
    if (typeof message.text === "string" && message.text.trim()) {
      addMessage("bot", message.text);
      var found = message.text.match(REFERENCE);
      if (found) { showReference(found[0]); }
    }
    var attachment = message.attachment;
    if (attachment && attachment.type === "image" && attachment.payload && attachment.payload.src) {
      addMessage("bot", attachment.payload.src);
    }
    var buttons = message.quick_replies || message.buttons;
    if (Array.isArray(buttons) && buttons.length) {
      showChoices(buttons.filter(function (b) { return b && b.title; })
        .map(function (b) { return { title: String(b.title), payload: String(b.payload || b.title) }; }));
    }
  }

  // ---- sending -----------------------------------------------------------------

  function send(text, payload) {
    text = text.trim();
    if (!text) { return; }
    showChoices([]);
    addMessage("user", text);
    deliver(payload || text);
  }

  function deliver(message) {
    if (ready) {
      socket.emit("user_uttered", { message: message });
      setTyping(true);
    } else if (failures >= REST_AFTER_FAILURES) {
      sendByRest(message);
    } else {
      queue.push(message);
      addMessage("note", "We'll send this as soon as we're connected again.");
    }
  }

  function sendByRest(message) {
    setTyping(true);
    if (!state.sessionId) {
      state.sessionId = newSessionId();
      save();
    }
    var body = { sender: state.sessionId, message: message };
    if (state.sessionToken) { body.session_token = state.sessionToken; }
    window.fetch(rasaUrl + "/webhooks/rest/webhook", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body)
    }).then(function (response) {
      if (response.status === 413 || response.status === 429) {
        // Refused for its size or for coming too fast: the answer says so; not retried.
        return response.json().then(function (answer) {
          return [{ text: answer && answer.detail ? String(answer.detail) : "" }];
        });
      }
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    }).then(function (messages) {
      (messages || []).forEach(receive);
      setTyping(false);
    }).catch(function () {
      setTyping(false);
      queue.push(message);
      addMessage("note", "We couldn't send that yet. We'll keep trying and send it when we're connected.");
    });
  }

  function flush() {
    var pending = queue;
    queue = [];
    pending.forEach(deliver);
  }

  // ---- the connection ------------------------------------------------------------

  function connect() {
    if (typeof window.io !== "function") {
      failures = REST_AFTER_FAILURES;
      setStatus("Connected (basic mode).", false);
      return;
    }
    socket = window.io(rasaUrl, {
      path: socketPath,
      reconnection: true,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10000,
      timeout: 10000
    });
    socket.on("connect", function () {
      socket.emit("session_request", sessionRequest());
    });
    socket.on("session_confirm", function (session) {
      if (session && typeof session.session_id === "string" && typeof session.session_token === "string") {
        state.sessionId = session.session_id;
        state.sessionToken = session.session_token;
        save();
      }
      var wasOffline = statusEl.classList.contains("is-offline");
      ready = true;
      failures = 0;
      setStatus(wasOffline ? "Connected again. You can carry on." : "Connected. You can type your message below.", false);
      flush();
    });
    socket.on("bot_uttered", receive);
    socket.on("disconnect", function () {
      ready = false;
      setTyping(false);
      setStatus("We've lost the connection. We're trying to reconnect. Your conversation is saved.", true);
    });
    socket.on("connect_error", function () {
      ready = false;
      failures += 1;
      setStatus("We can't connect at the moment. We'll keep trying. Your conversation is saved.", true);
      if (failures === REST_AFTER_FAILURES && queue.length) { flush(); }
    });
  }

  function startAgain() {
    if (!window.confirm("Start a new conversation? This clears the messages on this screen.")) { return; }
    try { window.sessionStorage.removeItem(STORE_KEY); } catch (e) { /* ignore */ }
    state = freshState();
    save();
    while (log.children.length > 1) { log.removeChild(log.lastChild); }
    showChoices([]);
    referenceBox.hidden = true;
    referenceNumber.textContent = "";
    if (socket && socket.connected) {
      ready = false;
      socket.emit("session_request", {});
    }
    announce("New conversation started.");
    input.focus();
  }

  // ---- wiring --------------------------------------------------------------------

  // ---- the length limit ----------------------------------------------------------

  function formatNumber(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  function tooLongMessage(length) {
    return "Your message is " + formatNumber(length) + " characters long. We can read up to " +
      formatNumber(maxChars) + " at a time. Please send it in shorter parts.";
  }

  var wasOver = false;
  function checkLength() {
    var length = input.value.length;
    var over = length > maxChars;
    counter.hidden = length < maxChars * 0.9;
    counter.textContent = over
      ? formatNumber(length - maxChars) + " characters too many"
      : formatNumber(maxChars - length) + " characters left";
    counter.classList.toggle("is-over", over);
    if (over) {
      input.setAttribute("aria-invalid", "true");
      if (!wasOver) { fieldError.textContent = tooLongMessage(length); }
    } else {
      input.removeAttribute("aria-invalid");
      fieldError.textContent = "";
    }
    wasOver = over;
    return !over;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!checkLength()) {
      // Said again on every attempt, so a screen reader hears why nothing was sent.
      fieldError.textContent = "";
      window.setTimeout(function () { fieldError.textContent = tooLongMessage(input.value.length); }, 50);
      input.focus();
      return;
    }
    var text = input.value;
    input.value = "";
    checkLength();
    send(text);
    input.focus();
  });
  input.addEventListener("input", checkLength);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit", { cancelable: true }));
    }
  });
  restart.addEventListener("click", startAgain);

  // A reload shows the conversation so far, without reading it all out again.
  state.log.forEach(render);
  showChoices(state.choices);
  if (state.reference) {
    referenceNumber.textContent = state.reference;
    referenceBox.hidden = false;
  }
  connect();
}());

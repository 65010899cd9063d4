/* Outreach on the phone: small enhancements on top of plain HTML forms.
   - a visit, a new household (with its consents), a profile or a first contact saved
     without a connection waits in an outbox on the phone
     ("waiting to send") and is sent when the connection returns, with the same client UUID,
     so the server keeps it exactly once however often it is resent; once sent, the phone
     says so ("sent");
   - kept pages leave the phone at every logout; drafts stay for the same person across
     logins, unless the phone is marked shared at login; another person's login removes them;
   - in the visit form, rows for another wish, check or follow-up are added on the phone, and
     a question shows only when it applies;
   - drafts: what is typed in a form is kept on the phone until it is sent;
   - one tap on save sends once; a second tap does nothing;
   - the service worker keeps Today and household pages readable offline;
   - drafts of households no longer on Today leave the phone; offline, search filters Today;
   - after a failed save the list of errors gets the focus, so it is read out first;
   - the app lock (a peer with a PIN): after the idle time unused, or hidden that long, the
     page is covered and the lock screen opens; the server holds the lock, this only follows
     it (and an open page in use tells the server so);
   - logging out with things not sent yet asks what to do with them first;
   - Today says when the pages on the phone were last brought up to date and what waits,
     by kind, with a button to send now.
   Everything here is optional: without JavaScript the forms post and redirect as usual. */
(function () {
  "use strict";
  var OUTBOX = "outreach-outbox";
  var DRAFT = "outreach-draft:";
  var OWNER = "outreach-owner";  // whose drafts are on the phone
  var SHARED = "outreach-shared-phone";
  var SYNCED_AT = "outreach-synced-at:";  // when the worker last copied my pages, per person
  var SKIP = { csrfmiddlewaretoken: 1, client_uuid: 1 };
  var state = document.getElementById("connection-state");
  var sending = false;
  var sentNow = false;  // something went out since the last sync was asked for
  var loginNeeded = false;  // the login ended: the outbox waits for the next one
  var notices = [];  // said once, on this page: visits the server will never take

  function texts() { return (state && state.dataset) || {}; }

  function read(key, fallback) {
    try { return JSON.parse(localStorage.getItem(key)) || fallback; } catch (e) { return fallback; }
  }
  function write(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* storage full */ }
  }

  function newUuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); });
    return h.slice(0, 4).join("") + "-" + h.slice(4, 6).join("") + "-" + h.slice(6, 8).join("") +
      "-" + h.slice(8, 10).join("") + "-" + h.slice(10).join("");
  }

  function csrfCookie() {
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : null;
  }

  function fieldsOf(form, submitter) {
    var pairs = [];
    new FormData(form).forEach(function (value, name) { pairs.push([name, String(value)]); });
    // The button tapped says something too ("save anyway").
    if (submitter && submitter.name) { pairs.push([submitter.name, submitter.value]); }
    return pairs;
  }

  /* Outbox: each visit waits for the person who logged it, and is sent with their login. */
  function mine() {
    // (An item from before visits were tagged with their person belongs to whoever logs in.)
    return read(OUTBOX, []).filter(function (item) {
      return !item.user || item.user === texts().user;
    });
  }

  function showOutbox() {
    var items = mine();
    var box = document.getElementById("outbox");
    if (box) {
      var list = box.querySelector("ul");
      list.textContent = "";
      items.forEach(function (item) {
        var li = document.createElement("li");
        li.textContent = (texts().waiting || "Waiting to send") + ": " + item.label;
        list.appendChild(li);
      });
      box.hidden = items.length === 0;
    }
    if (state) {
      var lines = notices.slice();
      if (!navigator.onLine) { lines.push(texts().offline); }
      if (items.length) { lines.push((texts().waiting || "") + ": " + items.length); }
      if (items.length && loginNeeded) { lines.push(texts().login); }
      state.textContent = lines.join(" ");
      state.hidden = lines.length === 0;
    }
    showSyncState(items);
  }

  /* What is on the phone: when it was last brought up to date, and what waits, by kind. */
  function kindOf(item) {
    var path = (item.action || "").replace(/^https?:\/\/[^/]+/, "");
    if (/^\/households\/new\/$/.test(path)) { return "household"; }
    if (/^\/households\/first-contact\/$/.test(path)) { return "firstContact"; }
    if (/\/visit\/$/.test(path)) { return "visit"; }
    if (/\/profile\/$/.test(path)) { return "profile"; }
    return "other";
  }

  function showSyncState(items) {
    var box = document.getElementById("sync-state");
    if (!box) { return; }
    var words = box.dataset;
    var at = Number(localStorage.getItem(SYNCED_AT + texts().user)) || 0;
    var time = at ? new Date(at).toLocaleString(document.documentElement.lang || undefined, {
      day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" }) : "";
    box.querySelector("[data-sync-line]").textContent =
      at ? words.synced.replace("{time}", time) : words.never;
    var counts = {};
    var order = [];
    items.forEach(function (item) {
      var kind = kindOf(item);
      if (!counts[kind]) { counts[kind] = 0; order.push(kind); }
      counts[kind] += 1;
    });
    var parts = order.map(function (kind) {
      var names = (words[kind] || words.other).split("|");
      return counts[kind] + " " + (counts[kind] === 1 ? names[0] : names[1]);
    });
    box.querySelector("[data-waiting-line]").textContent =
      parts.length ? words.waiting.replace("{what}", parts.join(", ")) : words.nothing;
    box.querySelector("[data-send-now]").hidden = !parts.length || !navigator.onLine;
    box.hidden = false;
  }

  function askWorkerToSync() {
    if (!("serviceWorker" in navigator)) { return; }
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) { registration.active.postMessage({ type: "sync" }); }
    });
  }

  function tellWorker(message) {
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage(message);
    }
  }

  function labelOf(form) {
    var label = form.dataset.label || form.dataset.household || "";
    var named = form.dataset.labelField && form.elements[form.dataset.labelField];
    return named && named.value ? label + " " + named.value : label;
  }

  function queue(form, submitter) {
    var items = read(OUTBOX, []);
    var fields = fieldsOf(form, submitter);
    var uuid = (fields.filter(function (p) { return p[0] === "client_uuid"; })[0] || [])[1];
    if (!items.some(function (item) { return item.uuid === uuid; })) {
      items.push({ uuid: uuid, user: texts().user, action: form.action,
                   draft: form.dataset.draft || "",
                   label: labelOf(form), fields: fields,
                   savedAt: new Date().toISOString() });
      write(OUTBOX, items);
    }
    clearDraft(form);
    showOutbox();
  }

  function send(item) {
    var body = new URLSearchParams();
    var token = csrfCookie();
    item.fields.forEach(function (p) {
      body.append(p[0], p[0] === "csrfmiddlewaretoken" && token ? token : p[1]);
    });
    // The redirect after saving is not followed: that would download the household page for
    // nothing, and its "saved" message is left for the next page the peer opens.
    return fetch(item.action, { method: "POST", body: body, credentials: "same-origin",
                                redirect: "manual", headers: { "X-Outreach-Client": "outbox" } });
  }

  function flush() {
    if (sending || !navigator.onLine || !texts().user) { return Promise.resolve(); }
    var items = mine();
    if (!items.length) { return Promise.resolve(); }
    sending = true;
    var item = items[0];
    return send(item).then(function (response) {
      if (response.status === 423) { lockNow(); }
      var rest = read(OUTBOX, []).filter(function (other) { return other.uuid !== item.uuid; });
      loginNeeded = response.status === 401;
      if (response.type === "opaqueredirect" || response.ok) {
        notices.push((texts().sent || "Sent") + ": " + item.label);
        write(OUTBOX, rest);
        sentNow = true;
      } else if (response.status === 400) {
        // Not accepted as it is: back to a draft of its form, so nothing typed is lost.
        if (item.draft) { write(DRAFT + item.draft, item.fields); }
        notices.push((texts().fix || "Not sent") + ": " + item.label);
        write(OUTBOX, rest);
      } else if (response.status === 404) {
        // The case was closed or went to someone else: its data leaves this phone.
        notices.push((texts().gone || "Not sent") + ": " + item.label);
        write(OUTBOX, rest);
      } else {
        // 401 (log in again), 403 (an old form), 5xx: it stays and is tried again later.
        throw new Error("not sent: " + response.status);
      }
      sending = false;
      showOutbox();
      if (sentNow && !mine().length && document.getElementById("sync-state")) {
        // Everything went out: bring the kept pages up to date with it.
        sentNow = false;
        askWorkerToSync();
      }
      return flush();
    }).catch(function () { sending = false; showOutbox(); });
  }

  /* Drafts */
  function saveDraft(form) {
    write(DRAFT + form.dataset.draft, fieldsOf(form).filter(function (p) { return !SKIP[p[0]]; }));
  }
  function forgetOtherDrafts(list) {
    // Today, unfiltered, names every household of mine: what I typed for any other (a case
    // closed or reassigned) leaves the phone, like its pages do (sw.js).
    var mine = {};
    list.getAttribute("data-my-households").split(" ").forEach(function (id) { mine[id] = 1; });
    Object.keys(localStorage).forEach(function (key) {
      var id = (key.match(/^outreach-draft:(?:visit|profile)-(\d+)$/) || [])[1];
      if (id && !mine[id]) { localStorage.removeItem(key); }
    });
  }

  function forgetDrafts() {
    Object.keys(localStorage).forEach(function (key) {
      if (key.indexOf(DRAFT) === 0) { localStorage.removeItem(key); }
    });
  }

  function forgetEverything() {
    forgetDrafts();
    tellWorker({ type: "forget-pages" });
  }

  /* The app lock. The server closes the pages after the idle time; here the page follows:
     it is covered at the same moment (also while it sat in the background), the worker is
     told not to show kept pages any more, and the lock screen is opened. Offline the lock
     screen cannot check the PIN: the page stays covered until there is a connection. */
  var lastUse = Date.now();
  var lastAlive = Date.now();
  var locking = false;

  function lockIdleMs() { return (Number(texts().lockIdle) || 0) * 1000; }

  function goToUnlock() {
    var here = window.location.pathname + window.location.search;
    window.location.href = texts().unlockUrl + "?next=" + encodeURIComponent(here);
  }

  function lockNow() {
    if (locking || !texts().unlockUrl) { return; }
    locking = true;
    document.documentElement.classList.add("locked");
    tellWorker({ type: "lock" });
    if (!navigator.onLine) {
      var cover = document.createElement("p");
      cover.className = "lock-cover";
      cover.setAttribute("role", "alert");
      cover.textContent = texts().lockedOffline;
      document.body.appendChild(cover);
      window.addEventListener("online", goToUnlock);
      return;
    }
    var token = csrfCookie();
    fetch(texts().lockUrl, { method: "POST", credentials: "same-origin",
                             headers: { "X-Outreach-Client": "lock", "X-CSRFToken": token || "" } })
      .catch(function () { /* the server locks by itself after the idle time */ })
      .then(goToUnlock);
  }

  function used() {
    lastUse = Date.now();
    // Now and then the server hears that the page is in use: typing a long note without
    // a request must not close the pages under the peer's fingers.
    if (navigator.onLine && Date.now() - lastAlive > lockIdleMs() / 3) {
      lastAlive = Date.now();
      fetch(texts().aliveUrl, { credentials: "same-origin",
                                headers: { "X-Outreach-Client": "alive" } })
        .then(function (response) { if (response.status === 423) { lockNow(); } })
        .catch(function () { /* offline */ });
    }
  }

  function checkLock() {
    if (Date.now() - lastUse >= lockIdleMs()) { lockNow(); }
  }

  function startLock() {
    if (!lockIdleMs() || document.querySelector("form[data-unlock]")) { return; }
    ["pointerdown", "keydown", "input", "scroll"].forEach(function (name) {
      document.addEventListener(name, used, { passive: true });
    });
    // A background tab's timers are slowed down: it is checked again when it shows.
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") { checkLock(); }
    });
    window.addEventListener("pageshow", function (event) {
      // Back to a page from the browser's memory: ask the server again, which may lock.
      if (event.persisted) { window.location.reload(); }
    });
    window.setInterval(checkLock, Math.min(lockIdleMs() / 4, 15000));
  }

  /* Logging out with things not sent yet: they are not thrown away without asking. */
  function checkBeforeLogout(form) {
    var box = document.getElementById("logout-check");
    var confirmed = false;
    function logOut(drop) {
      if (drop) {
        var others = read(OUTBOX, []).filter(function (item) {
          return item.user && item.user !== texts().user;
        });
        write(OUTBOX, others);
      }
      confirmed = true;
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    }
    form.addEventListener("submit", function (event) {
      var count = mine().length;
      if (confirmed || !count || !box || !navigator.onLine) { return; }
      event.preventDefault();
      event.stopImmediatePropagation();
      box.querySelector("#logout-check-text").textContent =
        count === 1 ? box.dataset.one : box.dataset.many.replace("{count}", count);
      box.hidden = false;
      box.querySelector("button").focus();
    });
    Array.prototype.forEach.call(box ? box.querySelectorAll("[data-logout-choice]") : [],
      function (button) {
        button.addEventListener("click", function () {
          var choice = button.dataset.logoutChoice;
          if (choice === "send") {
            box.hidden = true;
            flush().then(function () { if (!mine().length) { logOut(false); } });
          } else {
            logOut(choice === "drop");
          }
        });
      });
  }

  function tellWorkerShared() {
    if (!("serviceWorker" in navigator)) { return; }
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) {
        registration.active.postMessage({ type: "phone",
                                          shared: localStorage.getItem(SHARED) === "yes" });
      }
    });
  }

  function rememberShared(form) {
    // "This phone is shared": asked at login, only where pages can be kept on the phone.
    var box = form.querySelector("[data-shared-phone]");
    if (!box || !("serviceWorker" in navigator)) { return; }
    var help = document.getElementById(box.getAttribute("aria-describedby"));
    box.parentNode.hidden = false;
    if (help) { help.hidden = false; }
    box.checked = localStorage.getItem(SHARED) === "yes";
    form.addEventListener("submit", function () {
      if (box.checked) { localStorage.setItem(SHARED, "yes"); } else { localStorage.removeItem(SHARED); }
    });
  }

  function searchOffline(form) {
    // Without a connection the server cannot search: filter the kept list on the phone.
    form.addEventListener("submit", function (event) {
      if (navigator.onLine) { return; }
      event.preventDefault();
      var words = form.elements.q.value.trim().toLowerCase();
      Array.prototype.forEach.call(document.querySelectorAll("[data-household-list] > li"),
        function (card) { card.hidden = card.textContent.toLowerCase().indexOf(words) === -1; });
    });
  }

  /* Rows of new wishes, checks and follow-ups: another row is a copy of the first, emptied
     and numbered on; the server takes as many rows as it is sent. */
  function rowNumbers(form, prefix) {
    var numbers = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      var match = el.name && el.name.match(new RegExp("^" + prefix + "-(\\d+)-"));
      if (match) { numbers.push(Number(match[1])); }
    });
    return numbers;
  }

  var NUMBERED = ["name", "id", "for", "aria-describedby", "data-show-when"];

  function addRow(form, prefix) {
    var rows = form.querySelector('[data-rows="' + prefix + '"]');
    var first = rows && rows.querySelector("[data-row]");
    if (!first) { return null; }
    var numbers = rowNumbers(form, prefix);
    var from = new RegExp("(^|_)" + prefix + "-" + Math.min.apply(null, numbers) + "-", "g");
    var to = "$1" + prefix + "-" + (Math.max.apply(null, numbers) + 1) + "-";
    var row = first.cloneNode(true);
    Array.prototype.forEach.call(row.querySelectorAll(".errorlist"), function (el) {
      el.parentNode.removeChild(el);
    });
    Array.prototype.forEach.call(row.querySelectorAll("*"), function (el) {
      NUMBERED.forEach(function (name) {
        if (el.hasAttribute(name)) { el.setAttribute(name, el.getAttribute(name).replace(from, to)); }
      });
      el.removeAttribute("aria-invalid");
      el.removeAttribute("data-watched");
      if (el.type === "checkbox" || el.type === "radio") { el.checked = false; }
      else if (el.tagName === "SELECT") { el.selectedIndex = 0; }
      else if (el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && el.type !== "date")) {
        el.value = "";
      }
    });
    rows.appendChild(row);
    Array.prototype.forEach.call(row.querySelectorAll("[data-show-when]"), function (part) {
      showWhenItApplies(form, part);
    });
    return row;
  }

  function addRowsFor(form, pairs) {
    // A draft or a refused visit may hold more rows than the page has: add them first.
    pairs.forEach(function (p) {
      var match = p[0].match(/^(wish|check|follow_up)-(\d+)-/);
      if (!match) { return; }
      while (rowNumbers(form, match[1]).indexOf(Number(match[2])) === -1) {
        if (!addRow(form, match[1]) || rowNumbers(form, match[1]).length > 20) { return; }
      }
    });
  }

  function enableRows(form) {
    Array.prototype.forEach.call(form.querySelectorAll("[data-add-row]"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var row = addRow(form, button.dataset.addRow);
        var first = row && row.querySelector("select, input, textarea");
        if (first) { first.focus(); }
      });
    });
  }

  /* A question shown only when it applies (why a provision was not used, health questions
     without that consent): hidden, and not
     sent, for the other answers. Without JavaScript it is always shown; the server refuses
     an answer that does not fit. */
  function showWhenItApplies(form, part) {
    var control = form.elements[part.dataset.showWhen];
    if (!control) { return; }
    var values = part.dataset.showValues.split(" ");
    function apply() {
      // A tick box counts as its value when ticked (the health questions of a new household
      // show only once its consent to them is ticked).
      var value = control.type === "checkbox" ? (control.checked ? control.value : "") :
        control.value;
      var shown = values.indexOf(value) !== -1;
      part.hidden = !shown;
      Array.prototype.forEach.call(part.querySelectorAll("input, select, textarea"),
        function (el) { el.disabled = !shown; });
    }
    if (!part.dataset.watched) {
      part.dataset.watched = "1";
      control.addEventListener("change", apply);
    }
    apply();
  }

  function showWhatApplies(form) {
    Array.prototype.forEach.call(form.querySelectorAll("[data-show-when]"), function (part) {
      showWhenItApplies(form, part);
    });
  }

  function clearDraft(form) {
    if (form.dataset.draft) { localStorage.removeItem(DRAFT + form.dataset.draft); }
  }
  function restoreDraft(form) {
    var pairs = read(DRAFT + form.dataset.draft, null);
    if (!pairs || document.getElementById("error-summary")) { return; }
    addRowsFor(form, pairs);
    var names = {};
    pairs.forEach(function (p) { (names[p[0]] = names[p[0]] || []).push(p[1]); });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || SKIP[el.name] || el.type === "hidden" || !(el.name in names)) {
        if (el.type === "checkbox" && el.name && !SKIP[el.name] && !(el.name in names)) {
          el.checked = false;
        }
        return;
      }
      var values = names[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = values.indexOf(el.value) !== -1;
      } else if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) {
          o.selected = values.indexOf(o.value) !== -1;
        });
      } else {
        el.value = values[0];
      }
    });
  }

  function enhance(form) {
    var uuidField = form.querySelector("input[name=client_uuid]");
    // A page read from the phone's cache carries an old id: every opened form gets a new one,
    // kept by this form for all its resends.
    if (uuidField && !document.getElementById("error-summary")) { uuidField.value = newUuid(); }
    enableRows(form);
    if (form.dataset.draft) {
      restoreDraft(form);
      showWhatApplies(form);
      form.addEventListener("input", function () { saveDraft(form); });
      form.addEventListener("change", function () { saveDraft(form); });
    }
    if (!form.hasAttribute("data-offline-form")) { return; }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (form.dataset.busy) { return; }  // a second tap sends nothing
      form.dataset.busy = "1";
      var submitter = event.submitter;
      var button = submitter || form.querySelector("[data-submit]");
      if (button) { button.setAttribute("aria-disabled", "true"); }
      if (!navigator.onLine) {
        queue(form, submitter);
        window.location.href = "/";
        return;
      }
      var body = new URLSearchParams(fieldsOf(form, submitter));
      // Not following the redirect here leaves the "saved" message for the page it names.
      fetch(form.action, { method: "POST", body: body, credentials: "same-origin",
                           redirect: "manual", headers: { "X-Outreach-Client": "form" } })
        .then(function (response) {
          if (response.type === "opaqueredirect") {
            clearDraft(form);
            window.location.href = form.dataset.next || "/";
          } else if (response.status === 401) {
            // The login ended: it waits on the phone and is sent after logging in.
            queue(form, submitter);
            window.location.href = "/accounts/login/?next=/";
          } else if (response.status === 423) {
            // The app locked meanwhile: it waits on the phone and is sent after the PIN.
            queue(form, submitter);
            lockNow();
          } else if (response.status >= 500) {
            queue(form, submitter);
            window.location.href = "/";
          } else {
            // Not accepted (a field to fix): post it plainly to see the errors; nothing was
            // saved, and the same client UUID keeps a resend harmless.
            if (submitter && submitter.name) {
              var pressed = document.createElement("input");
              pressed.type = "hidden";
              pressed.name = submitter.name;
              pressed.value = submitter.value;
              form.appendChild(pressed);
            }
            HTMLFormElement.prototype.submit.call(form);
          }
        })
        .catch(function () {
          queue(form, submitter);
          window.location.href = "/";
        });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-draft]"), enhance);
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }  // errors are read out first, and are one tab away
    var list = document.querySelector("[data-my-households]");
    if (list) { forgetOtherDrafts(list); }
    var navigation = (performance.getEntriesByType &&
                      performance.getEntriesByType("navigation")[0]) || {};
    if (list && "serviceWorker" in navigator && !(navigation.workerStart > 0)) {
      // This Today came from the network, not through the worker (the first after
      // installing it): the worker syncs now.
      navigator.serviceWorker.ready.then(function (registration) {
        if (registration.active) { registration.active.postMessage({ type: "sync" }); }
      });
    }
    var search = document.querySelector("form[data-search]");
    if (search) { searchOffline(search); }
    Array.prototype.forEach.call(document.querySelectorAll("form[method=post]"), function (form) {
      if (form.hasAttribute("data-offline-form")) { return; }
      // Only a visit waits on the phone; anything else posted offline would end on the
      // browser's error page: say so here instead, and keep the page.
      form.addEventListener("submit", function (event) {
        if (navigator.onLine) { return; }
        event.preventDefault();
        notices = [texts().onlineOnly];
        showOutbox();
      });
    });
    var logout = document.querySelector("form[data-logout]");
    if (logout) {
      checkBeforeLogout(logout);
      logout.addEventListener("submit", function () {
        if (!navigator.onLine) { return; }  // not logged out yet: keep everything
        // The kept household pages leave the phone with every logout: special-category
        // data is not left behind on a phone nobody is logged in on, whoever's phone it is.
        // Drafts (typed, not sent) stay on one's own phone for the next login of the same
        // person; on a shared phone they leave too.
        tellWorker({ type: "lock" });
        if (localStorage.getItem(SHARED) === "yes") { forgetEverything(); } else {
          tellWorker({ type: "forget-pages" });
        }
      });
    }
    var sendNow = document.querySelector("[data-send-now]");
    if (sendNow) { sendNow.addEventListener("click", function () { flush(); }); }
    if (document.querySelector("form[data-unlock]")) { tellWorker({ type: "lock" }); }
    startLock();
    var login = document.querySelector("form[data-login]");
    if (login) { rememberShared(login); }
    var user = texts().user;
    if (user && localStorage.getItem(OWNER) !== user) {
      // Someone else logged in on this phone: what the one before typed goes (and the
      // worker's sync of this Today removes the pages kept for them).
      if (localStorage.getItem(OWNER)) { forgetDrafts(); }
      localStorage.setItem(OWNER, user);
    }
    tellWorkerShared();
    showOutbox();
    flush();
  });
  window.addEventListener("online", function () { showOutbox(); flush(); });
  window.addEventListener("offline", showOutbox);
  var syncs = 0;  // how often the worker has finished copying my households to the phone
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () { /* optional */ });
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "synced") {
        syncs += 1;
        if (event.data.ok && texts().user) {
          localStorage.setItem(SYNCED_AT + texts().user, String(event.data.at || Date.now()));
          showOutbox();
        }
      }
    });
    navigator.serviceWorker.startMessages();
  }
  window.outreachOutbox = { flush: flush, items: function () { return read(OUTBOX, []); },
                            lockNow: lockNow,
                            syncs: function () { return syncs; } };
})();

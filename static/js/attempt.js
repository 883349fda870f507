// The attempt page: autosave with an offline queue, the countdown, ordering controls, Check.
//
// Why not plain hx-post for saves: a save must survive a reload while offline and must never
// let an older answer overwrite a newer one. So every change gets a per-question sequence
// number and is kept in localStorage until the server acknowledges it; the server ignores
// anything older than what it stored. htmx still drives flagging and practice-mode Check.
// A service worker (templates/questions/attempt_sw.js) keeps copies of the question pages, so a
// reload or a move to another question works offline. If the network is still gone when time
// runs out, the answers the server never got can be saved as an encrypted answer file, which
// only the server can read (answer_file.js; an instructor recovers the attempt from it in the admin).
(function () {
  "use strict";

  var root = document.getElementById("attempt");
  if (!root) return;

  var T = JSON.parse(document.getElementById("attempt-i18n").textContent);
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  // Logging in again (in another tab) rotates the CSRF token: prefer the cookie's current one.
  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : csrf;
  }
  var attemptId = root.dataset.attempt;
  var position = String(root.dataset.position || "0");
  // How the answer form reads (set by the question's kind): one | many | order | bool | text.
  var shape = root.dataset.shape || "text";
  var form = document.getElementById("answer-form");
  var statusEl = document.getElementById("save-status");
  var announcer = document.getElementById("time-announcer");
  var locked = root.dataset.locked === "1";
  var PENDING_KEY = "quizlab:pending:" + attemptId;
  var SEQ_KEY = "quizlab:seq:" + attemptId;
  var LATEST_KEY = "quizlab:answers:" + attemptId; // position -> the last answer made on this device
  var UNSENT_KEY = "quizlab:unsent:" + attemptId; // answers the server refused as too late: for the file
  var CLOCK_KEY = "quizlab:clock";

  // --- storage (falls back to memory when localStorage is unavailable) -----------------
  var memory = {};
  function load(key) {
    try {
      return JSON.parse(window.localStorage.getItem(key)) || {};
    } catch (e) {
      return memory[key] || {};
    }
  }
  function keep(key, value) {
    memory[key] = value;
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
    } catch (e) { /* memory copy only */ }
  }

  var pending = load(PENDING_KEY); // position -> {answer, seq, url, at}
  var latest = load(LATEST_KEY);

  // Server clock minus ours. A page rendered now carries a server time later than any seen
  // before; an earlier one is the service worker's offline copy, whose reading is old: then the
  // last good offset stands, and the answers made here since the copy are put back on it.
  var serverNow = Number(root.dataset.serverNowMs);
  var clockSeen = load(CLOCK_KEY);
  var replayed = serverNow <= (clockSeen.seen || 0);
  var offset = replayed ? clockSeen.offset || 0 : serverNow - Date.now();
  function keepClock(seen) {
    keep(CLOCK_KEY, { seen: Math.max(seen, load(CLOCK_KEY).seen || 0), offset: offset });
  }
  if (!replayed) keepClock(serverNow);

  function nextSeq(pos, serverSeq) {
    var seqs = load(SEQ_KEY);
    var next = Math.max(seqs[pos] || 0, serverSeq || 0) + 1;
    seqs[pos] = next;
    keep(SEQ_KEY, seqs);
    return next;
  }

  // --- status line ----------------------------------------------------------------------
  // What the last change did ("Moved to position 2"), kept in front of the save status until
  // the next change: set alone, it would be replaced by "Saving…" before anyone could hear it.
  var note = "";
  function setStatus(kind, text) {
    if (!statusEl) return;
    statusEl.dataset.state = kind;
    statusEl.textContent = note ? note + " · " + text : text;
  }
  function clock(iso) {
    var d = iso ? new Date(iso) : new Date();
    return d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
  }

  // --- reading and restoring the answer on screen --------------------------------------
  function readAnswer() {
    if (!form) return null;
    var values = [];
    form.querySelectorAll('[name="answer"]').forEach(function (el) {
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      values.push(el.value);
    });
    switch (shape) {
      case "one": return values.length ? values[0] : null;
      case "many": return values.length ? values : null;
      case "order": return values;
      case "bool": return values.length ? values[0] === "true" : null;
      default: return values.length && values[0].trim() !== "" ? values[0] : null;
    }
  }

  function showAnswer(answer) {
    if (!form) return;
    if (shape === "one" || shape === "many" || shape === "bool") {
      var chosen = [].concat(answer === null ? [] : answer).map(String);
      form.querySelectorAll('[name="answer"]').forEach(function (el) {
        el.checked = chosen.indexOf(el.value) !== -1;
      });
    } else if (shape === "order" && Array.isArray(answer)) {
      var list = form.querySelector("[data-order-list]");
      answer.forEach(function (id) {
        var item = list.querySelector('[data-id="' + id + '"]');
        if (item) list.appendChild(item);
      });
      markEnds(list);
    } else {
      var input = form.querySelector('[name="answer"]');
      if (input) input.value = answer === null ? "" : answer;
    }
  }

  // "Move up" on the first item and "Move down" on the last do nothing, so they are disabled.
  function markEnds(list) {
    var items = list.children;
    Array.prototype.forEach.call(items, function (item, i) {
      item.querySelector('[data-move="up"]').disabled = i === 0;
      item.querySelector('[data-move="down"]').disabled = i === items.length - 1;
    });
  }

  function isAnswered(answer) {
    return !(answer === null || answer === "" || (Array.isArray(answer) && answer.length === 0));
  }

  function markNav(pos, answered) {
    var cell = document.getElementById("nav-item-" + pos);
    if (!cell) return;
    cell.classList.toggle("answered", answered);
    var state = cell.querySelector(".nav-state");
    if (state) {
      var flagged = cell.classList.contains("flagged");
      state.textContent = ", " + (answered ? T.answered : T.unanswered) + (flagged ? ", ⚑" : "");
    }
  }

  // --- the save queue --------------------------------------------------------------------
  var sending = false;
  var again = false;
  var retryTimer = null;
  var backoff = 1000;
  var waiters = [];

  function queueSave(why) {
    if (locked || !form) return;
    note = typeof why === "string" ? why : "";
    var answer = readAnswer();
    var entry = { answer: answer, seq: nextSeq(position, Number(root.dataset.seq)), url: root.dataset.saveUrl, at: Math.round(Date.now() + offset) };
    pending[position] = entry;
    keep(PENDING_KEY, pending);
    latest[position] = entry;
    keep(LATEST_KEY, latest);
    markNav(position, isAnswered(answer));
    flush();
  }

  function settle() {
    if (Object.keys(pending).length === 0) {
      waiters.splice(0).forEach(function (resolve) { resolve(true); });
    }
  }

  function scheduleRetry(kind, text) {
    setStatus(kind || "offline", text || T.offline);
    if (retryTimer) return;
    retryTimer = window.setTimeout(function () {
      retryTimer = null;
      flush();
    }, backoff);
    backoff = Math.min(backoff * 2, 15000);
  }

  function drop(pos, seq) {
    if (pending[pos] && pending[pos].seq === seq) {
      delete pending[pos];
      keep(PENDING_KEY, pending);
    }
  }

  // The server takes no more answers. Any it never got are kept for the answer file.
  function closed(body) {
    var unsent = load(UNSENT_KEY);
    Object.keys(pending).forEach(function (pos) {
      if (!unsent[pos] || unsent[pos].seq < pending[pos].seq) unsent[pos] = pending[pos];
    });
    keep(UNSENT_KEY, unsent);
    pending = {};
    keep(PENDING_KEY, pending);
    lock();
    setStatus("error", body.error || T.not_saved);
    if (Object.keys(unsent).length && filePanel) offerFile();
    else if (body.redirect) window.setTimeout(function () { window.location.assign(body.redirect); }, 1500);
  }

  function sendOne(pos, entry) {
    return fetch(entry.url, {
      method: "POST",
      credentials: "same-origin",
      // Logged out, the server redirects to the login page: following it would look like success.
      redirect: "manual",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), "Accept": "application/json" },
      body: JSON.stringify({ answer: entry.answer, seq: entry.seq }),
    });
  }

  function flush() {
    if (sending) {
      again = true;
      return;
    }
    var positions = Object.keys(pending);
    if (positions.length === 0) {
      settle();
      return;
    }
    var pos = positions.indexOf(position) !== -1 ? position : positions[0];
    var entry = pending[pos];
    sending = true;
    setStatus("saving", T.saving);
    sendOne(pos, entry)
      .then(function (res) {
        return res.json().catch(function () { return {}; }).then(function (body) { return { res: res, body: body }; });
      })
      .then(function (r) {
        sending = false;
        var res = r.res, body = r.body;
        if (res.ok && body.status) {
          backoff = 1000;
          drop(pos, entry.seq);
          if (body.server_time) {
            offset = body.server_time - Date.now();
            keepClock(body.server_time);
          }
          if (body.status === "stale") setStatus("stale", T.stale); // a newer save (another tab or device) won
          else setStatus("saved", T.saved_at.replace("%s", clock(body.saved_at)));
          if (pos === position) root.dataset.seq = String(Math.max(Number(root.dataset.seq), body.seq || 0));
          flush();
        } else if (res.status === 409) {
          closed(body);
        } else if (res.type === "opaqueredirect" || res.status === 401 || res.status === 403) {
          scheduleRetry("error", T.logged_out); // keep the answer; it is sent once logged in again
        } else if (res.ok || res.status >= 500 || res.status === 429) {
          scheduleRetry();
        } else {
          drop(pos, entry.seq); // 400 / 404: resending cannot help
          setStatus("error", (body.error || T.not_saved));
          flush();
        }
        if (again) {
          again = false;
          flush();
        }
      })
      .catch(function () {
        sending = false;
        scheduleRetry();
      });
  }

  // Resolves true once everything queued is acknowledged, false after `ms` without that.
  function flushed(ms) {
    if (Object.keys(pending).length === 0) return Promise.resolve(true);
    flush();
    return new Promise(function (resolve) {
      waiters.push(resolve);
      window.setTimeout(function () { resolve(Object.keys(pending).length === 0); }, ms);
    });
  }

  function lock() {
    locked = true;
    note = "";
    if (form) form.querySelectorAll("input, button, select, textarea").forEach(function (el) { el.disabled = true; });
    var check = document.getElementById("check-button");
    if (check) check.disabled = true;
  }

  // --- wiring the answer controls ---------------------------------------------------------
  if (form && !locked) {
    var typing = null;
    form.addEventListener("change", function () {
      window.clearTimeout(typing);
      queueSave();
    });
    form.addEventListener("input", function (event) {
      if (event.target.type !== "text") return;
      window.clearTimeout(typing);
      typing = window.setTimeout(queueSave, 700);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("click", function (event) {
      var button = event.target.closest("[data-move]");
      if (!button) return;
      var item = button.closest(".order-item");
      var list = item.parentElement;
      if (button.dataset.move === "up" && item.previousElementSibling) {
        list.insertBefore(item, item.previousElementSibling);
      } else if (button.dataset.move === "down" && item.nextElementSibling) {
        list.insertBefore(item.nextElementSibling, item);
      } else {
        return;
      }
      markEnds(list);
      // At an end the pressed button turns inert; keep focus on the item's other button.
      (button.disabled ? item.querySelector("[data-move]:not(:disabled)") : button).focus();
      var rank = Array.prototype.indexOf.call(list.children, item) + 1;
      queueSave(T.moved_to.replace("%s", rank));
    });
  }
  if (locked) lock();

  // An answer made on this device but not yet acknowledged wins over the server's copy; on an
  // offline copy of the page, so does any answer made here after the copy was taken.
  var mine = replayed ? latest : pending;
  if (form && mine[position] && mine[position].seq > Number(root.dataset.seq)) showAnswer(mine[position].answer);
  Object.keys(mine).forEach(function (pos) { markNav(pos, isAnswered(mine[pos].answer)); });
  window.addEventListener("online", function () {
    backoff = 1000;
    flush();
  });
  window.addEventListener("offline", function () {
    if (Object.keys(pending).length) setStatus("offline", T.offline);
  });
  // Say what the server already holds, so a reload still shows "saved at …".
  if (root.dataset.savedAt && !pending[position] && !replayed) setStatus("saved", T.saved_at.replace("%s", clock(root.dataset.savedAt)));
  flush();

  // --- practice mode: Check grades what is saved, so save first ---------------------------
  var checkButton = document.getElementById("check-button");
  if (checkButton) {
    checkButton.addEventListener("click", function () {
      checkButton.disabled = true;
      flushed(8000).then(function (ok) {
        if (!ok) {
          setStatus("offline", T.check_offline);
          checkButton.disabled = false;
          return;
        }
        window.htmx.ajax("POST", checkButton.dataset.checkUrl, { target: "#feedback", swap: "innerHTML" }).then(function () {
          if (document.querySelector("#feedback .feedback-panel")) lock();
          else checkButton.disabled = false;
        });
      });
    });
  }
  document.body.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRFToken"] = csrfToken();
  });
  document.body.addEventListener("htmx:responseError", function (event) {
    // Our refusals are one short sentence; anything else (an HTML error page) is not shown raw.
    var text = (event.detail.xhr.responseText || "").trim();
    setStatus("error", text && text.length < 300 && text.indexOf("<") === -1 ? text : T.not_saved);
  });

  // --- the countdown ------------------------------------------------------------------------
  var deadline = Number(root.dataset.deadlineMs) || 0;
  var timerEl = document.getElementById("timer");
  var toggle = document.getElementById("timer-toggle");
  var announced = {};
  var expired = false;

  function format(ms) {
    var total = Math.ceil(ms / 1000);
    var h = Math.floor(total / 3600), m = Math.floor((total % 3600) / 60), s = total % 60;
    var mmss = (m < 10 && h ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s;
    return h ? h + ":" + mmss : mmss;
  }

  function announce(text) {
    if (announcer) announcer.textContent = text;
  }

  function timeUp() {
    lock();
    var autosubmit = root.dataset.expiry === "autosubmit";
    announce(autosubmit ? T.time_up : T.time_up_grace);
    setStatus("saving", autosubmit ? T.time_up : T.time_up_grace);
    flushed(4000).then(function (sent) {
      if (sent) return leave();
      // Still unsent: offer the file, and go on as usual if the answers get through after all.
      offerFile();
      new Promise(function (resolve) { waiters.push(resolve); }).then(function () {
        if (Object.keys(load(UNSENT_KEY)).length === 0) leave(); // refused as late: they stay for the file
      });
    });
    function leave() {
      if (!navigator.onLine) {
        window.addEventListener("online", leave, { once: true });
        return;
      }
      if (autosubmit) {
        var f = document.createElement("form");
        f.method = "post";
        f.action = root.dataset.submitUrl;
        var token = document.createElement("input");
        token.type = "hidden";
        token.name = "csrfmiddlewaretoken";
        token.value = csrfToken();
        f.appendChild(token);
        document.body.appendChild(f);
        f.submit();
      } else if (root.dataset.summaryUrl) {
        window.location.assign(root.dataset.summaryUrl);
      }
    }
  }

  function tick() {
    var left = deadline - (Date.now() + offset);
    if (timerEl) timerEl.textContent = format(Math.max(0, left));
    [10, 5, 1].forEach(function (minutes) {
      var mark = minutes * 60000;
      // Announce when the mark is crossed while on the page, never on every second.
      if (!announced[minutes] && left <= mark && left > mark - 15000) {
        announced[minutes] = true;
        announce(minutes === 1 ? T.minute_left : T.minutes_left.replace("%s", minutes));
      } else if (left <= mark - 15000) {
        announced[minutes] = true;
      }
    });
    if (timerEl) timerEl.classList.toggle("timer-low", left <= 60000);
    if (left <= 0 && !expired) {
      expired = true;
      timeUp();
    }
  }

  if (deadline) {
    tick();
    window.setInterval(tick, 500);
    // Browsers hold back timers in background tabs (up to a minute apart); the countdown is
    // recomputed from the deadline, so one tick as the tab comes back shows the true time at once.
    document.addEventListener("visibilitychange", tick);
    window.addEventListener("pageshow", tick);
    window.addEventListener("focus", tick);
  }

  if (toggle && timerEl) {
    var hidden = window.localStorage && window.localStorage.getItem("quizlab:timer-hidden") === "1";
    var applyToggle = function () {
      timerEl.classList.toggle("timer-hidden", hidden);
      toggle.setAttribute("aria-pressed", hidden ? "true" : "false");
      toggle.textContent = hidden ? T.show_timer : T.hide_timer;
    };
    toggle.addEventListener("click", function () {
      hidden = !hidden;
      try { window.localStorage.setItem("quizlab:timer-hidden", hidden ? "1" : "0"); } catch (e) { /* session only */ }
      applyToggle();
    });
    applyToggle();
  }

  // --- offline copies of the pages (the service worker) -------------------------------------
  if ("serviceWorker" in navigator && root.dataset.swUrl) {
    var controlled = Boolean(navigator.serviceWorker.controller);
    navigator.serviceWorker
      .register(root.dataset.swUrl, { scope: "/" })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function (registration) {
        if (controlled || !registration.active) return; // this page came through the worker: it is kept
        var files = document.querySelectorAll('script[src], link[rel="stylesheet"]');
        var keepUrls = [window.location.href].concat(Array.prototype.map.call(files, function (el) { return el.src || el.href; }));
        registration.active.postMessage({ keep: keepUrls });
      })
      .catch(function () { /* no offline copies; saving works the same */ });
  }

  // --- the encrypted answer file (made by answer_file.js) -------------------------------------
  var filePanel = document.getElementById("answer-file");

  function offerFile() {
    if (!filePanel || filePanel.hidden === false) return;
    filePanel.hidden = false;
    announce(T.file_offer);
  }

  // --- leaving the page: give queued saves a moment; they persist either way ---------------
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[href]");
    if (!link || link.hasAttribute("download") || Object.keys(pending).length === 0 || event.defaultPrevented) return;
    if (link.origin !== window.location.origin || event.metaKey || event.ctrlKey) return;
    event.preventDefault();
    flushed(1500).then(function () { window.location.assign(link.href); });
  });

  var submitButton = document.getElementById("submit-button");
  if (submitButton) {
    var submitForm = submitButton.form;
    submitForm.addEventListener("submit", function (event) {
      if (!window.confirm(submitButton.dataset.confirm)) {
        event.preventDefault();
        return;
      }
      if (submitForm.csrfmiddlewaretoken) submitForm.csrfmiddlewaretoken.value = csrfToken();
      submitButton.disabled = true; // one click is enough; the server is idempotent anyway
      if (Object.keys(pending).length === 0) return;
      // Answers still queued on this device go first, or the grading would miss them.
      event.preventDefault();
      flushed(8000).then(function (ok) {
        if (ok) submitForm.submit();
        else submitButton.disabled = false; // the status line says why; try again
      });
    });
  }
})();

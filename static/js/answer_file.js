// The encrypted answer file (docs/offline-answers.md): the answers of an attempt that the server
// never got, as this device keeps them, encrypted so that only the server can read them.
// On the attempt page attempt.js shows the panel when time runs out with such answers; on the
// review page it shows whenever this device still keeps some.
//
// AES-256-GCM under a fresh key, that key wrapped with the server's RSA-OAEP (SHA-256) public key.
// The associated data binds the file to the attempt and its token; the server checks both.
(function () {
  "use strict";

  var panel = document.getElementById("answer-file");
  if (!panel) return;
  var attemptId = panel.dataset.attempt;
  var button = document.getElementById("answer-file-button");
  var failure = document.getElementById("answer-file-error");

  function stored(key) {
    try {
      return JSON.parse(window.localStorage.getItem(key)) || {};
    } catch (e) {
      return {};
    }
  }

  // What attempt.js keeps: answers waiting to be sent, and answers the server refused as too late.
  function unsentAnswers() {
    var all = stored("quizlab:unsent:" + attemptId);
    var pending = stored("quizlab:pending:" + attemptId);
    Object.keys(pending).forEach(function (pos) {
      if (!all[pos] || all[pos].seq < pending[pos].seq) all[pos] = pending[pos];
    });
    return Object.keys(all).map(function (pos) {
      return { position: Number(pos), answer: all[pos].answer, seq: all[pos].seq, at: all[pos].at || null };
    });
  }

  function base64(bytes) {
    var text = "";
    new Uint8Array(bytes).forEach(function (b) { text += String.fromCharCode(b); });
    return window.btoa(text);
  }

  function answerFile() {
    var subtle = window.crypto && window.crypto.subtle;
    if (!subtle) return Promise.reject(new Error("no WebCrypto"));
    var offset = stored("quizlab:clock").offset || 0; // server clock minus ours (attempt.js)
    var spki = Uint8Array.from(window.atob(panel.dataset.key), function (c) { return c.charCodeAt(0); });
    var bound = new TextEncoder().encode("quizlab-answer-file:v1:" + attemptId + ":" + panel.dataset.token);
    var plain = new TextEncoder().encode(JSON.stringify({
      attempt: Number(attemptId), made_at: Math.round(Date.now() + offset), answers: unsentAnswers(),
    }));
    var iv = window.crypto.getRandomValues(new Uint8Array(12));
    return Promise.all([
      subtle.importKey("spki", spki, { name: "RSA-OAEP", hash: "SHA-256" }, false, ["wrapKey"]),
      subtle.generateKey({ name: "AES-GCM", length: 256 }, true, ["encrypt"]),
    ]).then(function (keys) {
      return Promise.all([
        subtle.wrapKey("raw", keys[1], keys[0], { name: "RSA-OAEP" }),
        subtle.encrypt({ name: "AES-GCM", iv: iv, additionalData: bound }, keys[1], plain),
      ]);
    }).then(function (out) {
      return JSON.stringify({
        format: "quizlab-answer-file", version: 1, attempt: Number(attemptId), key_id: panel.dataset.keyId,
        wrapped_key: base64(out[0]), iv: base64(iv), ciphertext: base64(out[1]),
      });
    });
  }

  button.addEventListener("click", function () {
    answerFile().then(function (text) {
      var link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
      link.download = "quizlab-answers-" + attemptId + ".json";
      document.body.appendChild(link);
      link.click();
      link.remove();
      window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 60000);
    }, function () {
      failure.hidden = false;
    });
  });

  if (panel.dataset.auto === "1" && unsentAnswers().length) panel.hidden = false;
})();

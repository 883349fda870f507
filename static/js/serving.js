// Serving demo: the browser calls the digits API with the page's demo key and times the round trip.
(function () {
  function slot(box, name) { return box.querySelector('[data-slot="' + name + '"]'); }

  function numbers(text) { return text.split(",").map(Number); }

  function reset(box) {
    box.querySelectorAll("[data-error], [data-slot=latency], [data-slot=version], [data-slot=same], [data-slot=different]")
      .forEach(function (el) { el.hidden = true; });
    slot(box, "calling").hidden = false;
  }

  function showError(box, status, response) {
    var known = ["401", "403", "429"].indexOf(String(status)) >= 0;
    var message = box.querySelector('[data-error="' + (known ? status : "other") + '"]');
    if (status === 429) slot(box, "retry").textContent = response.headers.get("Retry-After") || "60";
    if (!known) slot(box, "status").textContent = String(status);
    message.hidden = false;
  }

  function showAnswer(box, body, ms, serverMs) {
    var probabilities = body.probabilities[0];
    var prediction = body.predictions[0];
    slot(box, "digit").textContent = prediction;
    box.querySelectorAll(".probs li").forEach(function (li) {
      var p = probabilities[Number(li.dataset.digit)];
      li.classList.toggle("top", Number(li.dataset.digit) === prediction);
      li.querySelector(".fill").style.width = (Math.floor(p * 1000) / 10).toFixed(1) + "%";
      li.querySelector(".p").textContent = p.toFixed(3);
    });
    slot(box, "ms").textContent = ms.toFixed(1);
    slot(box, "server-ms").textContent = serverMs === null ? "?" : serverMs.toFixed(3);
    slot(box, "latency").hidden = false;
    slot(box, "v").textContent = body.version;
    slot(box, "version").hidden = false;
    var expected = numbers(box.dataset.expectedProbabilities);
    var same = prediction === Number(box.dataset.expectedPrediction) &&
      probabilities.length === expected.length &&
      probabilities.every(function (p, i) { return p === expected[i]; });
    slot(box, same ? "same" : "different").hidden = false;
    box.dataset.state = same ? "same" : "different";
  }

  function serverTiming(response) {
    var match = /predict;dur=([\d.]+)/.exec(response.headers.get("Server-Timing") || "");
    return match ? Number(match[1]) : null;
  }

  async function call(box) {
    reset(box);
    box.dataset.state = "calling";
    var started = performance.now();
    var response;
    try {
      response = await fetch(box.dataset.endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-API-Key": box.dataset.key },
        body: JSON.stringify({ pixels: numbers(box.dataset.pixels) }),
      });
      var body = await response.json();
      var ms = performance.now() - started;
      slot(box, "calling").hidden = true;
      if (!response.ok) { showError(box, response.status, response); box.dataset.state = "error"; return; }
      showAnswer(box, body, ms, serverTiming(response));
    } catch (err) {
      slot(box, "calling").hidden = true;
      showError(box, response ? response.status : "network", response);
      box.dataset.state = "error";
    }
  }

  function start(root) {
    var box = root.querySelector ? root.querySelector("#maas") : null;
    if (!box) return;
    box.querySelector('[data-action="call"]').addEventListener("click", function () { call(box); });
    call(box);
  }

  document.addEventListener("DOMContentLoaded", function () { start(document); });
  document.addEventListener("htmx:afterSettle", function (event) { start(event.detail.elt); });
})();

// ELECTRA page: click a token of the heat strip, pick or type a new word, and the sentence is
// checked again with that word swapped in. The result is re-rendered by htmx; this only edits the
// form's text (and notes which position was swapped) and submits it.
(function () {
  // The tokenizer's rule (apps/demos/engines/lm/tokenizer.py): special tokens, runs of word
  // characters, and any other non-space character on its own.
  var TOKEN_RE = /\[(?:pad|unk|cls|mask|sep)\]|[\p{L}\p{N}_]+|[^\p{L}\p{N}_\s]/giu;
  var opened = null; // the token button whose word is being replaced

  function form() { return document.getElementById("electra-form"); }
  function editor() { return document.getElementById("swap-editor"); }

  function tokens() {
    return Array.prototype.map.call(document.querySelectorAll(".heat-strip .heat-tok"), function (b) {
      return b.dataset.token;
    });
  }

  // Replace the index-th token in the learner's own text, keeping its case and spacing; when the
  // text no longer lines up with the tokens, rebuild it from the tokens.
  function swapped(text, index, word) {
    var all = tokens();
    var matches = Array.from(text.matchAll(TOKEN_RE));
    var m = matches[index];
    if (matches.length === all.length && m && (m[0].toLowerCase() === all[index] || all[index] === "[UNK]")) {
      return text.slice(0, m.index) + word + text.slice(m.index + m[0].length);
    }
    all[index] = word;
    return all.join(" ");
  }

  function open(button) {
    var box = editor();
    if (!box) return;
    if (opened) opened.setAttribute("aria-expanded", "false");
    opened = button;
    button.setAttribute("aria-expanded", "true");
    box.querySelector("[data-slot=word]").textContent = button.dataset.token;
    box.hidden = false;
    var input = box.querySelector("#swap-word");
    input.value = "";
    input.focus();
  }

  function close() {
    var box = editor();
    if (box) box.hidden = true;
    if (opened) {
      opened.setAttribute("aria-expanded", "false");
      opened.focus();
    }
    opened = null;
  }

  function apply(word) {
    word = word.trim();
    var f = form();
    if (!opened || !f) return;
    if (!word) {
      editor().querySelector("#swap-word").focus();
      return;
    }
    var strip = document.querySelector(".heat-strip");
    var textarea = f.querySelector("textarea[name=text]");
    textarea.value = swapped(strip.dataset.text, Number(opened.dataset.index), word);
    f.querySelector("input[name=swapped]").value = opened.dataset.index;
    f.querySelector("input[name=was]").value = opened.dataset.token;
    opened = null;
    f.requestSubmit(document.getElementById("electra-check"));
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest("button");
    if (!target || !target.closest("#result")) return;
    if (target.matches(".heat-tok[data-index]")) open(target);
    else if (target.matches("[data-swap-word]")) apply(target.dataset.swapWord);
    else if (target.matches("[data-swap-apply]")) apply(editor().querySelector("#swap-word").value);
    else if (target.matches("[data-swap-cancel]")) close();
  });

  document.addEventListener("keydown", function (event) {
    if (!event.target.closest || !event.target.closest("#swap-editor")) return;
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "Enter" && event.target.id === "swap-word") {
      event.preventDefault();
      apply(event.target.value);
    }
  });

  // Typing a new sentence forgets which position was swapped: it may no longer be there.
  document.addEventListener("input", function (event) {
    var f = form();
    if (f && event.target === f.querySelector("textarea[name=text]")) {
      f.querySelector("input[name=swapped]").value = "";
      f.querySelector("input[name=was]").value = "";
    }
  });

  // The result was replaced: keep keyboard users where they were, on the word they swapped.
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target.id !== "result") return;
    var swappedToken = event.detail.target.querySelector(".heat-tok.is-swapped");
    if (swappedToken) swappedToken.focus();
  });
})();

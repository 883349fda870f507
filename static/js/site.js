// Site-wide behaviour: typeset math with KaTeX; show demo forms' 400 errors.
(function () {
  function typeset(root) {
    if (!window.renderMathInElement) return;
    root.querySelectorAll(".math").forEach(function (el) {
      window.renderMathInElement(el, {
        delimiters: [
          { left: "$$", right: "$$", display: true },
          { left: "$", right: "$", display: false },
        ],
        throwOnError: false,
      });
    });
    // A display formula wider than a phone scrolls in its own box, which must take keyboard focus.
    root.querySelectorAll(".katex-display").forEach(function (el) { el.tabIndex = 0; });
  }
  document.addEventListener("DOMContentLoaded", function () { typeset(document.body); });
  document.addEventListener("htmx:afterSwap", function (event) { typeset(event.detail.target); });

  // htmx does not swap error responses by default. A demo form's 400 carries the form error
  // the learner must see, so forms marked data-swap-errors swap it like a normal answer.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var form = event.detail.requestConfig.elt.closest("[data-swap-errors]");
    if (form && event.detail.xhr.status === 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();

// Typeset $…$ and $$…$$ with KaTeX, on load and in every htmx swap.
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
  }
  document.addEventListener("DOMContentLoaded", function () { typeset(document.body); });
  document.addEventListener("htmx:afterSwap", function (event) { typeset(event.detail.target); });
})();

// The admin's autocomplete (select2) names its combobox by the chosen text (aria-labelledby), so an
// empty one has no name for a screen reader: name it after the <select> it stands for instead.
(function () {
  "use strict";
  function name(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var box = select.nextElementSibling && select.nextElementSibling.querySelector(".select2-selection");
      var label = select.getAttribute("aria-label") || (select.labels[0] && select.labels[0].textContent.trim());
      if (box && label) {
        box.removeAttribute("aria-labelledby");  // it would win over aria-label
        box.setAttribute("aria-label", label);
        // The chosen text inside is the combobox's value, not a second, nameless text box.
        var shown = box.querySelector(".select2-selection__rendered");
        if (shown) { shown.removeAttribute("role"); shown.removeAttribute("aria-readonly"); }
      }
    });
  }
  // This deferred script runs after the form's media registered their jQuery ready handlers (which
  // build the select2 boxes), so a handler registered now runs after them; rows added later too.
  if (window.django && window.django.jQuery) window.django.jQuery(function () { name(document); });
  document.addEventListener("formset:added", function (event) {
    window.setTimeout(function () { name(event.target); }, 0);
  });
})();

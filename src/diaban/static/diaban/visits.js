// Trip report: add and remove follow-up rows. Removing a row fires "change" on the form so the draft is
// saved again without it. Without JavaScript the page still offers one blank row per unit.
(function () {
  "use strict";
  document.querySelectorAll("[data-follow-up-add], [data-follow-up-remove]").forEach(function (button) {
    button.hidden = false;
  });
  document.addEventListener("click", function (event) {
    var add = event.target.closest("[data-follow-up-add]");
    if (add) {
      var box = add.closest("[data-follow-ups]");
      var template = box.querySelector("template[data-follow-up-template]");
      var row = template.content.firstElementChild.cloneNode(true);
      row.querySelector("[data-follow-up-remove]").hidden = false;
      box.querySelector("[data-follow-up-rows]").appendChild(row);
      row.querySelector("input").focus();
      return;
    }
    var remove = event.target.closest("[data-follow-up-remove]");
    if (remove) {
      var form = remove.closest("form");
      var current = remove.closest("[data-follow-up-row]");
      var rows = current.parentNode;
      if (rows.querySelectorAll("[data-follow-up-row]").length > 1) {
        current.remove();
      } else {
        current.querySelectorAll("input").forEach(function (input) { input.value = ""; });
      }
      form.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });
})();

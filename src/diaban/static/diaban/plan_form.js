// The visit plan form (/di-co-so/…): chosen units and companions, and the agenda's rows.
document.addEventListener("DOMContentLoaded", function () {
  // A unit or companion ticked in the search results joins the chosen list, so that a new search keeps it.
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("[data-pick]") || !box.checked) return;
    var chosen = document.getElementById(box.dataset.pick);
    var item = box.closest(".form-check");
    if (chosen.querySelector('input[value="' + box.value + '"]')) { item.remove(); return; }
    box.removeAttribute("data-pick");
    chosen.appendChild(item);
  });
  var add = document.getElementById("agenda-add");
  if (!add) return;
  add.addEventListener("click", function () {
    var total = document.getElementById("id_agenda-TOTAL_FORMS");
    var index = parseInt(total.value, 10);
    var html = document.getElementById("agenda-empty").innerHTML
      .replace(/__prefix__/g, index).replace(/__number__/g, index + 1);
    document.getElementById("agenda-rows").insertAdjacentHTML("beforeend", html);
    total.value = index + 1;
    var rows = document.querySelectorAll("#agenda-rows textarea");
    rows[rows.length - 1].focus();
  });
});

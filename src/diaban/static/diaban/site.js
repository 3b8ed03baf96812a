// On every page. A form sent back with errors: the list of them takes the focus, so a screen reader reads it first.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("form-errors");
  if (box) box.focus();
});

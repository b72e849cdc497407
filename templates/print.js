// The print buttons of the special report and the dossier (pages allow no
// inline script).
document.querySelectorAll(".print-button").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});

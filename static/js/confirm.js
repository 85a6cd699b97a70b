// Irreversible actions ask first: a form with data-confirm="…" is submitted only after the
// user confirms the message (approve, return, unlock, 结束本轮). No inline script is needed.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  var message = form.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

/* The main navigation on a phone: collapsed behind the 菜单 button (static/css/portal.css,
 * "phone" section). Without JavaScript the button stays hidden and the links stay listed. */
(function () {
  "use strict";

  var nav = document.querySelector(".mainnav");
  var button = nav && nav.querySelector(".mainnav__toggle");
  if (!button) {
    return;
  }
  button.hidden = false;
  nav.classList.add("mainnav--collapsible");
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    nav.classList.toggle("mainnav--open", open);
  });
})();

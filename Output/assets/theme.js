// Light/dark toggle. Loaded in <head> so a remembered choice applies before the first paint.
(function () {
  "use strict";
  var storageKey = "docgen-theme";
  var root = document.documentElement;

  function stored() {
    try { return window.localStorage.getItem(storageKey); } catch (error) { return null; }
  }
  function remember(value) {
    try { window.localStorage.setItem(storageKey, value); } catch (error) { /* storage unavailable: the choice lasts for this page only */ }
  }
  function systemPrefersDark() {
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  }
  function current() {
    return root.getAttribute("data-theme") || (systemPrefersDark() ? "dark" : "light");
  }

  var saved = stored();
  if (saved === "light" || saved === "dark") root.setAttribute("data-theme", saved);

  document.addEventListener("DOMContentLoaded", function () {
    // Narrow screens: the sidebar starts folded behind the Menu button (the CSS only folds it there).
    Array.prototype.forEach.call(document.querySelectorAll("[data-role='menu-toggle']"), function (button) {
      var navigation = document.getElementById(button.getAttribute("aria-controls"));
      if (!navigation) return;
      function show(open) {
        navigation.classList.toggle("is-folded", !open);
        button.setAttribute("aria-expanded", open ? "true" : "false");
      }
      button.hidden = false;
      show(false);
      button.addEventListener("click", function () {
        show(button.getAttribute("aria-expanded") !== "true");
      });
    });

    var buttons = document.querySelectorAll("[data-role='theme-toggle']");
    function label(button) {
      var next = current() === "dark" ? "light" : "dark";
      button.textContent = next === "dark" ? "Dark theme" : "Light theme";
      button.setAttribute("aria-label", "Switch to the " + next + " theme");
    }
    Array.prototype.forEach.call(buttons, function (button) {
      button.hidden = false;
      label(button);
      button.addEventListener("click", function () {
        var next = current() === "dark" ? "light" : "dark";
        root.setAttribute("data-theme", next);
        remember(next);
        Array.prototype.forEach.call(buttons, label);
      });
    });
  });
})();

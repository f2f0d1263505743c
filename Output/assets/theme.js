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

  // Copy buttons for code blocks: only when scripts run, so without them the block is simply there.
  // The copied text leaves out prompts and console output, and the block's final line break.
  function codeText(pre) {
    var copy = pre.cloneNode(true);
    Array.prototype.forEach.call(copy.querySelectorAll(".tok-prompt, .tok-output"), function (node) {
      node.parentNode.removeChild(node);
    });
    return copy.textContent.replace(/\n$/, "");
  }
  // navigator.clipboard is missing or refused on some pages opened from disk: copy through a
  // selected off-screen text area instead, as the request-email widget does.
  function copyWithSelection(value) {
    var area = document.createElement("textarea");
    area.value = value;
    area.setAttribute("readonly", "");
    area.className = "visually-hidden";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (error) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }
  function addCopyButtons() {
    var blocks = document.querySelectorAll("pre.code");
    if (!blocks.length) return;
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("data-role", "copy-status");
    (document.querySelector("main") || document.body).appendChild(status);
    function announce(message) {
      status.textContent = "";
      window.setTimeout(function () { status.textContent = message; }, 50);
    }
    Array.prototype.forEach.call(blocks, function (pre) {
      var toolbar = document.createElement("div");
      toolbar.className = "code-toolbar";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "code-copy";
      button.setAttribute("data-role", "copy-code");
      button.textContent = "Copy";
      button.setAttribute("aria-label", "Copy " + (pre.getAttribute("aria-label") || "code"));
      toolbar.appendChild(button);
      pre.parentNode.insertBefore(toolbar, pre);
      function done(ok) {
        if (ok) {
          button.textContent = "Copied";
          announce("Copied");
          window.setTimeout(function () { button.textContent = "Copy"; }, 2000);
        } else {
          // Last resort: select the code so the reader can copy it with the keyboard.
          var range = document.createRange();
          range.selectNodeContents(pre);
          var selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          announce("Copying was blocked; the code is selected, so press Ctrl+C (or Cmd+C).");
        }
      }
      button.addEventListener("click", function () {
        var value = codeText(pre);
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(value).then(function () { done(true); }, function () { done(copyWithSelection(value)); });
        } else {
          done(copyWithSelection(value));
        }
      });
    });
  }

  // The page's contents: open in their own column on wide screens (closed on phones, as written), and the
  // entry of the section being read marked as the reader scrolls. Without scripts: a plain list.
  var wideContents = "(min-width: 75rem)";
  function followContents() {
    var contents = document.querySelector(".page-toc");
    if (!contents) return;
    var details = contents.querySelector("details");
    if (details && window.matchMedia) {
      var wide = window.matchMedia(wideContents);
      var place = function () { details.open = wide.matches; };
      place();
      if (wide.addEventListener) wide.addEventListener("change", place);
    }
    var entries = [];
    Array.prototype.forEach.call(contents.querySelectorAll("a[href^='#']"), function (link) {
      var heading = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
      if (heading) entries.push({ link: link, heading: heading });
    });
    if (!entries.length) return;
    var marked = null;
    var pending = false;
    function mark() {
      pending = false;
      // The current section is the last one whose heading has reached the top of the window (a followed
      // link puts it there). At the end of the page, where the last short sections cannot scroll that
      // far, a followed link's section wins while it is in view.
      var line = 64;
      var current = null;
      for (var i = 0; i < entries.length; i++) {
        if (entries[i].heading.getBoundingClientRect().top <= line) current = entries[i]; else break;
      }
      var atEnd = window.innerHeight + window.pageYOffset >= document.documentElement.scrollHeight - 2;
      if (atEnd && window.location.hash) {
        for (var j = 0; j < entries.length; j++) {
          var top = entries[j].heading.getBoundingClientRect().top;
          if (entries[j].link.hash === window.location.hash && top >= 0 && top < window.innerHeight) current = entries[j];
        }
      }
      if (current === marked) return;
      if (marked) marked.link.removeAttribute("aria-current");
      if (current) current.link.setAttribute("aria-current", "true");
      marked = current;
    }
    function schedule() {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(mark);
    }
    window.addEventListener("scroll", schedule, { passive: true });
    window.addEventListener("resize", schedule);
    window.addEventListener("hashchange", schedule);
    mark();
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
        // The name says what a press does, so a reader who opened the menu hears how to close it.
        button.textContent = open ? "Close menu" : "Menu";
      }
      button.hidden = false;
      show(false);
      button.addEventListener("click", function () {
        show(button.getAttribute("aria-expanded") !== "true");
      });
    });

    addCopyButtons();
    followContents();

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

/// The script `docgen serve` adds to every HTML page it serves (never to files on disk): it listens on
/// the events endpoint, reloads the page when a new build is served (keeping the scroll position), and
/// shows build errors in an overlay made of text nodes only.
enum LiveReloadScript {
    static let path = "/__docgen/live.js"
    static let eventsPath = "/__docgen/events"
    static let statusPath = "/__docgen/status"

    /// The tag inserted before `</body>`.
    static func tag(build: String?) -> String {
        "<script src=\"\(path)\" data-docgen-build=\"\(build ?? "")\"></script>\n"
    }

    static let source = #"""
        (function () {
          "use strict";
          var script = document.currentScript;
          var pageBuild = script ? script.getAttribute("data-docgen-build") : "";
          var scrollKey = "docgen-serve-scroll:" + location.pathname;

          // Put the page back where the reader was before docgen reloaded it.
          var saved = null;
          try {
            saved = JSON.parse(sessionStorage.getItem(scrollKey) || "null");
            sessionStorage.removeItem(scrollKey);
          } catch (error) {
            saved = null;
          }
          if (saved && typeof saved.x === "number" && typeof saved.y === "number") {
            var restore = function () { window.scrollTo(saved.x, saved.y); };
            restore();
            window.addEventListener("load", restore, { once: true });
          }

          function reload() {
            try {
              sessionStorage.setItem(scrollKey, JSON.stringify({ x: window.scrollX, y: window.scrollY }));
            } catch (error) {
              // Storage can be unavailable; the page still reloads, at the top.
            }
            location.reload();
          }

          var overlay = null;
          var hidden = false;
          function show(state) {
            var errors = Array.isArray(state.errors) ? state.errors : [];
            var notice = typeof state.notice === "string" ? state.notice : "";
            if (errors.length === 0 && notice === "") {
              if (overlay) { overlay.remove(); overlay = null; }
              hidden = false;
              return;
            }
            if (!overlay) {
              overlay = document.createElement("div");
              overlay.id = "docgen-serve-overlay";
              overlay.style.cssText = "position:fixed;left:0;right:0;bottom:0;z-index:2147483647;max-height:50vh;" +
                "overflow:auto;margin:0;padding:0.75rem 1rem;font:14px/1.4 ui-monospace,Menlo,Consolas,monospace;" +
                "background:#1b1b1b;color:#f5f5f5;border-top:4px solid #d93025;box-shadow:0 -2px 12px rgba(0,0,0,.4)";
              document.body.appendChild(overlay);
            }
            overlay.hidden = hidden;
            overlay.style.borderTopColor = errors.length ? "#d93025" : "#1a73e8";
            overlay.setAttribute("role", errors.length ? "alert" : "status");
            overlay.replaceChildren();
            var heading = document.createElement("p");
            heading.style.cssText = "margin:0 0 0.5rem;font-weight:bold";
            heading.textContent = errors.length
              ? "docgen serve: the last change does not build; the page shows the last good build."
              : notice;
            overlay.appendChild(heading);
            if (errors.length) {
              var list = document.createElement("pre");
              list.className = "docgen-serve-errors";
              list.style.cssText = "margin:0;white-space:pre-wrap;color:#ffb4ab";
              list.textContent = errors.join("\n");
              overlay.appendChild(list);
            }
            var close = document.createElement("button");
            close.type = "button";
            close.textContent = "Hide";
            close.style.cssText = "margin-top:0.5rem;font:inherit";
            close.addEventListener("click", function () { hidden = true; overlay.hidden = true; });
            overlay.appendChild(close);
          }

          if (typeof EventSource !== "function") { return; }
          var events = new EventSource("/__docgen/events");
          events.onmessage = function (event) {
            var state;
            try { state = JSON.parse(event.data); } catch (error) { return; }
            if (!state || typeof state !== "object") { return; }
            if (typeof state.build === "string" && state.build !== pageBuild) {
              reload();
              return;
            }
            show(state);
          };
        })();

        """#
}

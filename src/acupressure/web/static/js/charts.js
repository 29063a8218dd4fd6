// Body charts in pages. The guided session marks the current point with the class
// "current" (static/js/session.js); this script follows it: aria-current="step" on the
// point's marks, the chart of its view shown (on a phone only that chart is shown), and
// the point scrolled into sight above the docked controls.
(() => {
  "use strict";

  function show(container, view) {
    if (!container) return;
    container.dataset.currentView = view;
    container.querySelectorAll(".chart-figure").forEach((figure) => {
      figure.classList.toggle("is-current-view", figure.dataset.view === view);
    });
    const nav = container.previousElementSibling;
    if (nav && nav.classList.contains("chart-views")) {
      nav.querySelectorAll("a[data-view]").forEach((link) => {
        if (link.dataset.view === view) link.setAttribute("aria-current", "true");
        else link.removeAttribute("aria-current");
      });
    }
  }

  // The part of the window not covered by the session's docked controls.
  function clearArea() {
    let top = 0;
    let bottom = window.innerHeight;
    const panel = document.querySelector(".session.is-running > .controls-panel");
    if (panel) {
      const box = panel.getBoundingClientRect();
      if (box.top > window.innerHeight / 3) bottom = Math.min(bottom, box.top);
      else if (box.bottom < window.innerHeight) top = Math.max(top, box.bottom);
    }
    return { top, bottom };
  }

  function reveal(mark) {
    const dot = mark.querySelector(".mark-dot, .mark-area") || mark;
    const box = dot.getBoundingClientRect();
    const area = clearArea();
    const middle = (box.top + box.bottom) / 2;
    if (box.top < area.top + 8 || box.bottom > area.bottom - 8) {
      window.scrollBy({ top: middle - (area.top + area.bottom) / 2, behavior: "instant" });
    }
  }

  function follow() {
    let first = null;
    document.querySelectorAll(".chart .mark").forEach((mark) => {
      if (mark.classList.contains("current")) {
        if (mark.getAttribute("aria-current") !== "step") mark.setAttribute("aria-current", "step");
        first = first || mark;
      } else if (mark.hasAttribute("aria-current")) {
        mark.removeAttribute("aria-current");
      }
    });
    if (!first) return;
    // the view that shows the point best (the hand for LI4, the foot for LR3), if drawn
    first = document.querySelector('.chart .mark.current[data-primary="true"]') || first;
    const figure = first.closest(".chart-figure");
    if (figure) show(figure.closest(".charts"), figure.dataset.view);
    requestAnimationFrame(() => reveal(first));
  }

  function start() {
    const marks = document.querySelectorAll(".chart .mark");
    if (!marks.length) return;
    const observer = new MutationObserver(follow);
    marks.forEach((mark) => observer.observe(mark, { attributes: true, attributeFilter: ["class"] }));
    const session = document.querySelector(".session");
    if (session) observer.observe(session, { attributes: true, attributeFilter: ["class"] });
    document.querySelectorAll(".chart-views a[data-view]").forEach((link) => {
      link.addEventListener("click", (event) => {
        const container = link.closest(".chart-views").nextElementSibling;
        if (!document.querySelector(".session.is-running")) return; // a plain jump
        event.preventDefault();
        show(container, link.dataset.view);
        const figure = container.querySelector(`.chart-figure[data-view="${link.dataset.view}"]`);
        if (figure) figure.scrollIntoView({ block: "start" });
      });
    });
    follow();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

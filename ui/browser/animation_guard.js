// Plotly's 播放/暂停 menu and its frame slider start animations whose promise Plotly rejects
// (with no reason) when the next command interrupts them, e.g. a pause while a frame plays.
// The menu code never catches it, so the browser reports an unhandled rejection for a normal
// click. Swallow exactly that: a reasonless rejection right after a chart said its animation
// was interrupted (Plotly emits the event synchronously, before the rejection is reported).
// Installed once per browser tab.
(() => {
  if (window.__labAnimationGuard) return;
  window.__labAnimationGuard = true;
  let interruptedAt = -Infinity;
  const watch = () => {
    for (const plot of document.querySelectorAll(".js-plotly-plot")) {
      if (plot.__labGuarded || typeof plot.on !== "function") continue;
      plot.__labGuarded = true;
      plot.on("plotly_animationinterrupted", () => { interruptedAt = performance.now(); });
    }
  };
  new MutationObserver(watch).observe(document.body, { childList: true, subtree: true });
  watch();
  window.addEventListener("unhandledrejection", (event) => {
    if (event.reason === undefined && performance.now() - interruptedAt < 1000) {
      event.preventDefault();
    }
  });
})();

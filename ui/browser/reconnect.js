// The page's connection watcher (ui/reconnect.py explains why): after a reconnect, rerun the
// whole page once; if no full run reaches the page soon after, say so and offer a reload.
// A classic script, sent once per session with the page's scripts (ui/layout.py) and run again
// by a new session's first run: it only (re)defines window.labWatch, which the component's
// mount (reconnect_mount.js, sent every run) calls, and takes the mounts that came before it.
(() => {
const STATE = "data-test-connection-state";
const BANNER = "lab-reconnect-banner";

function showBanner(lab) {
  if (document.getElementById(BANNER)) return;
  const banner = document.createElement("div");
  banner.id = BANNER;
  banner.setAttribute("role", "alert");
  banner.style.cssText =
    "position:fixed;top:0.75rem;left:50%;transform:translateX(-50%);z-index:1000100;" +
    "max-width:min(36rem,calc(100vw - 1.5rem));box-sizing:border-box;padding:0.75rem 1rem;" +
    "display:flex;gap:1rem;align-items:center;flex-wrap:wrap;border-radius:0.5rem;" +
    "background:#fffce7;color:#926c05;border:1px solid #f0d98a;" +
    "box-shadow:0 2px 8px rgba(0,0,0,0.15);font:inherit;line-height:1.5;";
  const text = document.createElement("span");
  text.textContent = lab.text.message;
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = lab.text.reload;
  button.style.cssText =
    "font:inherit;padding:0.25rem 0.75rem;border-radius:0.5rem;cursor:pointer;" +
    "border:1px solid #926c05;background:#fff;color:#31333f;";
  button.addEventListener("click", () => window.location.reload());
  banner.append(text, button);
  document.body.append(banner);
}

function hideBanner() {
  document.getElementById(BANNER)?.remove();
}

// A control moved before the page's fragments are known again is dropped by the server (it
// asks for a fragment by id); one more full run, after the recovery run, carries its value.
const MOVES = ["pointerup", "keyup", "change"];

function moved(event) {
  const lab = window.labReconnect;
  if (lab && lab.waitingFor !== undefined && event.isTrusted) lab.movedMeanwhile = true;
}

function reconnected(lab) {
  lab.waitingFor = lab.run;
  lab.movedMeanwhile = false;
  window.clearTimeout(lab.timer);
  lab.timer = window.setTimeout(() => {
    if (lab.waitingFor !== undefined) showBanner(lab);
  }, lab.text.recover_ms);
  lab.trigger("reconnected", Date.now());
}

function disconnected(lab) {
  window.clearTimeout(lab.timer); // Streamlit shows its own "connecting" state meanwhile
  hideBanner();
}

function watch({ data, parentElement, setTriggerValue }) {
  // Nothing to see: take no room in the layout (the watcher still runs).
  const host = parentElement.host ?? parentElement;
  const box = host.closest('[data-testid="stElementContainer"]');
  if (box) box.style.display = "none";

  const lab = (window.labReconnect ??= {});
  lab.trigger = setTriggerValue;
  lab.text = data;
  if (lab.waitingFor !== undefined && data.run !== lab.waitingFor) {
    // A full run after the reconnect reached the page's end: its fragments are known again.
    lab.waitingFor = undefined;
    lab.caughtUpAt = Date.now(); // read by bench/restart.py
    window.clearTimeout(lab.timer);
    hideBanner();
    if (lab.movedMeanwhile) {
      lab.movedMeanwhile = false;
      setTriggerValue("reconnected", Date.now());
    }
  }
  lab.run = data.run;
  if (lab.observer) return;
  let lost = false;
  lab.observer = new MutationObserver(() => {
    const app = document.querySelector('[data-testid="stApp"]');
    const connected = app?.getAttribute(STATE) === "CONNECTED";
    if (connected && lost) reconnected(lab);
    if (!connected && !lost) disconnected(lab);
    lost = !connected;
  });
  lab.observer.observe(document.body, {
    attributes: true,
    attributeFilter: [STATE],
    subtree: true,
  });
  for (const type of MOVES) document.addEventListener(type, moved, true);
}

window.labWatch = watch;
for (const mount of (window.labWatchQueue ?? []).splice(0)) watch(mount);
})();

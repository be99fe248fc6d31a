// The watcher's mount, sent with every full run (its data carries the run's token): the
// watcher itself (reconnect.js) comes once per session with the page's scripts.
export default function (mount) {
  if (window.labWatch) return window.labWatch(mount);
  (window.labWatchQueue ??= []).push(mount);
}

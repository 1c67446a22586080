// kb serve's live-reload client, served at /_dev/client.js and loaded by
// pages built with PageView.Dev. It listens to the server-sent events of
// html[data-dev-events]:
//   hello  (on every connection) the served build; shows the problems of a
//          failed build, reloads when it reconnects to a newer build
//   reload after a good build: reload, keeping the scroll position; when
//          the page was deleted, go to its nearest parent that exists
//   css    after a good build that changed only stylesheets: swap them
//   error  after a failed build: show the overlay from /_dev/errors
// No inline styles or scripts: a strict Content-Security-Policy holds.
(() => {
  "use strict";
  const root = document.documentElement;
  const url = root.dataset.devEvents || "/_dev/events";
  if (!window.EventSource || !window.fetch) return;
  const SCROLL = "kb-dev-scroll";

  // Put the scroll position back after a reload of the same page.
  try {
    const s = JSON.parse(sessionStorage.getItem(SCROLL) || "null");
    sessionStorage.removeItem(SCROLL);
    if (s && s.path === location.pathname) {
      const go = () => window.scrollTo(s.x, s.y);
      if (document.readyState === "complete") go();
      else window.addEventListener("load", go, { once: true });
    }
  } catch { /* storage blocked */ }

  const exists = async (p) => {
    try {
      const r = await fetch(p, { method: "HEAD", cache: "no-store" });
      return r.status !== 404;
    } catch {
      return true; // server gone: let the reload show it
    }
  };

  // parents lists "/a/b/c/" → "/a/b/", "/a/", "/".
  const parents = (p) => {
    const segs = p.replace(/\/+$/, "").split("/");
    const out = [];
    while (segs.length > 1) {
      segs.pop();
      out.push(segs.join("/") + "/");
    }
    return out;
  };

  let busy = false;
  async function reload() {
    if (busy) return;
    busy = true;
    if (!(await exists(location.pathname + location.search))) {
      for (const p of parents(location.pathname)) {
        if (await exists(p)) {
          location.replace(p);
          return;
        }
      }
    }
    try {
      sessionStorage.setItem(SCROLL, JSON.stringify({ path: location.pathname, x: window.scrollX, y: window.scrollY }));
    } catch { /* storage blocked */ }
    location.reload();
  }

  // swapCSS loads the page's new stylesheet links, then drops the old ones,
  // so the page never shows unstyled.
  async function swapCSS() {
    const r = await fetch(location.href, { cache: "no-store", headers: { Accept: "text/html" } });
    if (!r.ok) throw new Error(String(r.status));
    const doc = new DOMParser().parseFromString(await r.text(), "text/html");
    const old = Array.from(document.querySelectorAll('link[rel="stylesheet"]'));
    const fresh = Array.from(doc.querySelectorAll('link[rel="stylesheet"]')).map((l) => {
      const n = document.createElement("link");
      n.rel = "stylesheet";
      n.href = l.getAttribute("href");
      return n;
    });
    await Promise.all(fresh.map((n) => new Promise((done) => {
      n.addEventListener("load", done, { once: true });
      n.addEventListener("error", done, { once: true });
      document.head.appendChild(n);
    })));
    old.forEach((l) => l.remove());
  }

  // The overlay. Styles are set through the CSSOM, which a CSP without
  // 'unsafe-inline' allows; text goes in with textContent, never as HTML.
  let overlay = null;
  const el = (tag, style, text) => {
    const n = document.createElement(tag);
    Object.assign(n.style, style || {});
    if (text !== undefined) n.textContent = text;
    return n;
  };
  function hideOverlay() {
    if (overlay) overlay.remove();
    overlay = null;
  }
  function showOverlay(errors) {
    hideOverlay();
    overlay = el("div", {
      position: "fixed", inset: "0", zIndex: "2147483647", overflow: "auto", padding: "2rem",
      background: "rgba(20, 20, 24, 0.94)", color: "#f4f4f5", font: "14px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace",
    });
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-label", "Build failed");
    overlay.dataset.kbDevOverlay = "";
    const close = el("button", { float: "right", font: "inherit", cursor: "pointer" }, "Close");
    close.type = "button";
    close.addEventListener("click", hideOverlay);
    overlay.append(close);
    overlay.append(el("h2", { margin: "0 0 0.5rem", color: "#fca5a5", font: "bold 18px/1.4 system-ui, sans-serif" },
      `Build failed: ${errors.length} ${errors.length === 1 ? "problem" : "problems"}`));
    overlay.append(el("p", { margin: "0 0 1.5rem", color: "#a1a1aa" },
      "This page shows the last good build. Fix the files below; the page updates by itself."));
    for (const e of errors) {
      const item = el("div", { margin: "0 0 1.25rem" });
      const where = e.file ? (e.line ? `${e.file}:${e.line}:${e.col}` : e.file) : "";
      if (where) item.append(el("div", { color: "#93c5fd" }, where));
      item.append(el("div", { whiteSpace: "pre-wrap" }, e.msg));
      if (e.source !== undefined && e.source !== "") {
        const pre = el("pre", { margin: "0.25rem 0 0", padding: "0.5rem", background: "#27272a", overflow: "auto" });
        pre.append(el("span", { color: "#71717a" }, `${String(e.line).padStart(4)} | `), document.createTextNode(e.source));
        if (e.col > 0) pre.append("\n" + " ".repeat(7 + e.col - 1), el("span", { color: "#fca5a5" }, "^"));
        item.append(pre);
      }
      overlay.append(item);
    }
    document.body.append(overlay);
  }
  async function checkErrors() {
    try {
      const r = await fetch("/_dev/errors", { cache: "no-store" });
      const j = await r.json();
      if (j.errors && j.errors.length) showOverlay(j.errors);
      else hideOverlay();
    } catch { /* server gone */ }
  }

  let seen = null;
  const events = new EventSource(url);
  events.addEventListener("hello", (e) => {
    if (seen !== null && seen !== e.data) reload();
    seen = e.data;
    checkErrors();
  });
  events.addEventListener("reload", (e) => { seen = e.data; reload(); });
  events.addEventListener("css", (e) => {
    seen = e.data;
    hideOverlay();
    swapCSS().catch(reload);
  });
  // A named "error" event carries data; EventSource's own connection
  // errors do not (it reconnects by itself).
  events.addEventListener("error", (e) => { if (e.data !== undefined) checkErrors(); });
})();

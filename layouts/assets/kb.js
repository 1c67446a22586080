// kb.js: progressive enhancement for kb's default theme. Every page works
// without it; each feature below looks for its elements and does nothing
// when they are absent. No framework, no inline handlers (strict CSP).
(() => {
  "use strict";
  const root = document.documentElement;
  const THEME_KEY = "kb-theme";

  // Theme: apply the saved choice right away, before the DOM is ready.
  // (Scripts are deferred, so a first paint in the system theme is possible.)
  const store = {
    get: () => { try { return localStorage.getItem(THEME_KEY); } catch { return null; } },
    set: (v) => { try { localStorage.setItem(THEME_KEY, v); } catch { /* private mode */ } },
  };
  const saved = store.get();
  if (saved === "dark" || saved === "light") root.dataset.theme = saved;

  const $$ = (sel, el = document) => Array.from(el.querySelectorAll(sel));
  const systemDark = window.matchMedia ? matchMedia("(prefers-color-scheme: dark)") : null;
  const isDark = () => (root.dataset.theme ? root.dataset.theme === "dark" : !!(systemDark && systemDark.matches));

  // Shows a short confirmation in a button, then restores its label.
  function flash(button, text) {
    const label = button.querySelector("span") || button;
    if (!button.dataset.label) button.dataset.label = label.textContent;
    label.textContent = text;
    button.classList.add("is-done");
    clearTimeout(button.kbTimer);
    button.kbTimer = setTimeout(() => {
      label.textContent = button.dataset.label;
      button.classList.remove("is-done");
    }, 2000);
  }

  function initTheme() {
    const buttons = $$("[data-theme-toggle]");
    const sync = () => buttons.forEach((b) => b.setAttribute("aria-pressed", String(isDark())));
    buttons.forEach((b) => {
      b.hidden = false;
      b.addEventListener("click", () => {
        const next = isDark() ? "light" : "dark";
        root.dataset.theme = next;
        store.set(next);
        sync();
      });
    });
    if (systemDark && systemDark.addEventListener) systemDark.addEventListener("change", sync);
    sync();
  }

  // Sidebar: a <details> that CSS shows open on wide screens; opening it
  // here covers browsers without ::details-content.
  function initSidebar() {
    const menu = document.querySelector("[data-sidebar]");
    if (!menu || !window.matchMedia) return;
    const wide = matchMedia("(min-width: 900px)");
    if (wide.matches) menu.open = true;
    wide.addEventListener && wide.addEventListener("change", () => { menu.open = wide.matches; });
    const box = menu.closest(".sidebar");
    const current = menu.querySelector('[aria-current="page"]');
    if (wide.matches && box && current && box.scrollHeight > box.clientHeight) {
      box.scrollTop = current.offsetTop - box.clientHeight / 3;
    }
  }

  // "Copy page": fetch the page's Markdown twin and put it on the clipboard.
  // A ClipboardItem holding a promise keeps Safari's user-gesture rule happy.
  function initCopyPage() {
    if (!navigator.clipboard || !window.fetch) return;
    $$("[data-copy-page]").forEach((b) => {
      const url = b.dataset.copyPage;
      const text = () => fetch(url).then((r) => {
        if (!r.ok) throw new Error(r.status);
        return r.text();
      });
      b.hidden = false;
      b.addEventListener("click", async () => {
        try {
          if (window.ClipboardItem && navigator.clipboard.write) {
            const blob = text().then((t) => new Blob([t], { type: "text/plain" }));
            await navigator.clipboard.write([new ClipboardItem({ "text/plain": blob })]);
          } else {
            await navigator.clipboard.writeText(await text());
          }
          flash(b, "Copied");
        } catch {
          flash(b, "Copy failed");
        }
      });
    });
  }

  // A "Copy" button on each code block.
  function initCodeCopy() {
    if (!navigator.clipboard) return;
    $$(".prose pre").forEach((pre) => {
      const wrap = document.createElement("div");
      wrap.className = "code-block";
      pre.parentNode.insertBefore(wrap, pre);
      wrap.appendChild(pre);
      const b = document.createElement("button");
      b.type = "button";
      b.className = "code-copy";
      b.textContent = "Copy";
      b.setAttribute("aria-label", "Copy code");
      b.addEventListener("click", async () => {
        const code = pre.cloneNode(true);
        code.querySelectorAll(".ln, .lnt").forEach((n) => n.remove()); // chroma line numbers
        try {
          await navigator.clipboard.writeText(code.textContent.replace(/\n$/, ""));
          flash(b, "Copied");
        } catch {
          flash(b, "Failed");
        }
      });
      wrap.appendChild(b);
    });
  }

  // "Was this page helpful?": send JSON instead of posting the form.
  function initFeedback() {
    $$("form[data-feedback]").forEach((form) => {
      const status = form.querySelector("[data-feedback-status]");
      const buttons = $$("button", form);
      const say = (msg) => { if (status) status.textContent = msg; };
      form.addEventListener("submit", async (e) => {
        const choice = e.submitter;
        if (!choice || !window.fetch) return; // old browser: plain form post
        e.preventDefault();
        buttons.forEach((b) => { b.disabled = true; });
        const page = form.elements.page ? form.elements.page.value : location.pathname;
        try {
          const r = await fetch(form.getAttribute("action"), {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ page, helpful: choice.value === "yes" }),
          });
          if (!r.ok) throw new Error(r.status);
          form.classList.add("is-sent");
          say("Thanks for your feedback!");
        } catch {
          buttons.forEach((b) => { b.disabled = false; });
          say("Sorry, your feedback could not be sent. Please try again.");
        }
      });
    });
  }

  // "On this page": mark the section being read.
  function initTOC() {
    const links = $$(".toc a[href^='#']");
    if (!links.length || !window.IntersectionObserver) return;
    const byTarget = new Map();
    links.forEach((a) => {
      const el = document.getElementById(decodeURIComponent(a.hash.slice(1)));
      if (el) byTarget.set(el, a);
    });
    let active = null;
    const io = new IntersectionObserver((entries) => {
      entries.forEach((en) => {
        if (!en.isIntersecting) return;
        if (active) active.classList.remove("is-active");
        active = byTarget.get(en.target);
        active.classList.add("is-active");
      });
    }, { rootMargin: "-70px 0px -65% 0px" });
    byTarget.forEach((_, el) => io.observe(el));
  }

  // ---- Search hook -------------------------------------------------------
  // A search-as-you-type combobox will attach here. Each search form is
  // form[data-search] (action = the search page, field "q") with its
  // input[data-search-input]; without JavaScript the form simply submits.
  // For now: "/" focuses the first visible search box.
  function initSearch() {
    const inputs = $$("form[data-search] [data-search-input]");
    if (!inputs.length) return;
    $$("form[data-search] .search-key").forEach((k) => { k.hidden = false; });
    document.addEventListener("keydown", (e) => {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target;
      if (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) return;
      const input = inputs.find((i) => i.offsetParent !== null);
      if (input) { e.preventDefault(); input.focus(); }
    });
  }

  // kb serve: reload when the server says the site was rebuilt (or failed
  // to build, so the error page shows). Set by the layout only when .Dev.
  function initDevReload() {
    const url = root.dataset.devEvents;
    if (!url || !window.EventSource) return;
    const events = new EventSource(url);
    const reload = () => location.reload();
    events.addEventListener("reload", reload);
    events.addEventListener("error", (e) => { if (e.data !== undefined) reload(); });
    events.onmessage = (e) => { if (e.data === "reload" || e.data === "error") reload(); };
  }

  function start() {
    [initTheme, initSidebar, initCopyPage, initCodeCopy, initFeedback, initTOC, initSearch, initDevReload].forEach((f) => {
      try { f(); } catch (err) { console.error("kb:", err); }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

// kb.js: progressive enhancement for kb's default theme. Pages work without
// it; each feature looks for its elements and does nothing when they are
// absent. No framework and no inline handlers, so a strict CSP holds.
(() => {
  "use strict";
  const root = document.documentElement;
  const $$ = (sel, el = document) => Array.from(el.querySelectorAll(sel));
  const media = (q) => (window.matchMedia ? matchMedia(q) : null);

  // Messages: the theme's words in the page's language. The build puts
  // them before this script, in the same file (self.kbMessages, from
  // layouts/messages/<lang>.yaml): no inline script, no extra request.
  const messages = self.kbMessages || {};
  const plurals = window.Intl && Intl.PluralRules ? new Intl.PluralRules(root.lang || "en") : null;
  // t is the message key with each {name} filled in from vars; a message
  // with plural forms takes the form for vars.count in the page's language.
  function t(key, vars = {}) {
    let m = messages[key];
    if (m && typeof m === "object") {
      const n = vars.count;
      m = m[plurals && typeof n === "number" ? plurals.select(n) : (n === 1 ? "one" : "other")] || m.other;
    }
    if (typeof m !== "string") return key;
    return m.replace(/\{(\w+)\}/g, (all, name) => (name in vars ? String(vars[name]) : all));
  }

  // Theme: apply the saved choice at once. The script is deferred, so a
  // first paint in the system theme is still possible.
  const KEY = "kb-theme";
  let saved = null;
  try { saved = localStorage.getItem(KEY); } catch { /* storage blocked */ }
  if (saved === "dark" || saved === "light") root.dataset.theme = saved;
  const systemDark = media("(prefers-color-scheme: dark)");
  const isDark = () => (root.dataset.theme ? root.dataset.theme === "dark" : !!(systemDark && systemDark.matches));

  // flash shows a short confirmation in a button, then restores its label.
  function flash(button, text) {
    const label = button.querySelector("span") || button;
    button.dataset.label = button.dataset.label || label.textContent;
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
        root.dataset.theme = isDark() ? "light" : "dark";
        try { localStorage.setItem(KEY, root.dataset.theme); } catch { /* not persisted */ }
        sync();
      });
    });
    if (systemDark && systemDark.addEventListener) systemDark.addEventListener("change", sync);
    sync();
  }

  // Announcement: the close button remembers this banner's id; the
  // script in <head> reads it on the next page, before the first paint.
  function initAnnouncement() {
    const banner = document.querySelector("[data-announcement]:not(script)");
    const close = banner && banner.querySelector("[data-announcement-close]");
    if (!close) return;
    close.hidden = false;
    close.addEventListener("click", () => {
      try { localStorage.setItem("kb-announcement", banner.dataset.announcement); } catch { /* not remembered */ }
      root.classList.add("announcement-dismissed");
      const main = document.getElementById("main");
      if (main && banner.contains(document.activeElement)) main.focus();
    });
  }

  // Sidebar: CSS shows the <details> content on wide screens; opening it
  // covers browsers without ::details-content. Scroll the current item into view.
  function initSidebar() {
    const menu = document.querySelector("[data-sidebar]");
    const wide = media("(min-width: 900px)");
    if (!menu || !wide) return;
    if (wide.matches) menu.open = true;
    if (wide.addEventListener) wide.addEventListener("change", () => { menu.open = wide.matches; });
    const box = menu.closest(".sidebar");
    const current = menu.querySelector('[aria-current="page"]');
    if (wide.matches && box && current && box.scrollHeight > box.clientHeight) {
      box.scrollTop = current.offsetTop - box.clientHeight / 3;
    }
  }

  // "Copy page" puts the Markdown twin on the clipboard. A ClipboardItem
  // holding a promise keeps Safari's user-gesture rule satisfied.
  function initCopyPage() {
    if (!navigator.clipboard || !window.fetch) return;
    $$("[data-copy-page]").forEach((b) => {
      const text = () => fetch(b.dataset.copyPage).then((r) => {
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
          flash(b, t("copied"));
        } catch {
          flash(b, t("copy_failed"));
        }
      });
    });
  }

  // "Copy MCP URL" puts the address of kb's MCP server on the clipboard:
  // data-copy-mcp ("{base}mcp") made absolute against the page's address.
  // Only kb's server answers MCP, so initSearch calls this with the search
  // status, and the button shows where kb's server serves the page.
  function initCopyMCP(st) {
    if (!st.server || !navigator.clipboard) return;
    $$("[data-copy-mcp]").forEach((b) => {
      if (!b.hidden) return; // shown already
      b.hidden = false;
      b.closest(".page-menu").hidden = false; // hidden when the button is all it holds
      b.addEventListener("click", () => {
        navigator.clipboard.writeText(new URL(b.dataset.copyMcp, location.href).href).then(
          () => flash(b, t("copied")), () => flash(b, t("copy_failed")));
      });
    });
  }

  // The page menu ("Use with AI", a <details>) closes on Escape, giving
  // the focus back to its summary, and on a click elsewhere, as menus do.
  function initPageMenu() {
    const menus = $$("details.page-menu");
    if (!menus.length) return;
    document.addEventListener("keydown", (e) => {
      if (e.key !== "Escape") return;
      menus.filter((m) => m.open).forEach((m) => { m.open = false; m.querySelector("summary").focus(); });
    });
    document.addEventListener("click", (e) => {
      menus.filter((m) => m.open && !m.contains(e.target)).forEach((m) => { m.open = false; });
    });
  }

  // A "Copy" button on each code block.
  function initCodeCopy() {
    if (!navigator.clipboard) return;
    $$(".prose pre").forEach((pre) => {
      const wrap = document.createElement("div");
      const b = document.createElement("button");
      wrap.className = "code-block";
      pre.before(wrap);
      wrap.append(pre, b);
      b.type = "button";
      b.className = "code-copy";
      b.textContent = t("code_copy");
      b.setAttribute("aria-label", t("code_copy_label"));
      b.addEventListener("click", () => {
        const code = pre.cloneNode(true);
        code.querySelectorAll(".ln, .lnt").forEach((n) => n.remove()); // chroma line numbers
        navigator.clipboard.writeText(code.textContent.replace(/\n$/, "")).then(
          () => flash(b, t("copied")), () => flash(b, t("code_copy_failed")));
      });
    });
  }

  // Code blocks and tables that scroll sideways take keyboard focus, so
  // that they can be scrolled without a mouse (not every browser does it).
  // A ResizeObserver runs after layout, so reading sizes forces none.
  function initScrollers() {
    if (!window.ResizeObserver) return;
    const ro = new ResizeObserver((entries) => entries.forEach(({ target: el }) => {
      if (el.scrollWidth > el.clientWidth) el.tabIndex = 0;
      else if (el.tabIndex === 0 && !el.matches("pre")) el.removeAttribute("tabindex"); // code blocks are focusable from the HTML
    }));
    $$(".prose pre, .prose .table-wrap").forEach((el) => ro.observe(el));
  }

  // "Was this page helpful?" sends JSON instead of posting the form.
  function initFeedback() {
    $$("form[data-feedback]").forEach((form) => {
      const status = form.querySelector("[data-feedback-status]");
      const buttons = $$("button", form);
      const say = (msg) => { if (status) status.textContent = msg; };
      form.addEventListener("submit", async (e) => {
        const choice = e.submitter;
        if (!choice || !window.fetch) return; // old browser: the plain post
        e.preventDefault();
        buttons.forEach((b) => { b.disabled = true; });
        try {
          const r = await fetch(form.getAttribute("action"), {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ page: form.elements.page.value, helpful: choice.value === "yes" }),
          });
          if (!r.ok) throw new Error(r.status);
          form.classList.add("is-sent");
          say(t("feedback_thanks"));
        } catch {
          buttons.forEach((b) => { b.disabled = false; });
          say(t("feedback_failed"));
        }
      });
    });
  }

  // "On this page" marks the section being read. On wide screens it
  // stands beside the article, open (CSS shows its content there too) and
  // its summary is a title, out of the Tab order; narrower, it folds.
  function initTOC() {
    const menu = document.querySelector("[data-toc]");
    const wide = media("(min-width: 1200px)");
    if (menu && wide) {
      const summary = menu.querySelector("summary");
      const fit = () => {
        menu.open = wide.matches;
        if (wide.matches) summary.tabIndex = -1; else summary.removeAttribute("tabindex");
      };
      summary.addEventListener("click", (e) => { if (wide.matches) e.preventDefault(); });
      if (wide.addEventListener) wide.addEventListener("change", fit);
      if (wide.matches) fit();
    }
    const links = new Map();
    $$(".toc a[href^='#']").forEach((a) => {
      const el = document.getElementById(decodeURIComponent(a.hash.slice(1)));
      if (el) links.set(el, a);
    });
    if (!links.size || !window.IntersectionObserver) return;
    let active = null;
    const io = new IntersectionObserver((entries) => entries.forEach((en) => {
      if (!en.isIntersecting) return;
      if (active) active.classList.remove("is-active");
      active = links.get(en.target);
      active.classList.add("is-active");
    }), { rootMargin: "-70px 0px -65% 0px" });
    links.forEach((_, el) => io.observe(el));
  }

  // ---- Search ----------------------------------------------------------
  // Every search box is an input[data-search-input] in a form[data-search]
  // whose action is the search page (field "q"); without JavaScript the
  // form simply submits. Here each input becomes an ARIA combobox (the
  // APG list-autocomplete pattern) showing results as the reader types,
  // from the JSON API named by data-search-api. "/" and Ctrl-K (Cmd-K)
  // focus the box.
  //
  // A static host has no such API. kb build writes, beside it, a status
  // file (data-search-api + "-status.json") saying {"server":false} and,
  // when the site has a static index, where it and its client are:
  // {"server":false,"static":{"index":…,"engine":…}}. kb's server answers
  // that path itself with {"server":true,"ready":…}, never with an error
  // status, so asking it logs no error on any host. The first page of a
  // session asks it; the answer is kept in sessionStorage once final. With
  // a server the boxes use the API; without one but with a static index
  // they search it in the page (staticEngine), loading nothing until a
  // reader focuses a box; with neither they are hidden, except those
  // marked data-search-fixed (site.yaml search_url), which keep
  // submitting to that search page. A kb serve that has just started may
  // still be making its index (ready false): the box then says so while
  // the reader types, asking the status again until it is ready.
  // The answers are kept by status URL: each language of a multilingual
  // site has its own index (/de/api/search-status.json), and a German
  // page must not search the English one.
  const SEARCH_KEY = "kb-search-api";
  const searchAPI = { status: "", ready: false, static: null }; // the status URL; whether the API answers; the static index
  const keptSearches = () => { const all = JSON.parse(sessionStorage.getItem(SEARCH_KEY) || "null"); return all && typeof all === "object" ? all : {}; };
  const keepSearch = (st) => {
    try { const all = keptSearches(); all[searchAPI.status] = st; sessionStorage.setItem(SEARCH_KEY, JSON.stringify(all)); } catch { /* asked again next page */ }
  };
  // searchStatus resolves to {server, ready, static}; anything but the
  // status JSON (an older build without the file, a host's HTML for every
  // path) means no server.
  const searchStatus = (signal) => fetch(searchAPI.status, { signal, headers: { Accept: "application/json" } })
    .then((r) => r.json().then((j) => ({
      server: (j && j.server) === true, ready: (j && j.ready) === true,
      static: j && j.server !== true && j.static && typeof j.static.index === "string" && typeof j.static.engine === "string" ? j.static : null,
    }), () => ({ server: false, ready: false, static: null })));
  function initSearch() {
    const forms = $$("form[data-search]").filter((f) => f.querySelector("[data-search-input]"));
    if (!forms.length) return;
    const inputs = forms.map((f) => f.querySelector("[data-search-input]"));
    $$(".search-key", document).forEach((k) => { k.hidden = false; });
    document.addEventListener("keydown", (e) => {
      const t = e.target;
      const slash = e.key === "/" && !e.ctrlKey && !e.metaKey && !e.altKey && !t.isContentEditable && !/^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName);
      const k = (e.key === "k" || e.key === "K") && (e.ctrlKey || e.metaKey) && !e.altKey;
      if (!slash && !k) return;
      const input = inputs.find((i) => i.offsetParent !== null);
      if (input) { e.preventDefault(); input.focus(); input.select(); }
    });
    const api = forms[0].dataset.searchApi;
    if (!window.fetch || !window.AbortController || !api) return;
    searchAPI.status = api + "-status.json";
    const apply = (st) => {
      searchAPI.static = st.server ? null : st.static;
      forms.forEach((f) => {
        if (st.server || st.static) initCombobox(f);
        else if (!("searchFixed" in f.dataset)) f.hidden = true;
      });
      if (searchAPI.static) staticResultsPage();
      initCopyMCP(st);
    };
    let known = null;
    try { known = keptSearches()[searchAPI.status] || null; } catch { /* storage blocked */ }
    if (known && typeof known === "object") { searchAPI.ready = known.server && known.ready; apply(known); return; }
    searchStatus().then((st) => {
      searchAPI.ready = st.ready;
      if (st.ready || !st.server) keepSearch(st);
      apply(st);
    }, () => {}); // offline: leave the plain forms alone
  }

  // staticEngine loads the static search client (once) and opens the
  // index with it. A file that fails or is damaged makes the search
  // "unavailable", with one console warning, and is asked again next time.
  let engineP = null, warned = false;
  function staticEngine() {
    const st = searchAPI.static;
    if (!engineP) {
      engineP = new Promise((ok, fail) => {
        const sc = document.createElement("script");
        sc.src = st.engine;
        sc.async = true;
        sc.onload = () => (window.kbSearch ? ok() : fail(new Error("no kbSearch")));
        sc.onerror = () => fail(new Error("cannot load " + st.engine));
        document.head.append(sc);
      }).then(() => {
        const load = (url) => fetch(url, { headers: { Accept: "application/json" } }).then((r) => {
          if (!r.ok) throw new Error(url + ": " + r.status);
          return r.json();
        });
        const eng = window.kbSearch.open(new URL(st.index, location.href).href, load);
        return eng.ready().then(() => eng);
      });
      engineP.catch(() => { engineP = null; });
    }
    return engineP;
  }
  function staticSearch(q, opts) {
    return staticEngine().then((eng) => eng.search(q, opts)).catch((err) => {
      if (!warned) { warned = true; console.warn("kb: search is unavailable:", err && err.message ? err.message : err); }
      throw err;
    });
  }

  // snippetNodes turns a hit's snippet into nodes: the static engine's
  // [text, marked] pieces, or the API's HTML (escaped text with <mark>),
  // parsed in an inert <template> (no script runs, no image loads) with
  // only text and <mark> copied out.
  function snippetNodes(snip) {
    const f = document.createDocumentFragment();
    if (Array.isArray(snip)) {
      snip.forEach((p) => f.append(p[1] ? el("mark", "", String(p[0])) : String(p[0])));
      return f;
    }
    const t = document.createElement("template");
    t.innerHTML = snip || "";
    t.content.childNodes.forEach((n) => f.append(n.nodeName === "MARK" ? el("mark", "", n.textContent) : n.textContent));
    return f;
  }

  // staticResultsPage fills the search page from the static index, as
  // kb's server does: a summary, the category filter with counts, ten
  // results a page, and the advice with the support link when nothing
  // matches. Without JavaScript the page explains itself instead.
  function staticResultsPage() {
    const box = document.querySelector(".search-page .search-results");
    const place = box && box.querySelector(".search-static");
    if (!place) return;
    const params = new URLSearchParams(location.search);
    const q = (params.get("q") || "").trim(), category = params.get("category") || "";
    const page = Math.max(1, Math.min(5, parseInt(params.get("page") || "1", 10) || 1));
    const input = document.getElementById("search-page-q");
    if (input && q) input.value = q;
    const advice = place.nextElementSibling; // the hidden "no results" advice
    const show = (...nodes) => {
      box.querySelectorAll(".search-static-out").forEach((n) => n.remove());
      const out = el("div", "search-static-out");
      out.append(...nodes);
      place.hidden = true;
      box.append(out);
    };
    if (!q) { show(el("p", "search-summary", t("search_prompt"))); return; }
    const link = (cat, pg) => {
      const u = new URLSearchParams({ q });
      if (cat) u.set("category", cat);
      if (pg > 1) u.set("page", String(pg));
      return location.pathname + "?" + u.toString();
    };
    staticSearch(q, { limit: page * 10, category }).then((res) => {
      const nodes = [];
      let all = 0, catTitle = "";
      res.categories.forEach((c) => { all += c.count; if (c.key === category) catTitle = c.title; });
      if (!category) all = Math.max(all, res.total);
      const hits = res.hits.slice((page - 1) * 10);
      const pages = Math.ceil(Math.min(res.total, 50) / 10);
      if (res.total && hits.length) {
        const found = catTitle ? t("search_found_in", { count: res.total, category: catTitle, query: q }) : t("search_found", { count: res.total, query: q });
        const sum = el("p", "search-summary", pages > 1 ? t("search_range", { from: (page - 1) * 10 + 1, to: (page - 1) * 10 + hits.length, found }) : t("search_summary", { found }));
        sum.setAttribute("role", "status");
        nodes.push(sum);
      }
      if (res.categories.length > 1 || category) {
        const nav = el("nav", "search-filters"), ul = el("ul");
        nav.setAttribute("aria-label", t("search_filter_label"));
        [{ key: "", title: t("search_filter_all"), count: all }].concat(res.categories).forEach((c) => {
          const li = el("li"), a = el("a", "", c.title + " ");
          a.href = link(c.key, 1);
          if (c.key === category) a.setAttribute("aria-current", "page");
          const n = el("span", "search-count", String(c.count));
          n.append(el("span", "visually-hidden", " " + t("search_results_count", { count: c.count })));
          a.append(n);
          li.append(a);
          ul.append(li);
        });
        nav.append(ul);
        nodes.push(nav);
      }
      if (hits.length) {
        const ol = el("ol", "search-hits");
        ol.start = (page - 1) * 10 + 1;
        hits.forEach((h) => {
          const li = el("li", "search-hit"), a = el("a", "search-hit-title", h.title + (h.section && h.section !== h.title ? " › " + h.section : ""));
          a.href = h.url;
          li.append(a);
          if (h.fallback) li.append(" ", el("span", "search-hit-fallback", t("search_fallback")));
          if (h.breadcrumb.length) li.append(el("p", "search-hit-crumbs", h.breadcrumb.join(" › ")));
          if (h.snippet.length) { const p = el("p", "search-hit-snippet"); p.append(snippetNodes(h.snippet)); li.append(p); }
          ol.append(li);
        });
        nodes.push(ol);
      } else {
        const empty = el("div", "search-empty");
        empty.append(el("p", "search-empty-title", catTitle ? t("search_no_match_in", { query: q, category: catTitle }) : t("search_no_match", { query: q })));
        if (advice) Array.from(advice.children).forEach((c) => empty.append(c.cloneNode(true)));
        nodes.push(empty);
      }
      if (pages > 1) {
        const nav = el("nav", "search-pages");
        nav.setAttribute("aria-label", t("search_pages_label"));
        const btn = (pg, text, rel) => { const a = el("a", "btn", text); a.href = link(category, pg); a.rel = rel; return a; };
        if (page > 1) nav.append(btn(page - 1, t("previous"), "prev"));
        nav.append(el("span", "", t("search_page_of", { page, pages })));
        if (page < pages) nav.append(btn(page + 1, t("next"), "next"));
        nodes.push(nav);
      }
      show(...nodes);
    }, () => {
      const err = el("div", "search-error");
      err.setAttribute("role", "alert");
      err.append(el("p", "", t("search_error")));
      show(err);
    });
  }

  // el makes an element with a class and text.
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  let searchIDs = 0;
  function initCombobox(form) {
    const input = form.querySelector("[data-search-input]");
    const d = form.dataset;
    const id = (input.id || "kb-search-" + ++searchIDs) + "-list";
    const popup = el("div", "search-popup");
    const list = el("ul", "search-list");
    const foot = el("div", "search-foot");
    const status = el("p", "visually-hidden");
    popup.hidden = list.hidden = true;
    list.id = id;
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", t("search_suggestions_label"));
    status.setAttribute("role", "status");
    popup.append(list, foot);
    form.append(popup, status);
    const attr = (k, v) => input.setAttribute(k, v);
    attr("role", "combobox");
    attr("aria-autocomplete", "list");
    attr("aria-expanded", "false");
    attr("aria-controls", id);
    let hits = [], active = -1, timer = 0, ctrl = null, shown = "";
    let retry = 0, waiting = "", waitSince = 0; // while the index is not ready: the query waiting, since when

    const setActive = (i) => {
      const opts = list.children;
      if (opts[active]) opts[active].setAttribute("aria-selected", "false");
      active = i;
      if (opts[i]) {
        opts[i].setAttribute("aria-selected", "true");
        opts[i].scrollIntoView({ block: "nearest" });
        attr("aria-activedescendant", opts[i].id);
      } else input.removeAttribute("aria-activedescendant");
    };
    const open = (on) => {
      popup.hidden = !on;
      attr("aria-expanded", String(on));
      if (!on) setActive(-1);
    };
    const go = (i) => {
      const h = hits[i];
      if (!h) return;
      const u = new URL(h.url, location.href);
      if (u.pathname === location.pathname) open(false); // only the #anchor changes: the page stays
      location.href = u.href;
    };
    const pageLink = (q, text) => {
      const u = new URL(form.action, location.href);
      u.searchParams.set("q", q);
      const a = el("a", "search-all", text);
      a.href = u.href;
      return a;
    };
    // render shows the results res of q, or a note instead: "wait" while
    // the index is getting ready, "failed" when search did not answer.
    const render = (q, res, note) => {
      hits = (res && res.hits) || [];
      setActive(-1);
      list.replaceChildren(...hits.map((h, i) => {
        const li = el("li", "search-option");
        li.id = id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        const title = el("span", "search-option-title", h.title);
        if (h.section && h.section !== h.title) title.append(el("span", "search-option-section", " › " + h.section));
        if (h.fallback) title.append(el("span", "search-hit-fallback", t("search_fallback"))); // the default language's text
        const snip = el("span", "search-option-snippet");
        snip.append(snippetNodes(h.snippet));
        li.append(title, el("span", "search-option-crumbs", (h.breadcrumb || []).join(" › ")), snip);
        li.addEventListener("click", () => go(i));
        return li;
      }));
      list.hidden = !hits.length;
      const total = (res && res.total) || 0;
      foot.replaceChildren();
      waiting = note === "wait" ? q : "";
      if (note === "wait") foot.append(el("p", "search-none", t("search_wait")));
      else if (note) foot.append(el("p", "search-none", t("search_unavailable")));
      else if (!hits.length) {
        foot.append(el("p", "search-none", t("search_no_match", { query: q })));
        if (d.supportUrl) {
          const p = el("p", "search-none-support", d.supportText + " ");
          const a = el("a", "", d.supportLink);
          a.href = d.supportUrl;
          p.append(a);
          foot.append(p);
        }
      }
      if (note !== "wait") foot.append(pageLink(q, hits.length ? t("search_see_all", { count: total }) : t("search_all_for", { query: q })));
      status.textContent = note === "wait" ? t("search_status_wait") : note ? t("search_status_failed") : hits.length ? t("search_status_found", { count: total }) : t("search_status_none");
      shown = q;
      open(true);
    };
    const search = () => {
      const q = input.value.trim();
      if (ctrl) ctrl.abort();
      ctrl = null;
      clearTimeout(retry);
      if (!q) { shown = waiting = ""; open(false); status.textContent = ""; return; }
      const c = (ctrl = new AbortController());
      if (searchAPI.static) {
        staticSearch(q, { limit: 8 }).then((res) => { if (ctrl === c) render(q, res, ""); },
          () => { if (ctrl === c) render(q, null, "failed"); });
        return;
      }
      if (!searchAPI.ready) {
        // kb serve has just started and is still making its index: ask
        // the status (never an error) every half second while the list
        // is open, saying so, and give up after 30 s.
        waitSince = waitSince || Date.now();
        searchStatus(c.signal).then((st) => {
          if (ctrl !== c) return;
          if (st.ready) { searchAPI.ready = true; waitSince = 0; keepSearch(st); search(); return; }
          if (Date.now() - waitSince > 30000) { render(q, null, "failed"); return; }
          if (waiting !== q || popup.hidden) render(q, null, "wait");
          retry = setTimeout(() => { if (!popup.hidden) search(); }, 500);
        }, (err) => { if (ctrl === c && err.name !== "AbortError") render(q, null, "failed"); });
        return;
      }
      fetch(d.searchApi + "?q=" + encodeURIComponent(q) + "&limit=8", { signal: c.signal, headers: { Accept: "application/json" } })
        .then((r) => r.json().then((res) => { if (!r.ok) throw new Error(res.error || r.status); return res; }))
        .then((res) => { if (ctrl === c) render(q, res, ""); },
          (err) => { if (ctrl === c && err.name !== "AbortError") render(q, null, "failed"); });
    };
    const reopen = () => {
      const q = input.value.trim();
      if (q && q === shown) { if (waiting) search(); else open(true); }
    };

    input.addEventListener("input", () => { clearTimeout(timer); waitSince = 0; timer = setTimeout(search, 120); });
    input.addEventListener("focus", () => { if (searchAPI.static) staticEngine().catch(() => {}); reopen(); });
    input.addEventListener("keydown", (e) => {
      const n = popup.hidden ? 0 : hits.length;
      if ((e.key === "ArrowDown" || e.key === "ArrowUp") && !e.altKey) {
        e.preventDefault();
        if (popup.hidden) { if (input.value.trim() === shown) reopen(); else search(); return; }
        if (!n) return;
        const step = e.key === "ArrowDown" ? 1 : -1;
        setActive(active < 0 ? (step > 0 ? 0 : n - 1) : (active + step + n) % n);
      } else if (e.key === "Enter" && !e.isComposing && active >= 0 && n) {
        e.preventDefault(); // otherwise the form goes to the search page
        go(active);
      } else if (e.key === "Escape") {
        if (!popup.hidden) open(false);
        else if (input.value) { input.value = ""; shown = ""; status.textContent = ""; }
        else return;
        e.preventDefault();
      }
    });
    form.addEventListener("submit", (e) => {
      clearTimeout(timer);
      clearTimeout(retry);
      if (ctrl) ctrl.abort();
      if (active >= 0 && !popup.hidden) e.preventDefault(); // Enter on an option: opening it already
    });
    // Clicks in the list keep the focus in the input; a click elsewhere
    // or a Tab out of the form closes it.
    popup.addEventListener("mousedown", (e) => { if (!e.target.closest("a")) e.preventDefault(); });
    document.addEventListener("pointerdown", (e) => { if (!form.contains(e.target)) open(false); });
    form.addEventListener("focusout", (e) => { if (!form.contains(e.relatedTarget)) open(false); });
    if (document.activeElement === input && input.value.trim()) search(); // typed before the status answered
  }

  // Tabs: every panel is visible, with its label, without JavaScript.
  // Here they become ARIA tabs (arrow keys, Home, End); the choice is
  // remembered for every tab set offering the same keys.
  function initTabs() {
    const sets = document.querySelectorAll(".tabs[data-tab-group]");
    if (!sets.length) return;
    const store = (k, v) => { try { if (v === undefined) return localStorage.getItem(k); localStorage.setItem(k, v); } catch (e) { return null; } };
    const select = (set, key, focus) => {
      set.querySelectorAll('[role="tab"]').forEach((t) => {
        const on = t.dataset.tab === key;
        t.setAttribute("aria-selected", on ? "true" : "false");
        t.tabIndex = on ? 0 : -1;
        if (on && focus) t.focus();
      });
      set.querySelectorAll(".tab-panel").forEach((p) => { p.hidden = p.dataset.tab !== key; });
    };
    sets.forEach((set) => {
      const group = set.dataset.tabGroup;
      const panels = Array.from(set.querySelectorAll(":scope > .tab-panel"));
      const list = document.createElement("div");
      list.className = "tab-list";
      list.setAttribute("role", "tablist");
      panels.forEach((panel) => {
        const key = panel.dataset.tab;
        const tab = document.createElement("button");
        tab.type = "button";
        tab.className = "tab";
        tab.setAttribute("role", "tab");
        tab.id = set.id + "-tab-" + key;
        tab.dataset.tab = key;
        tab.textContent = panel.dataset.tabLabel;
        panel.id = set.id + "-panel-" + key;
        panel.setAttribute("role", "tabpanel");
        panel.setAttribute("aria-labelledby", tab.id);
        panel.tabIndex = 0;
        tab.setAttribute("aria-controls", panel.id);
        tab.addEventListener("click", () => {
          store("kb-tab:" + group, key);
          document.querySelectorAll('.tabs[data-tab-group="' + CSS.escape(group) + '"]').forEach((s) => select(s, key, false));
        });
        tab.addEventListener("keydown", (e) => {
          const tabs = Array.from(list.children);
          let i = tabs.indexOf(tab);
          // Right to left the tabs run leftwards, and so do the arrows.
          const fwd = getComputedStyle(list).direction === "rtl" ? "ArrowLeft" : "ArrowRight";
          if (e.key === "ArrowRight" || e.key === "ArrowLeft") i = (e.key === fwd ? i + 1 : i - 1 + tabs.length) % tabs.length;
          else if (e.key === "Home") i = 0;
          else if (e.key === "End") i = tabs.length - 1;
          else return;
          e.preventDefault();
          tabs[i].click();
          tabs[i].focus();
        });
        list.appendChild(tab);
      });
      set.insertBefore(list, set.firstChild);
      set.classList.add("tabs-ready");
      const saved = store("kb-tab:" + group);
      select(set, panels.some((p) => p.dataset.tab === saved) ? saved : panels[0].dataset.tab, false);
    });
  }

  function start() {
    [initTheme, initAnnouncement, initSidebar, initCopyPage, initPageMenu, initCodeCopy, initScrollers, initFeedback, initTOC, initTabs, initSearch].forEach((f) => {
      try { f(); } catch (err) { console.error("kb:", err); }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

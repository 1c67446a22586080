// kb's static search engine: answers a reader's query from the static
// index kb build writes (package search, static.go), fetching only the
// files the query needs, with the rules of kb's server (search/query.go,
// search.go, snippet.go, errors.go): the same units, variants and
// weights, which meta.json carries. It needs kbAnalysis (analysis.js,
// concatenated before it) and runs in browsers and in goja (the Go
// tests drive it there): ES2017, no DOM.
//
// kbSearch.open(base, load) returns an engine for the index at base (a
// URL ending in "/"); load(url) returns a promise of the file's parsed
// JSON. engine.search(text, {category, limit}) returns a promise of
// {query, total, hits, categories} like /api/search, except that each
// hit's snippet is a list of [text, marked] pieces, never HTML.
var kbSearch = (function () {
  "use strict";
  var A = kbAnalysis;
  var B32 = "0123456789abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZ-_@$!*";
  var DIGIT = {};
  for (var i = 0; i < B32.length; i++) DIGIT[B32.charAt(i)] = i;
  var F_TITLE = 0, F_HEAD = 1, F_KEYS = 2, F_BODY = 6, F_CODE = 7;
  var VARIANT = [true, true, true, true, true, true, false, false];

  // varints decodes a string of static.go's varints.
  function varints(s) {
    var out = [], v = 0, sh = 1;
    for (var i = 0; i < s.length; i++) {
      var d = DIGIT[s.charAt(i)];
      if (d === undefined) throw new Error("kb search: bad postings");
      if (d >= 32) { out.push(v + (d - 32) * sh); v = 0; sh = 1; } else { v += d * sh; sh *= 32; }
    }
    return out;
  }

  // key is static.go's staticKey: the first n characters of a term, each
  // but a-z and 0-9 as _hex_.
  function key(term, n) {
    var out = "";
    for (var c of term) {
      if (n-- === 0) break;
      out += /^[a-z0-9]$/.test(c) ? c : "_" + c.codePointAt(0).toString(16) + "_";
    }
    return out;
  }

  function titleKey(s) {
    if (A.lang().bigrams) {
      // mapping.go's titleKey, whose words are runs of letters and digits:
      // not cjk's pairs.
      var out = "", inWord = false;
      for (var c of s.toLowerCase()) {
        if (c === "'" || c === "’") continue;
        var cp = c.codePointAt(0);
        if (A.isLetter(cp) || /[0-9]/.test(c)) { if (!inWord && out) out += " "; out += c; inWord = true; } else inWord = false;
      }
      return out;
    }
    return A.words(s).map(function (w) { return w.raw.toLowerCase().replace(/['’]/g, ""); }).join(" ");
  }

  function sortedSet(list) {
    var seen = {}, out = [];
    list.forEach(function (s) { if (!seen[s]) { seen[s] = true; out.push(s); } });
    return out.sort().join(" ");
  }

  // stemSet is build.go's: a text's distinct stems, sorted.
  function stemSet(s) {
    return sortedSet(A.words(s).filter(function (w) { return w.stem; }).map(function (w) { return w.stem; }));
  }

  function isNumber(s) { return /^[0-9]+$/.test(s); }

  // within1 reports whether a and b are at most one edit apart
  // (Levenshtein), as bleve's fuzzy dictionary walk finds them.
  function within1(a, b) {
    if (a === b) return true;
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1) return false;
    if (la > lb) { var t = a; a = b; b = t; la = a.length; lb = b.length; }
    var i = 0;
    while (i < la && a.charAt(i) === b.charAt(i)) i++;
    if (la === lb) return a.slice(i + 1) === b.slice(i + 1);
    return a.slice(i) === b.slice(i + 1);
  }

  // rank orders a count map's keys: most first, then alphabetically.
  function rank(m) {
    return Object.keys(m).sort(function (x, y) { return m[y] - m[x] || (x < y ? -1 : x > y ? 1 : 0); });
  }

  // Error messages (errors.go): tokens between spaces, brackets, quotes
  // and markup characters, lowercase, trimmed of punctuation.
  var ERR_SEP = /[\s<>()[\]{}"“”‘«»`*,;!?|\\\u0000-\u001f\u007f-\u009f]+/;
  function errTokens(s) {
    var out = [];
    s.split(ERR_SEP).forEach(function (t) {
      var w = A.words(t);
      if (!w.length) return;
      var norm = t.slice(w[0].start, w[w.length - 1].end).replace(/’/g, "'").toLowerCase();
      if (norm && out.length < 128) out.push(norm);
    });
    return out;
  }
  function isCode(t) {
    if (t.length < 4) return false;
    if (t.indexOf("_") >= 0) return true;
    var digits = (t.match(/[0-9]/g) || []).length;
    return digits >= 2 && t.length > digits;
  }
  // errMatch is errors.go's: the best qualifying common run of q's tokens
  // in one of msgs, {whole, length, msg}.
  function errMatch(q, msgs, lim) {
    var best = { whole: false, length: 0 };
    if (!q.length || !msgs) return best;
    msgs.forEach(function (msg) {
      var m = errTokens(msg);
      for (var i = 0; i < q.length; i++) {
        for (var k = 0; k < m.length; k++) {
          if (m[k] !== q[i]) continue;
          var l = 0;
          while (i - l >= 0 && k - l >= 0 && m[k - l] === q[i - l]) l++;
          if (i + 1 < q.length && k + 1 < m.length && q[i + 1] === m[k + 1]) continue;
          var from = k + 1 - l, run = m.slice(from, k + 1);
          var whole = from === 0 && k + 1 === m.length;
          var n = run.join(" ").length;
          if (!whole && !run.some(isCode) && (l < lim.errPartWords || n < lim.errPartBytes)) continue;
          var h = { whole: whole, length: n, msg: msg, run: run };
          if (better(h, best)) best = h;
        }
      }
    });
    return best;
  }
  function better(a, b) { return a.whole !== b.whole ? a.whole : a.length > b.length; }

  function open(base, load) {
    var metaP = null, shards = {}, chunks = {}, vocabP = null, fetched = 0;
    var meta = null, shardSet = null, splitSet = null, docCats = null, fallback = null;

    function get(path) { fetched++; return load(base + path); }
    function ready() {
      if (!metaP) {
        // The build puts meta.json inside the script it writes beside
        // the index (kbSearch.meta): one request less.
        var pre = kbSearch.meta, ver = base.replace(/\/$/, "").split("/").pop();
        metaP = (pre && pre.v === ver ? Promise.resolve(pre) : get("meta.json")).then(function (m) {
          if (!m || m.schema !== 2) throw new Error("kb search: unknown index schema");
          var lang = A.lang().name;
          if ((m.lang || "en") !== lang && lang !== "none") throw new Error("kb search: the index is in " + (m.lang || "en") + ", the client analyses " + lang);
          meta = m;
          shardSet = {}; (m.shards || []).forEach(function (k) { shardSet[k] = true; });
          splitSet = {}; (m.split || []).forEach(function (k) { splitSet[k] = true; });
          docCats = varints(m.dc || "");
          // The fallback documents (static.go's Fallback): gaps.
          fallback = new Set();
          varints(m.fb || "").reduce(function (doc, gap) { doc += gap; fallback.add(doc); return doc; }, 0);
          return m;
        });
        metaP.catch(function () { metaP = null; });
      }
      return metaP;
    }
    // shardKey is the shard a term is in; "" for none.
    function shardKey(term) {
      var k2 = key(term, 2);
      if (splitSet[k2]) { var k3 = key(term, 3); return shardSet[k3] ? k3 : ""; }
      return shardSet[k2] ? k2 : "";
    }
    function shard(k) {
      if (!k) return Promise.resolve(null);
      if (!shards[k]) {
        shards[k] = get("t/" + k + ".json");
        shards[k].catch(function () { delete shards[k]; });
      }
      return shards[k];
    }
    function loaded(k) { return shards[k] && shards[k].value; }
    // fetchShards loads the shards of terms, resolving when all are in.
    function fetchShards(terms) {
      var keys = {};
      terms.forEach(function (t) { var k = shardKey(t); if (k && !shards[k]) keys[k] = true; });
      return Promise.all(Object.keys(keys).map(function (k) {
        return shard(k).then(function (v) { shards[k].value = v; });
      }));
    }
    // entry is a term's entry: {df: [per field], posts: [per field
    // string]}, or null.
    var entries = {};
    function entry(term) {
      if (Object.prototype.hasOwnProperty.call(entries, term)) return entries[term];
      var k = shardKey(term), s = loaded(k);
      if (k && !s) return null; // not yet fetched: asked again once it is
      var raw = s && Object.prototype.hasOwnProperty.call(s, term) ? s[term] : null;
      var e = null;
      if (raw) {
        e = { df: [0, 0, 0, 0, 0, 0, 0, 0], posts: [null, null, null, null, null, null, null, null] };
        var n = 0;
        for (var f = 0; f < 8; f++) if (raw[0] & (1 << f)) n++;
        var j = 0;
        for (f = 0; f < 8; f++) {
          if (!(raw[0] & (1 << f))) continue;
          e.df[f] = raw[1 + j];
          e.posts[f] = raw[1 + n + j];
          j++;
        }
      }
      entries[term] = e;
      return e;
    }
    function df(term, f) { var e = entry(term); return e ? e.df[f] : 0; }
    function dfTB(term) { return df(term, F_BODY) + df(term, F_TITLE); }
    // postings decodes a term's postings in field f: {doc: [sat, parts]}.
    var decoded = {};
    function postings(term, f) {
      var id = f + ":" + term;
      if (decoded[id]) return decoded[id];
      var e = entry(term), out = new Map();
      if (e && e.posts[f]) {
        var v = varints(e.posts[f]), doc = 0, step = f === F_BODY ? 3 : 2;
        for (var i = 0; i + step - 1 < v.length; i += step) {
          doc = i === 0 ? v[i] : doc + v[i];
          out.set(doc, [v[i + 1], f === F_BODY ? v[i + 2] : 0]);
        }
      }
      decoded[id] = out;
      return out;
    }
    // termsWithPrefix are the loaded shard's terms starting with pre
    // that titles or bodies have.
    function termsWithPrefix(pre) {
      var s = loaded(shardKey(pre)), out = [];
      if (!s) return out;
      for (var t in s) if (t.length > pre.length - 1 && t.lastIndexOf(pre, 0) === 0 && dfTB(t) > 0) out.push(t);
      return out;
    }
    function vocab() {
      if (!meta.vocab) return Promise.resolve([]);
      if (!vocabP) { vocabP = get("v.json"); vocabP.catch(function () { vocabP = null; }); }
      return vocabP;
    }

    // plan is query.go's parse: the units of the text. It runs twice:
    // first to learn which shards the text needs (need), then, once they
    // are in, for real.
    function plan(text, voc, need) {
      var W = meta.w, L = meta.lim;
      var p = { units: [], marks: {}, prefixes: [], key: "", stemKey: "", terms: [] };
      var words = [], phrase = 0, inQuote = false, n = 0;
      var parts = text.split(/["“”]/);
      parts.forEach(function (seg, i) {
        if (i > 0) { inQuote = !inQuote; if (inQuote) phrase++; }
        A.words(seg).forEach(function (w) {
          if (!w.stem || n >= L.terms) return;
          n++;
          words.push({ raw: w.raw, lower: w.lower, stem: w.stem, phrase: inQuote ? phrase : 0 });
        });
      });
      if (!words.length) return p;
      var last = words[words.length - 1];
      var lastIsPrefix = !inQuote && !/\s$/.test(text) && last.phrase === 0;
      var kept = words.filter(function (w) { return w.phrase !== 0 || meta.soft[w.stem] !== 2; });
      if (kept.length) {
        if (kept[kept.length - 1] !== last) lastIsPrefix = false;
        words = kept;
      }
      p.key = titleKey(text.replace(/["“”]/g, " "));
      p.stemKey = sortedSet(words.map(function (w) { return w.stem; }));
      var i, j;
      for (i = 0; i < words.length;) {
        if (words[i].phrase === 0) { i++; continue; }
        var alt = [], raw = [];
        for (j = i; j < words.length && words[j].phrase === words[i].phrase; j++) {
          alt.push({ stem: words[j].stem, lower: words[j].lower, weight: 1 });
          raw.push(words[j].raw);
        }
        p.units.push({ text: raw.join(" "), alts: [alt], required: true, soft: false });
        i = j;
      }
      var free = words.filter(function (w) { return w.phrase === 0; });
      var soft = function (w) { return !!meta.soft[w.stem]; };
      for (i = 0; i < free.length;) {
        var span = 1, syn = null;
        for (var k = Math.min(4, free.length - i); k >= 1; k--) {
          var sk = free.slice(i, i + k).map(function (w) { return w.stem; }).join(" ");
          if (Object.prototype.hasOwnProperty.call(meta.syn, sk)) { span = k; syn = meta.syn[sk]; break; }
        }
        var u = wordsUnit(free.slice(i, i + span), lastIsPrefix && i + span === free.length, p, voc, need);
        (syn || []).forEach(function (a) {
          u.alts.push(a.map(function (s) { need.push(s); return { stem: s, lower: s, weight: W.synonym }; }));
        });
        if (span === 1 && i + 1 < free.length && !syn && !soft(free[i]) && !soft(free[i + 1])) {
          var joined = A.stem(free[i].lower + free[i + 1].lower);
          need.push(joined);
          if (joined && dfTB(joined) + df(joined, F_BODY) > 0) {
            var u2 = wordsUnit(free.slice(i, i + 2), lastIsPrefix && i + 2 === free.length, p, voc, need);
            u2.alts.push([{ stem: joined, lower: joined, weight: W.compound }]);
            u = u2; span = 2;
          }
        }
        p.units.push(u);
        i += span;
      }
      p.units.forEach(function (u, ui) {
        var d = 0;
        u.alts.forEach(function (alt) { d = Math.max(d, dfTB(alt[0].stem)); });
        u.idf = Math.log(1 + meta.n / (d + 1));
        u.covers = [];
        u.alts.forEach(function (alt) {
          alt.forEach(function (t) { if (!(t.stem in p.marks)) p.marks[t.stem] = ui; });
          if (alt[0].weight > W.partial) u.covers.push(alt);
        });
      });
      return p;
    }

    // wordsUnit is query.go's: a run of free words, with, for one word,
    // its completions, corrections and split.
    function wordsUnit(ws, lastIsPrefix, p, voc, need) {
      var W = meta.w, L = meta.lim;
      var u = { text: ws.map(function (w) { return w.raw; }).join(" "), alts: [], required: false, soft: false };
      var all = ws.map(function (w) { return { stem: w.stem, lower: w.lower, weight: 1 }; });
      if (ws.length > 1) {
        u.alts.push(all);
        ws.forEach(function (w) {
          if (!meta.soft[w.stem]) u.alts.push([{ stem: w.stem, lower: w.lower, weight: W.partial }]);
        });
        return u;
      }
      var w = ws[0];
      u.soft = !!meta.soft[w.stem];
      u.alts.push(all);
      if (u.soft) return u;
      var exact = dfTB(w.stem);
      if (lastIsPrefix && w.lower.length >= 2) {
        completions(w, exact, p, need).forEach(function (t) { u.alts.push([t]); });
      }
      if (w.lower.length >= L.minFuzzy && !isNumber(w.lower)) {
        corrections(w, exact, voc, need).forEach(function (t) { u.alts.push([t]); });
      }
      var sp = split(w, exact, need);
      if (sp) u.alts.push(sp);
      if (exact === 0 && meta.lang && meta.lang !== A.lang().name) {
        // An index in a language whose stemmer this client has no port
        // of (lang-none.js): a word it lacks may be an inflection of one
        // it has, a few letters shorter (Snowball stems mostly are).
        var tr = truncated(w.stem, 4);
        if (tr !== w.stem) u.alts.push([{ stem: tr, lower: "", weight: W.fuzzy }]);
      }
      return u;
    }

    function corrections(w, exact, voc, need) {
      var W = meta.w, L = meta.lim, seen = {};
      var s = loaded(shardKey(w.stem));
      if (s) for (var t in s) {
        if (t !== w.stem && within1(t, w.stem)) {
          var c = df(t, F_TITLE) + df(t, F_BODY);
          if (c > 0) seen[t] = (seen[t] || 0) + c;
        }
      }
      // As the server's dictionary lookups, a typo keeps the word's first
      // letter: "erstellen" is not "herstellen".
      if (voc) voc.forEach(function (v) {
        if (v.codePointAt(0) !== w.lower.codePointAt(0) || !within1(v, w.lower)) return;
        var st = A.stem(v);
        if (st && st !== w.stem && !(st in seen)) { need.push(st); seen[st] = dfTB(st); }
      });
      var b = w.stem;
      for (var i = 0; i + 1 < b.length; i++) {
        if (b.charAt(i) === b.charAt(i + 1)) continue;
        var c2 = b.slice(0, i) + b.charAt(i + 1) + b.charAt(i) + b.slice(i + 2);
        need.push(c2);
        var n2 = dfTB(c2);
        if (n2 > 0) seen[c2] = (seen[c2] || 0) + n2;
      }
      Object.keys(seen).forEach(function (k) { if (!seen[k]) delete seen[k]; });
      var cands = rank(seen);
      if (!cands.length) return [];
      var best = seen[cands[0]];
      if (exact > 0 && (exact > 2 || best < 20 * exact)) return [];
      var out = [];
      for (var j = 0; j < cands.length; j++) {
        if (out.length === L.fuzzy || seen[cands[j]] * 10 < best) break;
        out.push({ stem: cands[j], lower: "", weight: W.fuzzy });
      }
      return out;
    }

    // split is query.go's: splits between letters, counted in letters,
    // and for German also without the letters that join compounds.
    function split(w, exact, need) {
      var W = meta.w, cs = Array.from(w.lower), linking = A.lang().linking || [];
      if (exact > 2 || cs.length < 4 || w.lower.indexOf("'") >= 0) return null;
      var best = null, bestDF = 0;
      var attempt = function (a, b) {
        var sa = A.stem(a), sb = A.stem(b);
        if (!sa || !sb) return;
        need.push(sa, sb);
        var dfs = dfTB;
        if (linking.length) { sa = truncated(sa); sb = truncated(sb); dfs = dfTBH; }
        var n = Math.min(dfs(sa), dfs(sb));
        if (n > bestDF) { best = [{ stem: sa, lower: a, weight: W.compound }, { stem: sb, lower: b, weight: W.compound }]; bestDF = n; }
      };
      for (var i = 1; i < cs.length; i++) {
        var a = cs.slice(0, i).join(""), b = cs.slice(i).join("");
        var digitEdge = /[0-9]/.test(cs[i - 1]) !== /[0-9]/.test(cs[i]);
        if (!digitEdge && (i < 3 || cs.length - i < 3)) continue;
        attempt(a, b);
        linking.forEach(function (l) {
          if (a.length > l.length && a.slice(a.length - l.length) === l && i - l.length >= 3) attempt(a.slice(0, a.length - l.length), b);
        });
      }
      return best;
    }

    // truncated is query.go's: a stem the index lacks, less up to three
    // letters at the end, when the index has that. The shorter terms are
    // in the stem's shard.
    function dfTBH(t) { return dfTB(t) + df(t, F_HEAD); }
    function truncated(st, most) {
      if (dfTBH(st) > 0) return st;
      var r = Array.from(st);
      for (var cut = 1; cut <= (most || 3) && r.length - cut >= (most ? 4 : 5); cut++) {
        var c = r.slice(0, r.length - cut).join("");
        if (dfTBH(c) > 0) return c;
      }
      return st;
    }

    function completions(w, exact, p, need) {
      var W = meta.w, L = meta.lim;
      for (var cut = 0; cut === 0 || exact === 0 && cut <= 3 && w.lower.length - cut >= 3; cut++) {
        var forms = prefixForms(w.lower.slice(0, w.lower.length - cut));
        for (var f = 0; f < forms.length; f++) {
          var pre = forms[f];
          need.push(pre);
          var seen = {};
          termsWithPrefix(pre).forEach(function (t) { if (t !== w.stem) seen[t] = dfTB(t); });
          var cands = rank(seen);
          if (!cands.length) continue;
          p.prefixes.push(pre);
          var weight = exact > 0 ? W.prefix / 2 : W.prefix, most = exact > 0 ? L.prefixKnown : L.prefix;
          return cands.slice(0, most).map(function (c) { return { stem: c, lower: "", weight: weight }; });
        }
      }
      return [];
    }
    // prefixForms is query.go's: a prefix, and out of English its stem.
    function prefixForms(pre) {
      if (A.lang().english) return [pre];
      var st = A.stem(pre);
      return st && st !== pre && Array.from(st).length >= 2 ? [pre, st] : [pre];
    }

    // score gives every document the query matches its score, as the
    // bleve query of query.go would (BM25 per field, the best field and
    // a share of the others, the best alternative, units weighted by
    // idf, a bonus for covering each unit): a Map doc → score.
    function score(p) {
      var W = meta.w, N = meta.n;
      var idf = function (t, f) {
        var d = df(t, f);
        if (d === 0) { if (f !== F_BODY) return 0; d = 1; }
        var n = Math.max(N, d);
        return Math.log(1 + (n - d + 0.5) / (d + 0.5));
      };
      var termScores = function (t, soft) {
        var per = new Map();
        var add = function (f, term, boost) {
          var i = idf(term, f);
          if (!i) return;
          postings(term, f).forEach(function (v, doc) {
            var s = boost * i * i * (v[0] / 255) * W.k1;
            var cur = per.get(doc);
            if (!cur) per.set(doc, { max: s, sum: s });
            else { cur.sum += s; if (s > cur.max) cur.max = s; }
          });
        };
        for (var f = 0; f < 7; f++) {
          if (soft && f !== F_TITLE && f !== F_HEAD && f !== F_KEYS) continue;
          if (t.weight < 1 && !VARIANT[f]) continue;
          add(f, t.stem, meta.boosts[f] * t.weight * (soft ? W.softField : 1));
        }
        if (t.lower && !soft && t.weight === 1) add(F_CODE, t.lower, meta.boosts[F_CODE] * t.weight);
        var out = new Map();
        per.forEach(function (v, doc) { out.set(doc, v.max + W.fieldTie * (v.sum - v.max)); });
        return out;
      };
      var total = 0;
      var units = p.units.map(function (u) {
        var w = u.idf * (u.soft ? W.soft : 1);
        w = Math.max(w, 0.01);
        total += w;
        var best = new Map();
        u.alts.forEach(function (alt) {
          var parts = alt.map(function (t) { return termScores(t, u.soft); });
          if (parts.some(function (m) { return m.size === 0; })) return;
          var bonus = u.soft ? 0 : W.cover * u.idf * alt[0].weight;
          parts[0].forEach(function (s0, doc) {
            var s = s0;
            for (var i = 1; i < parts.length; i++) {
              var x = parts[i].get(doc);
              if (x === undefined) return;
              s += x;
            }
            s += bonus;
            var cur = best.get(doc);
            if (!cur) best.set(doc, { max: s, sum: s });
            else { cur.sum += s; if (s > cur.max) cur.max = s; }
          });
        });
        return { w: w, required: u.required, docs: best };
      });
      var scores = new Map(), weight = new Map();
      units.forEach(function (u) {
        u.docs.forEach(function (v, doc) {
          var s = v.max + W.altTie * (v.sum - v.max);
          scores.set(doc, (scores.get(doc) || 0) + s);
          weight.set(doc, (weight.get(doc) || 0) + u.w);
        });
      });
      var out = new Map();
      scores.forEach(function (s, doc) {
        for (var i = 0; i < units.length; i++) if (units[i].required && !units[i].docs.has(doc)) return;
        out.set(doc, s * weight.get(doc) / total);
      });
      return out;
    }

    function chunk(n) {
      if (!chunks[n]) {
        chunks[n] = get("d/" + n + ".json");
        chunks[n].catch(function () { delete chunks[n]; });
      }
      return chunks[n];
    }
    function docs(ids) {
      var want = {};
      ids.forEach(function (d) { want[Math.floor(d / meta.chunk)] = true; });
      return Promise.all(Object.keys(want).map(function (c) {
        return chunk(+c).then(function (list) { return [+c, list]; });
      })).then(function (lists) {
        var by = {};
        lists.forEach(function (l) { by[l[0]] = l[1]; });
        return ids.map(function (d) { return by[Math.floor(d / meta.chunk)][d % meta.chunk]; });
      });
    }

    // unitOfWord is snippet.go's: the unit a word of a text matches, or -1.
    function unitOfWord(p, w) {
      if (w.stem && Object.prototype.hasOwnProperty.call(p.marks, w.stem)) return p.marks[w.stem];
      for (var i = 0; i < p.prefixes.length; i++) if (w.lower.lastIndexOf(p.prefixes[i], 0) === 0) return p.units.length - 1;
      return -1;
    }
    // match is snippet.go's: the units a text's words cover (as a set of
    // alternatives' terms, or the last word's prefix), the pairs of
    // neighbouring units found side by side, and the matching words.
    function match(p, text) {
      var found = {}, pairs = 0, hits = 0, prev = -1, prefixed = false;
      A.words(text).forEach(function (w) {
        var u = -1;
        if (w.stem && Object.prototype.hasOwnProperty.call(p.marks, w.stem)) { found[w.stem] = true; u = p.marks[w.stem]; }
        else {
          for (var i = 0; i < p.prefixes.length; i++) {
            if (w.lower.lastIndexOf(p.prefixes[i], 0) === 0) { u = p.units.length - 1; prefixed = true; break; }
          }
        }
        if (u >= 0) { hits++; if (u > 0 && prev === u - 1) pairs |= 1 << u; prev = u; }
        else if (w.stem) prev = -1;
      });
      return { units: unitsOf(p, function (t) { return found[t.stem]; }, prefixed), pairs: pairs, hits: hits };
    }
    function unitsOf(p, has, prefixed) {
      var units = 0;
      p.units.forEach(function (u, ui) {
        if (u.covers.some(function (alt) { return alt.every(has); })) units |= 1 << ui;
      });
      if (prefixed && p.units.length) units |= 1 << (p.units.length - 1);
      return units;
    }
    function bitCount(x) { var n = 0; while (x) { n += x & 1; x >>>= 1; } return n; }

    // examine is snippet.go's, with the body postings' parts telling which
    // sections' whole texts hold a unit (the index keeps only the start of
    // each text).
    function examine(p, doc, id) {
      var l = { best: -1, bestHits: 0, cover: 0, titleCover: 0, adjacent: 0 };
      var secs = doc.s || [];
      var tm = match(p, doc.t);
      var pairs = tm.pairs, all = (1 << p.units.length) - 1;
      var titleCovers = tm.units === all, titleLen = A.words(doc.t).filter(function (w) { return w.stem; }).length;
      var text = [], head = [], hits = [], dfs = p.units.map(function () { return 0; });
      var partsOf = function (t) { var v = postings(t.stem, F_BODY).get(id); return v ? v[1] : 0; };
      secs.forEach(function (s, i) {
        var bit = Math.pow(2, Math.min(i, 31));
        var inText = unitsOf(p, function (t) { return Math.floor(partsOf(t) / bit) % 2 === 1; }, false);
        var tx = match(p, s[2]), hd = match(p, s[1]);
        text[i] = inText | tx.units;
        head[i] = hd.units;
        hits[i] = tx.hits;
        pairs |= tx.pairs | hd.pairs;
        p.units.forEach(function (u, k) { if ((text[i] | head[i]) & (1 << k)) dfs[k]++; });
      });
      var total = 0;
      p.units.forEach(function (u) { if (!u.soft) total += u.idf; });
      if (total > 0) p.units.forEach(function (u, k) { if (!u.soft && tm.units & (1 << k)) l.titleCover += u.idf / total; });
      if (p.units.length > 1) l.adjacent = bitCount(pairs >>> 1) / (p.units.length - 1);
      var bestScore = 0;
      secs.forEach(function (s, i) {
        var sc = 0, cov = 0;
        p.units.forEach(function (u, k) {
          var bit = 1 << k, wt = Math.log(1 + secs.length / Math.max(dfs[k], 1));
          var inn = ((text[i] | head[i]) & bit) !== 0;
          if (inn) sc += wt;
          if (head[i] & bit) sc += 0.5 * wt;
          if (!u.soft && (inn || tm.units & bit)) cov += u.idf;
        });
        if (total > 0) l.cover = Math.max(l.cover, cov / total);
        sc += 0.01 * Math.min(hits[i], 10);
        if (titleCovers && i > 0 && (head[i] !== all || A.words(s[1]).filter(function (w) { return w.stem; }).length >= titleLen)) sc = 0;
        if (sc > bestScore) { l.best = i; l.bestHits = hits[i]; bestScore = sc; }
      });
      return l;
    }

    // snippet is snippet.go's window, as [text, marked] pieces.
    function window(p, text) {
      var L = meta.lim, words = A.words(text), hits = [];
      words.forEach(function (w, i) { if (unitOfWord(p, w) >= 0) hits.push(i); });
      if (!words.length) return text.trim() ? [[text.trim(), false]] : [];
      var start = 0;
      if (hits.length) {
        var bestU = -1, bestN = -1;
        hits.forEach(function (h, i) {
          var units = {}, n = 0;
          for (var j = i; j < hits.length; j++) {
            if (hits[j] - h >= L.snippetWords - L.snippetLead) break;
            var u = unitOfWord(p, words[hits[j]]);
            units[u < 0 ? p.units.length - 1 : u] = true;
            n++;
          }
          var nu = Object.keys(units).length;
          if (nu > bestU || nu === bestU && n > bestN) { bestU = nu; bestN = n; start = h; }
        });
        start = Math.max(0, start - L.snippetLead);
      }
      var end = Math.min(words.length, start + L.snippetWords), isHit = {};
      hits.forEach(function (h) { isHit[h] = true; });
      var out = [], from = words[start].start;
      var put = function (s, m) {
        s = s.replace(/\s+/g, " ");
        if (!s) return;
        if (out.length && out[out.length - 1][1] === m) out[out.length - 1][0] += s; else out.push([s, m]);
      };
      if (start > 0) put("… ", false);
      for (var i = start; i < end; i++) {
        if (!isHit[i]) continue;
        var at = Math.max(from, words[i].start); // cjk's pairs overlap
        put(text.slice(from, at), false);
        put(text.slice(at, words[i].end), true);
        from = words[i].end;
      }
      put(text.slice(from, end === words.length ? text.length : words[end - 1].end), false);
      if (end < words.length) put(" …", false);
      if (out.length) { out[0][0] = out[0][0].replace(/^\s+/, ""); var z = out[out.length - 1]; z[0] = z[0].replace(/\s+$/, ""); }
      return out.filter(function (x) { return x[0]; });
    }
    function snippet(p, l, doc) {
      var secs = doc.s || [];
      if (l.best >= 0 && l.bestHits > 0) return window(p, secs[l.best][2]);
      if (doc.d) return window(p, doc.d);
      for (var i = 0; i < secs.length; i++) if (secs[i][2]) return window(p, secs[i][2]);
      return [];
    }
    function errSnippet(h) {
      var msg = h.msg, at = msg.toLowerCase().indexOf(h.run[0]);
      var endTok = h.run[h.run.length - 1], to = at < 0 ? -1 : msg.toLowerCase().indexOf(endTok, at);
      if (at < 0 || to < 0) return [[msg, false]];
      to += endTok.length;
      return [[msg.slice(0, at), false], [msg.slice(at, to), true], [msg.slice(to), false]].filter(function (x) { return x[0]; });
    }

    // search answers text: {query, total, hits, categories}.
    function search(text, opts) {
      opts = opts || {};
      return ready().then(function () {
        var L = meta.lim, W = meta.w;
        text = String(text || "").slice(0, L.queryBytes).replace(/[\u0000-\u001f]/g, " ");
        var limit = Math.max(1, Math.min(L.maxLimit, opts.limit || 10));
        var res = { query: text, total: 0, hits: [], categories: [] };
        // First pass: which shards the words need; second, once they are
        // in, the variants' shards and perhaps the vocabulary.
        var need = [];
        A.words(text).forEach(function (w) { if (w.stem) need.push(w.stem); need.push(w.lower); });
        return fetchShards(need).then(function () {
          var need2 = [];
          var p0 = plan(text, null, need2);
          var wantVocab = meta.vocab && p0.units.some(function (u) {
            return u.alts[0].length === 1 && u.alts[0][0].lower.length >= L.minFuzzy && dfTB(u.alts[0][0].stem) <= 2 && !u.soft;
          });
          return Promise.all([fetchShards(need2), wantVocab ? vocab() : null]).then(function (r) {
            var voc = r[1], need3 = [];
            plan(text, voc, need3);
            return fetchShards(need3).then(function () { return plan(text, voc, []); });
          });
        }).then(function (p) {
          if (!p.units.length) return res;
          var scores = score(p), cats = {}, ranked = [];
          var cat = opts.category ? meta.cats.indexOf(opts.category) + 1 : 0;
          // A fallback document's score is multiplied by w.fallback, as
          // collect.go's pass does: after the language's own pages.
          var fw = function (doc) { return fallback.has(doc) ? W.fallback : 1; };
          scores.forEach(function (s, doc) {
            s *= fw(doc);
            var c = docCats[doc] || 0;
            if (c) cats[c] = (cats[c] || 0) + 1;
            if (opts.category && c !== cat) return;
            ranked.push([doc, s]);
          });
          res.total = ranked.length;
          Object.keys(cats).forEach(function (c) {
            var k = meta.cats[c - 1];
            res.categories.push({ key: k, title: meta.titles[k] || k, count: cats[c] });
          });
          res.categories.sort(function (a, b) { return b.count - a.count || (a.key < b.key ? -1 : 1); });
          ranked.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
          ranked = ranked.slice(0, Math.max(limit, L.rerank));
          var etoks = meta.errs ? errTokens(text) : [];
          var idf1 = Math.log(1 + (meta.n - 0.5) / 1.5), one = idf1 * idf1 * W.k1 / (1 + W.k1);
          return docs(ranked.map(function (r) { return r[0]; })).then(function (list) {
            var cands = ranked.map(function (r, i) {
              var d = list[i], s = r[1];
              // query.go's title bonuses: term queries on keyword fields,
              // which score a title's one term as bleve's BM25 does.
              if (p.key && titleKey(d.t) === p.key) s += W.titleExact * one * fw(r[0]);
              if (p.stemKey && stemSet(d.t) === p.stemKey) s += W.titleStems * one * fw(r[0]);
              var where = examine(p, d, r[0]);
              s *= 1 + W.local * where.cover + W.title * where.titleCover + W.near * where.adjacent;
              return { doc: d, id: r[0], score: s, where: where, err: etoks.length ? errMatch(etoks, d.e, L) : { whole: false, length: 0 } };
            });
            cands.sort(function (a, b) {
              if (better(a.err, b.err) || better(b.err, a.err)) return better(a.err, b.err) ? -1 : 1;
              return b.score - a.score || a.id - b.id;
            });
            res.hits = cands.slice(0, limit).map(function (c) {
              var d = c.doc, h = { url: d.u, title: d.t, breadcrumb: d.b || [], category: d.c || "", score: c.score };
              if (fallback.has(c.id)) h.fallback = true;
              if (c.err.length) { h.snippet = errSnippet(c.err); return h; }
              if (c.where.best > 0) { h.url += "#" + d.s[c.where.best][0]; h.section = d.s[c.where.best][1]; }
              h.snippet = snippet(p, c.where, d);
              return h;
            });
            return res;
          });
        });
      });
    }
    return { search: search, ready: ready, requests: function () { return fetched; } };
  }
  return { open: open, varints: varints, key: key, errTokens: errTokens };
})();

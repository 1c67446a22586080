// kb's French analysis for the static client (lang-fr.js): bleve's
// elision_fr, stop_fr and stemmer_fr_light, in that order, as search's
// lang.go runs them after lowercasing. It follows analysis.js.
kbAnalysis.use((function () {
  "use strict";
  var A = kbAnalysis;
  // ARTICLES is bleve's FrenchArticles, STOPS its FrenchStopWords.
  var ARTICLES = new Set(
    ("c d j jusqu l lorsqu m n puisqu qu quoiqu s t ").trim().split(" ")
  );
  var STOPS = new Set(
    ("ai aie aient aies ait as au aura aurai auraient aurais aurait auras aurez auriez aurions " +
      "aurons auront aux avaient avais avait avec avez aviez avions avons ayant ayez ayons c ce " +
      "ceci cela celà ces cet cette d dans de des du elle en es est et eu eue eues eurent eus " +
      "eusse eussent eusses eussiez eussions eut eux eûmes eût eûtes furent fus fusse fussent " +
      "fusses fussiez fussions fut fûmes fût fûtes ici il ils j je l la le les leur leurs lui " +
      "m ma mais me mes moi mon même n ne nos notre nous on ont ou par pas pour qu que quel " +
      "quelle quelles quels qui s sa sans se sera serai seraient serais serait seras serez seriez " +
      "serions serons seront ses soi soient sois soit sommes son sont soyez soyons suis sur t ta " +
      "te tes toi ton tu un une vos votre vous y à étaient étais était étant étiez étions " +
      "été étée étées étés êtes ").trim().split(" ")
  );

  // elide is bleve's elision filter: an article and its apostrophe
  // dropped ("l'adresse" → "adresse").
  function elide(lw) {
    for (var i = 0; i < lw.length; i++) {
      var c = lw.charAt(i);
      if ((c === "'" || c === "’") && ARTICLES.has(lw.slice(0, i))) return lw.slice(i + 1);
    }
    return lw;
  }

  function ends(s, suf) {
    var t = Array.from(suf);
    if (t.length > s.length) return false;
    for (var i = 0; i < t.length; i++) if (s[s.length - t.length + i] !== t[i]) return false;
    return true;
  }
  function letter(c) { return A.isLetter(c.codePointAt(0)); }
  var FOLD = { "à": "a", "á": "a", "â": "a", "ô": "o", "è": "e", "é": "e", "ê": "e", "ù": "u", "û": "u", "î": "i", "ç": "c" };

  // norm is the light stemmer's norm, with its quirks: the doubled
  // letters are dropped once for each letter of the word.
  function norm(s) {
    if (s.length > 4) {
      for (var i = 0; i < s.length; i++) {
        if (FOLD[s[i]]) s[i] = FOLD[s[i]];
        var ch = s[0];
        for (var j = 1; j < s.length; j++) {
          if (s[j] === ch && letter(ch)) { s.splice(j, 1); j--; } else ch = s[j];
        }
      }
    }
    if (s.length > 4 && ends(s, "ie")) s = s.slice(0, s.length - 2);
    if (s.length > 4) {
      if (s[s.length - 1] === "r") s = s.slice(0, s.length - 1);
      if (s[s.length - 1] === "e") s = s.slice(0, s.length - 1);
      if (s[s.length - 1] === "e") s = s.slice(0, s.length - 1);
      if (s[s.length - 1] === s[s.length - 2] && letter(s[s.length - 1])) s = s.slice(0, s.length - 1);
    }
    return s;
  }

  // light is bleve's stemmer_fr_light (Savoy's), on code points.
  function light(w) {
    var s = Array.from(w), n = s.length;
    var cut = function (k) { s = s.slice(0, s.length - k); n = s.length; };
    if (n > 5 && s[n - 1] === "x") {
      if (s[n - 3] === "a" && s[n - 2] === "u" && s[n - 4] !== "e") s[n - 2] = "l";
      cut(1);
    }
    if (n > 3 && s[n - 1] === "x") cut(1);
    if (n > 3 && s[n - 1] === "s") cut(1);
    if (n > 9 && ends(s, "issement")) { cut(6); s[n - 1] = "r"; return norm(s); }
    if (n > 8 && ends(s, "issant")) { cut(4); s[n - 1] = "r"; return norm(s); }
    if (n > 6 && ends(s, "ement")) {
      cut(4);
      if (n > 3 && ends(s, "ive")) { cut(1); s[n - 1] = "f"; }
      return norm(s);
    }
    if (n > 11 && ends(s, "ficatrice")) { cut(5); s[n - 2] = "e"; s[n - 1] = "r"; return norm(s); }
    if (n > 10 && ends(s, "ficateur")) { cut(4); s[n - 2] = "e"; s[n - 1] = "r"; return norm(s); }
    if (n > 9 && ends(s, "catrice")) { cut(3); s[n - 4] = "q"; s[n - 3] = "u"; s[n - 2] = "e"; return norm(s); }
    if (n > 8 && ends(s, "cateur")) { cut(2); s[n - 4] = "q"; s[n - 3] = "u"; s[n - 2] = "e"; s[n - 1] = "r"; return norm(s); }
    if (n > 8 && ends(s, "atrice")) { cut(4); s[n - 2] = "e"; s[n - 1] = "r"; return norm(s); }
    if (n > 7 && ends(s, "ateur")) { cut(3); s[n - 2] = "e"; s[n - 1] = "r"; return norm(s); }
    if (n > 6 && ends(s, "trice")) { cut(1); s[n - 3] = "e"; s[n - 2] = "u"; s[n - 1] = "r"; }
    if (n > 5 && ends(s, "ième")) return norm(s.slice(0, n - 4));
    if (n > 7 && ends(s, "teuse")) { cut(2); s[n - 1] = "r"; return norm(s); }
    if (n > 6 && ends(s, "teur")) { cut(1); s[n - 1] = "r"; return norm(s); }
    if (n > 5 && ends(s, "euse")) return norm(s.slice(0, n - 2));
    if (n > 8 && ends(s, "ère")) { cut(1); s[n - 2] = "e"; return norm(s); }
    if (n > 7 && ends(s, "ive")) { cut(1); s[n - 1] = "f"; return norm(s); }
    if (n > 4 && (ends(s, "folle") || ends(s, "molle"))) { cut(2); s[n - 1] = "u"; return norm(s); }
    if (n > 9 && ends(s, "nnelle")) return norm(s.slice(0, n - 5));
    if (n > 9 && ends(s, "nnel")) return norm(s.slice(0, n - 3));
    if (n > 4 && ends(s, "ète")) { cut(1); s[n - 2] = "e"; }
    if (n > 8 && ends(s, "ique")) cut(4);
    if (n > 8 && ends(s, "esse")) return norm(s.slice(0, n - 3));
    if (n > 7 && ends(s, "inage")) return norm(s.slice(0, n - 3));
    if (n > 9 && ends(s, "isation")) {
      cut(7);
      if (n > 5 && ends(s, "ual")) s[n - 2] = "e";
      return norm(s);
    }
    if (n > 9 && ends(s, "isateur")) return norm(s.slice(0, n - 7));
    if (n > 8 && ends(s, "ation")) return norm(s.slice(0, n - 5));
    if (n > 8 && ends(s, "ition")) return norm(s.slice(0, n - 5));
    return norm(s);
  }

  function stem(lw) {
    var e = elide(lw);
    if (!e || STOPS.has(e)) return "";
    return light(e).join("");
  }
  return { name: "fr", stem: stem, norm: elide };
})());

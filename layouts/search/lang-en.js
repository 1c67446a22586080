// kb's English analysis for the static client (lang-en.js): search's
// stopWords (mapping.go), stemOverrides, americanize and bleve's Porter
// stemmer (tokens.go). It follows analysis.js.
kbAnalysis.use((function () {
  "use strict";

  var STOPS = new Set(
    ("a about above after again against all am an and any are aren't as at " +
      "be because been before being below between both but by " +
      "can can't cannot cant could couldn't " +
      "did didn't do does doesn't doing don't dont during " +
      "each few for from further had hadn't has hasn't have haven't having " +
      "he he'd he'll he's her here here's hers herself him himself his " +
      "how how's i i'd i'll i'm i've if im into is isn't it it's its itself " +
      "let's me more most mustn't my myself no nor not of once only or " +
      "other ought our ours ourselves over own please same shan't she she'd she'll " +
      "she's should shouldn't so some such than that that's the their theirs " +
      "them themselves then there there's these they they'd they'll they're they've " +
      "this those through to too under until very was wasn't we we'd we'll " +
      "we're we've were weren't what what's when when's where where's which while " +
      "who who's whom why why's will with won't would wouldn't " +
      "you you'd you'll you're you've your yours yourself yourselves").split(" ")
  );

  var OVERRIDES = new Map([
    ["important", "important"], ["importance", "important"], ["importantly", "important"],
    ["general", "general"], ["generally", "general"], ["news", "news"],
    ["universal", "universal"], ["university", "university"],
  ]);

  // stem returns the indexed term of a lowercase word: "" for a stop
  // word, else its override, else the Porter stem of its American
  // spelling.
  function stem(lw) {
    if (STOPS.has(lw)) {
      return "";
    }
    if (OVERRIDES.has(lw)) {
      return OVERRIDES.get(lw);
    }
    return porter(Array.from(americanize(lw))).join("");
  }

  // americanize spells -ise words with z. Go counts the three letters
  // that must come first in bytes of UTF-8.
  function americanize(w) {
    var m = /is(ations?|ing|ed|es|ers?|e)$/.exec(w);
    if (m === null) {
      return w;
    }
    var bytes = 0;
    for (var i = 0; i < m.index; i++) {
      var c = w.charCodeAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 || (c >= 0xd800 && c < 0xe000) ? 2 : 3;
    }
    return bytes >= 3 ? w.slice(0, m.index) + "iz" + m[1] : w;
  }

  // The Porter stemmer of github.com/blevesearch/go-porterstemmer v1.0.3
  // (StemWithoutLowerCasing), which bleve's porter filter runs, ported
  // with its departures from Porter's paper ("bli", "logi" in step 2). It
  // works on an array of code points; any other than a, e, i, o, u and y
  // is a consonant. A suffix must be shorter than the word.

  function cons(s, i) {
    var c = s[i];
    if (c === "a" || c === "e" || c === "i" || c === "o" || c === "u") {
      return false;
    }
    return c !== "y" || i === 0 || !cons(s, i - 1);
  }

  // measure is m in [C](VC)^m[V].
  function measure(s) {
    var m = 0;
    var i = 0;
    while (i < s.length && cons(s, i)) {
      i++;
    }
    while (i < s.length) {
      while (i < s.length && !cons(s, i)) {
        i++;
      }
      if (i === s.length) {
        break;
      }
      while (i < s.length && cons(s, i)) {
        i++;
      }
      m++;
    }
    return m;
  }

  function hasSuffix(s, suf) {
    var n = s.length - suf.length;
    if (n <= 0) {
      return false;
    }
    for (var i = 0; i < suf.length; i++) {
      if (s[n + i] !== suf[i]) {
        return false;
      }
    }
    return true;
  }

  function hasVowel(s) {
    for (var i = 0; i < s.length; i++) {
      if (!cons(s, i)) {
        return true;
      }
    }
    return false;
  }

  function doubleCons(s) {
    var n = s.length;
    return n >= 2 && s[n - 1] === s[n - 2] && cons(s, n - 1);
  }

  // cvc: consonant, vowel, consonant at the end.
  function cvc(s) {
    var n = s.length;
    return n >= 3 && cons(s, n - 3) && !cons(s, n - 2) && cons(s, n - 1);
  }

  function last(s) {
    return s[s.length - 1];
  }

  function rules(list) {
    return list.split(" ").map(function (r) {
      return r.split(">");
    });
  }

  var STEP2 = rules(
    "ational>ate tional>tion enci>ence anci>ance izer>ize bli>ble alli>al entli>ent eli>e ousli>ous " +
      "ization>ize ation>ate ator>ate alism>al iveness>ive fulness>ful ousness>ous aliti>al iviti>ive " +
      "biliti>ble logi>log"
  );
  var STEP3 = rules("icate>ic ative> alize>al iciti>ic ical>ic ful> ness>");
  var STEP4 = rules("al> ance> ence> er> ic> able> ible> ant> ement> ment> ent> ion> ou> ism> ate> iti> ous> ive> ize>");

  // replace applies the first rule whose suffix s has, if the measure of
  // what comes before it is above min; later rules are not tried.
  function replace(s, list, min) {
    for (var i = 0; i < list.length; i++) {
      var suf = list[i][0];
      if (hasSuffix(s, suf)) {
        var t = s.slice(0, s.length - suf.length);
        if (measure(t) > min && (suf !== "ion" || last(t) === "s" || last(t) === "t")) {
          return t.concat(list[i][1].split(""));
        }
        return s;
      }
    }
    return s;
  }

  function porter(s) {
    if (s.length <= 2) {
      return s;
    }
    // Step 1a.
    if (hasSuffix(s, "sses") || hasSuffix(s, "ies")) {
      s = s.slice(0, -2);
    } else if (!hasSuffix(s, "ss") && hasSuffix(s, "s")) {
      s = s.slice(0, -1);
    }
    // Step 1b.
    if (hasSuffix(s, "eed")) {
      if (measure(s.slice(0, -3)) > 0) {
        s = s.slice(0, -1);
      }
    } else {
      var n = hasSuffix(s, "ed") ? 2 : hasSuffix(s, "ing") ? 3 : 0;
      var t = s.slice(0, s.length - n);
      if (n > 0 && hasVowel(t)) {
        var c = last(t);
        if (hasSuffix(t, "at") || hasSuffix(t, "bl") || hasSuffix(t, "iz")) {
          s = t.concat("e");
        } else if (c !== "l" && c !== "s" && c !== "z" && doubleCons(t)) {
          s = t.slice(0, -1);
        } else if (measure(t) === 1 && cvc(t) && c !== "w" && c !== "x" && c !== "y") {
          s = t.concat("e");
        } else {
          s = t;
        }
      }
    }
    // Step 1c.
    if (s.length >= 2 && (last(s) === "y" || last(s) === "Y") && hasVowel(s.slice(0, -1))) {
      s[s.length - 1] = last(s) === "y" ? "i" : "I";
    }
    s = replace(s, STEP2, 0);
    s = replace(s, STEP3, 0);
    s = replace(s, STEP4, 1);
    // Step 5a.
    if (last(s) === "e") {
      var u = s.slice(0, -1);
      var mu = measure(u);
      if (mu > 1 || (mu === 1 && !(cvc(u) && last(u) !== "w" && last(u) !== "x" && last(u) !== "y"))) {
        s = u;
      }
    }
    // Step 5b.
    if (s.length > 2 && s[s.length - 2] === "l" && last(s) === "l" && measure(s.slice(0, -1)) > 1) {
      s = s.slice(0, -1);
    }
    return s;
  }

  return { name: "en", english: true, stem: stem };
})());

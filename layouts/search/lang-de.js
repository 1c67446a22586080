// kb's German analysis for the static client (lang-de.js): bleve's
// stop_de, normalize_de and stemmer_de_light, in that order, as search's
// lang.go runs them after lowercasing. It follows analysis.js.
kbAnalysis.use((function () {
  "use strict";
  // STOPS is bleve's GermanStopWords.
  var STOPS = new Set(
    ("aber alle allem allen aller alles als also am an ander andere anderem anderen anderer " +
      "anderes anderm andern anderr anders auch auf aus bei bin bis bist da damit dann das " +
      "dasselbe dazu daß dein deine deinem deinen deiner deines dem demselben den denn denselben " +
      "der derer derselbe derselben des desselben dessen dich die dies diese dieselbe dieselben " +
      "diesem diesen dieser dieses dir doch dort du durch ein eine einem einen einer eines einig " +
      "einige einigem einigen einiger einiges einmal er es etwas euch euer eure eurem euren eurer " +
      "eures für gegen gewesen hab habe haben hat hatte hatten hier hin hinter ich ihm ihn ihnen " +
      "ihr ihre ihrem ihren ihrer ihres im in indem ins ist jede jedem jeden jeder jedes jene " +
      "jenem jenen jener jenes jetzt kann kein keine keinem keinen keiner keines können könnte " +
      "machen man manche manchem manchen mancher manches mein meine meinem meinen meiner meines " +
      "mich mir mit muss musste nach nicht nichts noch nun nur ob oder ohne sehr sein seine " +
      "seinem seinen seiner seines selbst sich sie sind so solche solchem solchen solcher solches " +
      "soll sollte sondern sonst um und uns unse unsem unsen unser unses unter viel vom von vor " +
      "war waren warst was weg weil weiter welche welchem welchen welcher welches wenn werde " +
      "werden wie wieder will wir wird wirst wo wollen wollte während würde würden zu zum zur " +
      "zwar zwischen über ").trim().split(" ")
  );

  // norm is bleve's normalize_de: ä, ö, ü as a, o, u, ß as ss, and the e
  // of ae, oe, ue dropped (not after another u or a q, i, y, e).
  function norm(lw) {
    var r = Array.from(lw), out = [], state = 0; // 0 ordinary, 1 no umlaut, 2 umlaut: an e may go
    for (var i = 0; i < r.length; i++) {
      var c = r[i];
      switch (c) {
        case "a": case "o": state = 2; break;
        case "u": state = state === 0 ? 2 : 1; break;
        case "e": if (state === 2) { state = 1; continue; } state = 1; break;
        case "i": case "q": case "y": state = 1; break;
        case "ä": c = "a"; state = 1; break;
        case "ö": c = "o"; state = 1; break;
        case "ü": c = "u"; state = 1; break;
        case "ß": out.push("s"); c = "s"; state = 0; break;
        default: state = 0;
      }
      out.push(c);
    }
    return out.join("");
  }

  var FOLD = { "ä": "a", "à": "a", "á": "a", "â": "a", "ö": "o", "ò": "o", "ó": "o", "ô": "o",
    "ï": "i", "ì": "i", "í": "i", "î": "i", "ü": "u", "ù": "u", "ú": "u", "û": "u" };
  function stEnding(c) { return "bdfghklmnt".indexOf(c) >= 0 && c.length === 1; }

  // light is bleve's stemmer_de_light (Savoy's), on code points.
  function light(w) {
    var s = Array.from(w).map(function (c) { return FOLD[c] || c; });
    var l = s.length;
    if (l > 5 && s[l - 3] === "e" && s[l - 2] === "r" && s[l - 1] === "n") s = s.slice(0, l - 3);
    else if (l > 4 && s[l - 2] === "e" && "mnrs".indexOf(s[l - 1]) >= 0 && s[l - 1].length === 1) s = s.slice(0, l - 2);
    else if (l > 3 && s[l - 1] === "e") s = s.slice(0, l - 1);
    else if (l > 3 && s[l - 1] === "s" && stEnding(s[l - 2])) s = s.slice(0, l - 1);
    l = s.length;
    if (l > 5 && s[l - 3] === "e" && s[l - 2] === "s" && s[l - 1] === "t") s = s.slice(0, l - 3);
    else if (l > 4 && s[l - 2] === "e" && (s[l - 1] === "r" || s[l - 1] === "n")) s = s.slice(0, l - 2);
    else if (l > 4 && s[l - 2] === "s" && s[l - 1] === "t" && stEnding(s[l - 3])) s = s.slice(0, l - 2);
    return s.join("");
  }

  function stem(lw) {
    if (STOPS.has(lw)) return "";
    var n = norm(lw);
    return n ? light(n) : "";
  }
  return { name: "de", stem: stem, norm: norm, linking: ["s", "es", "n", "en"] };
})());

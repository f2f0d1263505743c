/* docgen address converter: Microsoft-account address <-> the address a Lync user types.
 *
 * The rules mirror Sources/DocgenCore/Widgets/AddressConverter.swift step for step (same checks, same
 * order, same messages); Tests/DocgenCoreTests/Vectors/address-converter.json holds both to them.
 * A classic script (works from file://): it starts every [data-widget="address-converter"] element on
 * the page, and inserts whatever the reader types only as text.
 */
(function () {
  "use strict";

  var KNOWN_SUFFIXES = ["msn.com", "hotmail.com"];
  var USER_PUNCTUATION = "._-+!$&'*/=?~";
  var MAX_USER_LENGTH = 64;
  var MAX_LABEL_LENGTH = 63;
  var MAX_DOMAIN_LENGTH = 253;
  var DOMAIN_LETTER = /^[\p{L}\p{M}\p{N}]$/u;

  // ---- The rules ---------------------------------------------------------------------------

  function ConversionError(kind, message) {
    this.kind = kind;
    this.message = message;
  }

  function fail(kind, message) {
    throw new ConversionError(kind, message);
  }

  /* The same fixed list of whitespace as the Swift code, instead of JavaScript's own \s. */
  function isAddressWhitespace(point) {
    return (point >= 0x09 && point <= 0x0d) || point === 0x20 || point === 0x85 || point === 0xa0 ||
      point === 0x1680 || (point >= 0x2000 && point <= 0x200a) || point === 0x2028 || point === 0x2029 ||
      point === 0x202f || point === 0x205f || point === 0x3000 || point === 0xfeff;
  }

  /* Code points, as Swift's unicodeScalars: the rules never look at UTF-16 units. */
  function points(text) {
    return Array.from(text);
  }

  function trimAddressWhitespace(text) {
    var chars = points(text);
    var first = 0;
    var last = chars.length - 1;
    while (first <= last && isAddressWhitespace(chars[first].codePointAt(0))) { first += 1; }
    while (last >= first && isAddressWhitespace(chars[last].codePointAt(0))) { last -= 1; }
    return chars.slice(first, last + 1).join("");
  }

  function cleaned(input) {
    var text = trimAddressWhitespace(input);
    return text.slice(0, 4).toLowerCase() === "sip:" ? text.slice(4) : text;
  }

  function count(text, char) {
    return text.split(char).length - 1;
  }

  function isAsciiLetterOrDigit(char) {
    return (char >= "a" && char <= "z") || (char >= "A" && char <= "Z") || (char >= "0" && char <= "9");
  }

  /* "'<'" for printable ASCII, "'é' (U+00E9)" beyond it so invisible characters are still named, and
   * only "U+0007" for control characters. */
  function describe(char) {
    var point = char.codePointAt(0);
    if (point >= 0x21 && point < 0x7f) { return "'" + char + "'"; }
    var hex = point.toString(16).toUpperCase();
    while (hex.length < 4) { hex = "0" + hex; }
    if (point < 0x20 || (point >= 0x7f && point <= 0x9f)) { return "U+" + hex; }
    return "'" + char + "' (U+" + hex + ")";
  }

  function checkUser(user) {
    points(user).forEach(function (char) {
      if (char.length !== 1 || !(isAsciiLetterOrDigit(char) || USER_PUNCTUATION.indexOf(char) >= 0) ||
          char.codePointAt(0) > 0x7f) {
        fail("invalid-local-character", "The user part '" + user + "' contains " + describe(char) +
          ", which a Lync contact address cannot carry; use letters, digits and . _ - + ! $ & ' * / = ? ~ only.");
      }
    });
    if (user.charAt(0) === "." || user.charAt(user.length - 1) === "." || user.indexOf("..") >= 0) {
      fail("local-part-dots", "The user part '" + user + "' starts or ends with a dot, or has two dots in a row.");
    }
    var length = points(user).length;
    if (length > MAX_USER_LENGTH) {
      fail("local-part-too-long", "The user part is " + length + " characters long; the limit is " + MAX_USER_LENGTH + ".");
    }
  }

  /* Label separators unified, each character lower-cased on its own, then NFC: as the Swift code does. */
  function normalisedDomainText(text) {
    return points(text).map(function (char) {
      if (char === "\u3002" || char === "\uff0e" || char === "\uff61") { return "."; }
      return char.toLowerCase();
    }).join("").normalize("NFC");
  }

  function isDomainCharacter(char) {
    var point = char.codePointAt(0);
    if (point < 0x80) {
      return (char >= "a" && char <= "z") || (char >= "0" && char <= "9") || char === "-";
    }
    return DOMAIN_LETTER.test(char);
  }

  /* Punycode (RFC 3492) for one label: the part of an A-label after "xn--". Mirrors punycodeEncode in
   * AddressConverter+Punycode.swift. Labels have at most 63 code points, so numbers stay exact. */
  function punycodeEncode(label) {
    var base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700, initialBias = 72, initialN = 128;
    var codePoints = points(label).map(function (char) { return char.codePointAt(0); });

    function digit(value) {
      return String.fromCharCode(value < 26 ? value + 97 : value + 22);
    }

    function adapt(delta, pointCount, isFirst) {
      delta = isFirst ? Math.floor(delta / damp) : Math.floor(delta / 2);
      delta += Math.floor(delta / pointCount);
      var k = 0;
      while (delta > Math.floor(((base - tMin) * tMax) / 2)) {
        delta = Math.floor(delta / (base - tMin));
        k += base;
      }
      return k + Math.floor(((base - tMin + 1) * delta) / (delta + skew));
    }

    var output = "";
    codePoints.forEach(function (point) {
      if (point < 0x80) { output += String.fromCharCode(point); }
    });
    var basicCount = output.length;
    var handled = basicCount;
    if (basicCount > 0) { output += "-"; }

    var n = initialN;
    var delta = 0;
    var bias = initialBias;
    while (handled < codePoints.length) {
      var next = Infinity;
      codePoints.forEach(function (point) {
        if (point >= n && point < next) { next = point; }
      });
      delta += (next - n) * (handled + 1);
      n = next;
      for (var i = 0; i < codePoints.length; i += 1) {
        var point = codePoints[i];
        if (point < n) { delta += 1; }
        if (point === n) {
          var q = delta;
          for (var k = base; ; k += base) {
            var t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias);
            if (q < t) { break; }
            output += digit(t + ((q - t) % (base - t)));
            q = Math.floor((q - t) / (base - t));
          }
          output += digit(q);
          bias = adapt(delta, handled + 1, handled === basicCount);
          delta = 0;
          handled += 1;
        }
      }
      delta += 1;
      n += 1;
    }
    return output;
  }

  /* Returns {ascii, wasInternational} or throws a ConversionError. */
  function checkDomain(text) {
    var normalised = normalisedDomainText(text);
    points(normalised).forEach(function (char) {
      if (char !== "." && !isDomainCharacter(char)) {
        fail("invalid-domain-character", "The domain '" + text + "' contains " + describe(char) +
          "; a domain label holds only letters, digits and hyphens.");
      }
    });
    var labels = normalised.split(".");
    if (labels.indexOf("") >= 0) {
      fail("empty-label", "The domain '" + text + "' has an empty label: a dot at the start or end, or two dots in a row.");
    }
    if (labels.length < 2) {
      fail("single-label-domain", "The domain '" + text + "' needs at least two labels, as in contoso.com.");
    }
    var asciiLabels = [];
    var wasInternational = false;
    labels.forEach(function (label) {
      if (label.charAt(0) === "-" || label.charAt(label.length - 1) === "-") {
        fail("label-hyphen", "The domain label '" + label + "' starts or ends with a hyphen.");
      }
      var length = points(label).length;
      if (length > MAX_LABEL_LENGTH) {
        fail("label-too-long", "The domain label '" + label + "' is " + length + " characters long; the limit is " +
          MAX_LABEL_LENGTH + ".");
      }
      if (/^[\x00-\x7f]*$/.test(label)) {
        asciiLabels.push(label);
        return;
      }
      wasInternational = true;
      var aLabel = "xn--" + punycodeEncode(label);
      if (aLabel.length > MAX_LABEL_LENGTH) {
        fail("label-too-long", "The domain label '" + label + "' becomes '" + aLabel + "', " + aLabel.length +
          " characters long; the limit is " + MAX_LABEL_LENGTH + ".");
      }
      asciiLabels.push(aLabel);
    });
    if (/^[0-9]+$/.test(asciiLabels[asciiLabels.length - 1])) {
      fail("ip-address", "The domain '" + text + "' ends in a number, like an IP address; a Microsoft account needs a domain name.");
    }
    var ascii = asciiLabels.join(".");
    if (ascii.length > MAX_DOMAIN_LENGTH) {
      fail("domain-too-long", "The domain is " + ascii.length + " characters long; the limit is " + MAX_DOMAIN_LENGTH + ".");
    }
    return { ascii: ascii, wasInternational: wasInternational };
  }

  /* "user(domain)" -> ["user", "domain"], when the text has exactly that shape. */
  function splitDecoration(text) {
    if (text.charAt(text.length - 1) !== ")" || count(text, "(") !== 1 || count(text, ")") !== 1) { return null; }
    var open = text.indexOf("(");
    return [text.slice(0, open), text.slice(open + 1, text.length - 1)];
  }

  function normaliseSettings(settings) {
    var suffix = ((settings && settings.suffix) || "msn.com").toLowerCase();
    var nativeDomains = ((settings && settings.nativeDomains) || ["msn.com", "outlook.com", "live.com", "hotmail.com"])
      .map(function (domain) { return domain.toLowerCase(); });
    var decoratedSuffixes = KNOWN_SUFFIXES.indexOf(suffix) >= 0 ? KNOWN_SUFFIXES : KNOWN_SUFFIXES.concat([suffix]);
    return { suffix: suffix, nativeDomains: nativeDomains, decoratedSuffixes: decoratedSuffixes };
  }

  function parse(input, rules) {
    var text = cleaned(input);
    if (text === "") {
      fail("empty", "The address is empty; enter one such as bob@contoso.com.");
    }
    if (points(text).some(function (char) { return isAddressWhitespace(char.codePointAt(0)); })) {
      fail("contains-whitespace", "'" + text + "' contains whitespace, which an address cannot hold.");
    }
    var atCount = count(text, "@");
    if (atCount === 0) {
      fail("missing-at", "'" + text + "' has no @; an address looks like user@domain.");
    }
    if (atCount > 1) {
      fail("multiple-at", "'" + text + "' has " + atCount + " @ signs; an address has exactly one.");
    }
    var at = text.indexOf("@");
    var user = text.slice(0, at);
    var domainText = text.slice(at + 1);
    if (user === "") { fail("empty-local-part", "'" + text + "' has nothing before the @."); }
    if (domainText === "") { fail("empty-domain", "'" + text + "' has nothing after the @."); }
    var reserved = "'" + text + "' contains parentheses, which are reserved for the decorated form user(domain)@" +
      rules.suffix + ".";
    if (user.indexOf("(") >= 0 || user.indexOf(")") >= 0) {
      var routing = normalisedDomainText(domainText);
      var parts = rules.decoratedSuffixes.indexOf(routing) >= 0 ? splitDecoration(user) : null;
      if (!parts) { fail("parentheses-reserved", reserved); }
      if (parts[0] === "") { fail("empty-local-part", "'" + text + "' has nothing before the parentheses."); }
      if (parts[1] === "") { fail("empty-domain", "'" + text + "' has nothing inside the parentheses."); }
      checkUser(parts[0]);
      var inner = checkDomain(parts[1]);
      if (rules.nativeDomains.indexOf(inner.ascii) >= 0) {
        fail("decorated-native-domain", "'" + text + "' wraps the native domain " + inner.ascii +
          ", which is never decorated; this looks like a mistake, so use " + parts[0] + "@" + inner.ascii + " instead.");
      }
      return { decorated: true, user: parts[0], domain: inner, routing: routing, text: text };
    }
    if (domainText.indexOf("(") >= 0 || domainText.indexOf(")") >= 0) { fail("parentheses-reserved", reserved); }
    checkUser(user);
    return { decorated: false, user: user, domain: checkDomain(domainText), text: text };
  }

  function internationalNote(domain) {
    return domain.wasInternational ? " The internationalised domain was written in its ASCII (punycode) form." : "";
  }

  function encodeParsed(parsed, rules) {
    var ascii = parsed.domain.ascii;
    if (!parsed.decorated) {
      if (rules.nativeDomains.indexOf(ascii) >= 0) {
        return { output: parsed.user + "@" + ascii, status: "native",
          explanation: ascii + " is a native Microsoft domain. Nothing to convert." };
      }
      return { output: parsed.user + "(" + ascii + ")@" + rules.suffix, status: "decorated",
        explanation: ascii + " is not a Microsoft domain, so it goes in parentheses before @" + rules.suffix + "." +
          internationalNote(parsed.domain) };
    }
    var output = parsed.user + "(" + ascii + ")@" + rules.suffix;
    if (parsed.routing === rules.suffix) {
      return { output: output, status: "already-decorated",
        explanation: "Already in the decorated form for @" + rules.suffix + ". Nothing to convert." +
          internationalNote(parsed.domain) };
    }
    return { output: output, status: "redecorated",
      explanation: "Decorated for @" + parsed.routing + "; rewritten with the @" + rules.suffix + " suffix." +
        internationalNote(parsed.domain) };
  }

  function decodeParsed(parsed, rules) {
    var ascii = parsed.domain.ascii;
    if (!parsed.decorated) {
      if (rules.nativeDomains.indexOf(ascii) < 0) {
        fail("not-decorated", "'" + parsed.text + "' is not in the decorated form user(domain)@" + rules.suffix +
          ", so there is nothing to decode.");
      }
      return { output: parsed.user + "@" + ascii, status: "native",
        explanation: ascii + " is a native Microsoft domain. It already is the Microsoft-account address." };
    }
    return { output: parsed.user + "@" + ascii, status: "decoded",
      explanation: "Decoded: the domain inside the parentheses goes back after the @." + internationalNote(parsed.domain) };
  }

  /* convert("bob@contoso.com", "encode", {nativeDomains: [...], suffix: "msn.com"}) ->
   *   {input, ok: true, output, status, explanation, native}  or  {input, ok: false, error: {kind, message}, native: false} */
  function convert(input, mode, settings) {
    var rules = normaliseSettings(settings);
    try {
      var parsed = parse(input, rules);
      var result = mode === "decode" ? decodeParsed(parsed, rules) : encodeParsed(parsed, rules);
      return { input: input, ok: true, output: result.output, status: result.status,
        explanation: result.explanation, native: result.status === "native" };
    } catch (error) {
      if (!(error instanceof ConversionError)) { throw error; }
      return { input: input, ok: false, error: { kind: error.kind, message: error.message }, native: false };
    }
  }

  function csvField(text) {
    // A spreadsheet would run a field starting with = + - @ as a formula: an apostrophe keeps it text.
    var safe = /^[=+\-@\t\r]/.test(text) ? "'" + text : text;
    return /[",\r\n']/.test(safe) ? '"' + safe.replace(/"/g, '""') + '"' : safe;
  }

  /* Results of convert() as CSV (RFC 4180: CRLF line ends, fields quoted when they need it). */
  function toCSV(results) {
    var lines = ["input,result,note"].concat(results.map(function (row) {
      return [row.input, row.ok ? row.output : "", row.ok ? row.explanation : row.error.message].map(csvField).join(",");
    }));
    return lines.join("\r\n") + "\r\n";
  }

  window.DocgenAddressConverter = { convert: convert, punycodeEncode: punycodeEncode, toCSV: toCSV };

  // ---- The page ----------------------------------------------------------------------------

  function part(root, role) {
    return root.querySelector('[data-role="' + role + '"]');
  }

  function setText(element, text) {
    element.textContent = text;
  }

  /* An address in parts cut before each "(", "@" and ".", with a <wbr> between them, as the examples table
   * has it: the stylesheet keeps each part whole, so a narrow column breaks the address only there. The
   * text itself (and what is copied) is the address unchanged. */
  function setAddress(element, address) {
    while (element.firstChild) { element.removeChild(element.firstChild); }
    address.split(/(?=[(@.])/).forEach(function (piece, index) {
      if (index > 0) element.appendChild(document.createElement("wbr"));
      var part = document.createElement("span");
      part.className = "aconv-part";
      part.appendChild(document.createTextNode(piece));
      element.appendChild(part);
    });
  }

  /* The clipboard API needs a secure context (file:// often is not); fall back to selecting the text
   * in a temporary field and the older copy command, and failing that ask the reader to press Ctrl+C. */
  function copyText(text, selectable, status) {
    function fallback() {
      var field = document.createElement("textarea");
      field.value = text;
      field.setAttribute("readonly", "");
      field.className = "aconv-offscreen";
      document.body.appendChild(field);
      field.select();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (ignored) { copied = false; }
      document.body.removeChild(field);
      if (copied) {
        setText(status, "Copied.");
        return;
      }
      if (selectable) {
        var range = document.createRange();
        range.selectNodeContents(selectable);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
      }
      setText(status, "Press Ctrl+C (or \u2318C) to copy the selected text.");
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { setText(status, "Copied."); }, fallback);
    } else {
      fallback();
    }
  }

  function start(root) {
    var settings = {
      nativeDomains: (root.getAttribute("data-native-domains") || "").split(" ").filter(Boolean),
      suffix: root.getAttribute("data-suffix") || "msn.com"
    };
    var controls = part(root, "controls");
    var input = root.querySelector('[name="address"]');
    var result = part(root, "result");
    var explanation = part(root, "explanation");
    var copyButton = part(root, "copy");
    var copyStatus = part(root, "copy-status");
    var batchInput = part(root, "batch-input");
    var batchTable = part(root, "batch-table");
    var batchBody = batchTable.querySelector("tbody");
    var csvButton = part(root, "copy-csv");
    var csvStatus = part(root, "csv-status");
    var suffixGroup = part(root, "suffix-group");
    var batchRows = [];
    var batchLabels = Array.prototype.map.call(batchTable.querySelectorAll("thead th"), function (header) {
      return header.textContent;
    });

    function currentMode() {
      var checked = root.querySelector('input[data-role="mode"]:checked');
      return checked ? checked.value : "encode";
    }

    function currentSettings() {
      var checked = root.querySelector('input[data-role="suffix"]:checked');
      return { nativeDomains: settings.nativeDomains, suffix: checked ? checked.value : settings.suffix };
    }

    function showSingle() {
      var mode = currentMode();
      suffixGroup.disabled = mode === "decode";
      setText(copyStatus, "");
      if (trimAddressWhitespace(input.value) === "") {
        result.setAttribute("data-state", "empty");
        explanation.setAttribute("data-state", "empty");
        result.removeAttribute("data-error-kind");
        setText(result, "");
        setText(explanation, mode === "decode" ? "Type a Lync contact address such as bob(contoso.com)@" +
          currentSettings().suffix + "." : "Type a Microsoft-account address such as bob@contoso.com.");
        copyButton.disabled = true;
        return;
      }
      var outcome = convert(input.value, mode, currentSettings());
      if (outcome.ok) {
        result.setAttribute("data-state", "ok");
        explanation.setAttribute("data-state", "ok");
        result.removeAttribute("data-error-kind");
        setAddress(result, outcome.output);
        setText(explanation, outcome.explanation);
        copyButton.disabled = false;
      } else {
        result.setAttribute("data-state", "error");
        explanation.setAttribute("data-state", "error");
        result.setAttribute("data-error-kind", outcome.error.kind);
        setText(result, "");
        setText(explanation, outcome.error.message);
        copyButton.disabled = true;
      }
    }

    function showBatch() {
      var mode = currentMode();
      var lines = batchInput.value.split(/\r\n|\r|\n/).filter(function (line) {
        return trimAddressWhitespace(line) !== "";
      });
      batchRows = lines.map(function (line) { return convert(line, mode, currentSettings()); });
      while (batchBody.firstChild) { batchBody.removeChild(batchBody.firstChild); }
      batchRows.forEach(function (row) {
        var tr = document.createElement("tr");
        tr.setAttribute("data-state", row.ok ? "ok" : "error");
        [row.input, row.ok ? row.output : "Rejected", row.ok ? row.explanation : row.error.message].forEach(function (text, index) {
          var cell = document.createElement("td");
          // Phones show each row as a card; the label names the part, as the column header does on wider screens.
          cell.setAttribute("data-label", batchLabels[index] || "");
          if (index === 0 || (index === 1 && row.ok)) {
            var code = document.createElement("code");
            setAddress(code, text);
            cell.appendChild(code);
          } else {
            cell.appendChild(document.createTextNode(text));
          }
          tr.appendChild(cell);
        });
        batchBody.appendChild(tr);
      });
      batchTable.hidden = batchRows.length === 0;
      csvButton.disabled = batchRows.length === 0;
      setText(csvStatus, batchRows.length === 0 ? "" : batchRows.length + (batchRows.length === 1 ? " address" : " addresses") +
        ", " + batchRows.filter(function (row) { return !row.ok; }).length + " rejected.");
    }

    function showAll() {
      showSingle();
      showBatch();
    }

    input.addEventListener("input", showSingle);
    batchInput.addEventListener("input", showBatch);
    Array.prototype.forEach.call(root.querySelectorAll('input[data-role="mode"], input[data-role="suffix"]'), function (radio) {
      radio.addEventListener("change", showAll);
    });
    copyButton.addEventListener("click", function () {
      copyText(result.textContent, result, copyStatus);
    });
    csvButton.addEventListener("click", function () {
      copyText(toCSV(batchRows), batchTable, csvStatus);
    });
    // The form exists for keyboard users' Enter key; it never goes anywhere.
    controls.addEventListener("submit", function (event) { event.preventDefault(); });

    controls.hidden = false;
    showAll();
  }

  function startAll() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-widget="address-converter"]'), start);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startAll);
  } else {
    startAll();
  }
})();

/* The provisioning request email form (widget "request-email").
 *
 * The rules mirror Sources/DocgenCore/Widgets/RequestEmailValidation.swift and the composition
 * mirrors RequestEmailComposer.swift, byte for byte: Tests/DocgenCoreTests/Vectors/request-email.json
 * is run against both. Labels, messages and email texts come from the JSON block the Swift widget
 * writes into the page, so they are never duplicated here. Nothing is sent anywhere: the email is
 * handed to the reader's mail app, clipboard or downloads folder.
 */
(function () {
  "use strict";

  var STORAGE_KEY = "docgen.request-email.draft";
  var SYMBOLS = "!#$%&'*+-/=?^_`{|}~";

  // ---- Characters (Unicode scalars, like the Swift code) ----

  function scalars(text) { return Array.from(text); }
  function code(c) { return c.codePointAt(0); }
  function isWhitespace(c) { var v = code(c); return v === 0x20 || (v >= 0x09 && v <= 0x0d); }
  function isControl(c) {
    var v = code(c);
    return v < 0x20 || (v >= 0x7f && v <= 0x9f) || v === 0x2028 || v === 0x2029;
  }
  function isLetterOrDigit(c) {
    var v = code(c);
    return (v >= 0x61 && v <= 0x7a) || (v >= 0x41 && v <= 0x5a) || (v >= 0x30 && v <= 0x39);
  }
  function isDigit(c) { var v = code(c); return v >= 0x30 && v <= 0x39; }
  function isASCII(c) { return code(c) < 0x80; }

  function trim(text) {
    var s = scalars(text);
    var start = 0;
    var end = s.length;
    while (start < end && isWhitespace(s[start])) start++;
    while (end > start && isWhitespace(s[end - 1])) end--;
    return s.slice(start, end).join("");
  }

  function utf8(text) { return Array.from(new TextEncoder().encode(text)); }

  function hex(byte) { return "0123456789ABCDEF".charAt(byte >> 4) + "0123456789ABCDEF".charAt(byte & 15); }

  // ---- Rules ----

  function checkHost(value) {
    var s = scalars(value);
    var colons = s.filter(function (c) { return c === ":"; }).length;
    if (value.indexOf("://") !== -1 || startsWithScheme(s)) return { kind: "scheme" };
    if (value.indexOf("/") !== -1) return { kind: "path" };
    if (s[0] === "[" || colons >= 2) return { kind: "ip-address" };
    if (colons === 1) return { kind: "port" };
    if (isIPv4(value)) return { kind: "ip-address" };
    if (value.indexOf("*") !== -1) return { kind: "wildcard" };
    if (s.some(isWhitespace)) return { kind: "space" };
    if (!s.every(isASCII)) return { kind: "non-ascii" };
    var host = value.toLowerCase();
    if (host.charAt(host.length - 1) === ".") host = host.slice(0, -1);
    if (host.length > 253) return { kind: "host-too-long" };
    var labels = host.split(".");
    if (labels.some(function (l) { return l === ""; })) return { kind: "empty-label" };
    if (labels.length < 2) return { kind: "single-label" };
    if (labels.some(function (l) { return l.length > 63; })) return { kind: "label-too-long" };
    if (!labels.every(function (l) { return scalars(l).every(function (c) { return isLetterOrDigit(c) || c === "-"; }); })) {
      return { kind: "host-characters" };
    }
    if (labels.some(function (l) { return l.charAt(0) === "-" || l.charAt(l.length - 1) === "-"; })) return { kind: "hyphen-edge" };
    if (scalars(labels[labels.length - 1]).every(isDigit)) return { kind: "numeric-top-label" };
    return { host: host };
  }

  function startsWithScheme(s) {
    if (s.length === 0 || !/^[A-Za-z]$/.test(s[0])) return false;
    var i = 1;
    while (i < s.length && (isLetterOrDigit(s[i]) || "+-.".indexOf(s[i]) !== -1)) i++;
    if (i >= s.length || s[i] !== ":") return false;
    return i + 1 >= s.length || !isDigit(s[i + 1]);
  }

  function isIPv4(value) {
    var parts = value.split(".");
    return parts.length === 4 && parts.every(function (p) { return /^[0-9]{1,3}$/.test(p); });
  }

  function checkText(raw, field, report) {
    var trimmed = trim(raw);
    if (trimmed === "") { report(field.name, "required", "", 0); return null; }
    if (scalars(trimmed).some(isControl)) { report(field.name, "control-character", trimmed, 0); return null; }
    var collapsed = [];
    scalars(trimmed).forEach(function (c) {
      if (!(c === " " && collapsed[collapsed.length - 1] === " ")) collapsed.push(c);
    });
    if (field.max !== undefined && collapsed.length > field.max) {
      report(field.name, "too-long", collapsed.join(""), collapsed.length);
      return null;
    }
    return collapsed.join("");
  }

  function checkEmail(raw, fieldName, required, report) {
    var value = trim(raw);
    if (value === "") { if (required) report(fieldName, "required", "", 0); return null; }
    if (scalars(value).length > 254) { report(fieldName, "email-too-long", value, 0); return null; }
    var parts = value.split("@");
    if (parts.length !== 2) { report(fieldName, "email-at", value, 0); return null; }
    var local = parts[0];
    var localValid = local !== "" && scalars(local).length <= 64 && local.split(".").every(function (atom) {
      return atom !== "" && scalars(atom).every(function (c) { return isLetterOrDigit(c) || SYMBOLS.indexOf(c) !== -1; });
    });
    if (!localValid) { report(fieldName, "email-local-part", value, 0); return null; }
    var domain = checkHost(parts[1]);
    if (domain.host === undefined) { report(fieldName, "email-domain", value, 0); return null; }
    return local + "@" + domain.host;
  }

  function checkPhone(value) {
    var s = scalars(value);
    if (s[0] !== "+") return { kind: "phone-not-international", digits: 0 };
    var rest = s.slice(1);
    if (!rest.every(function (c) { return isDigit(c) || " -.()".indexOf(c) !== -1; })) return { kind: "phone-characters", digits: 0 };
    var digits = rest.filter(isDigit).join("");
    if (digits.length < 7 || digits.length > 15) return { kind: "phone-digits", digits: digits.length };
    return { phone: "+" + digits };
  }

  function rfc5322Date(value) {
    var s = scalars(value);
    function number(from, length) {
      if (from + length > s.length) return null;
      var n = 0;
      for (var i = from; i < from + length; i++) {
        if (!isDigit(s[i])) return null;
        n = n * 10 + (code(s[i]) - 48);
      }
      return n;
    }
    function at(i, c) { return i < s.length && s[i] === c; }
    var year = number(0, 4), month = number(5, 2), day = number(8, 2);
    if (year === null || !at(4, "-") || month === null || !at(7, "-") || day === null) return null;
    var hour = 0, minute = 0, second = 0, sign = "+", offsetHour = 0, offsetMinute = 0, index = 10;
    if (s.length > 10) {
      var h = number(11, 2), m = number(14, 2);
      if (!at(10, "T") || h === null || !at(13, ":") || m === null) return null;
      hour = h; minute = m; index = 16;
      if (at(16, ":")) {
        var sec = number(17, 2);
        if (sec === null) return null;
        second = sec; index = 19;
      }
      if (at(index, "Z")) {
        index += 1;
      } else if (at(index, "+") || at(index, "-")) {
        sign = s[index];
        var oh = number(index + 1, 2), om = number(index + 4, 2);
        if (oh === null || !at(index + 3, ":") || om === null) return null;
        offsetHour = oh; offsetMinute = om; index += 6;
      } else {
        return null;
      }
    }
    var leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    var monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if (index !== s.length || year < 1900 || month < 1 || month > 12 || day < 1 || day > monthDays[month - 1] ||
        hour > 23 || minute > 59 || second > 59 || offsetHour > 23 || offsetMinute > 59) return null;
    var t = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    var y = month < 3 ? year - 1 : year;
    var weekday = (y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) + t[month - 1] + day) % 7;
    function two(n) { return n < 10 ? "0" + n : String(n); }
    return ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][weekday] + ", " + two(day) + " " +
      ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][month - 1] + " " + year + " " +
      two(hour) + ":" + two(minute) + ":" + two(second) + " " + sign + two(offsetHour) + two(offsetMinute);
  }

  /** Checks every field, as ProvisioningRequestInput.validate() does, and reports all problems. */
  function validate(data, values) {
    var fields = {};
    data.fields.forEach(function (f) { fields[f.name] = f; });
    var problems = [];
    function report(fieldName, kind, value, count) {
      var field = fields[fieldName];
      var choices = field.kind === "agreement-type" ? data.agreementTypes.map(function (t) { return t.value; }).join(", ")
        : field.kind === "networks" ? data.networks.map(function (n) { return n.value; }).join(", ") : "";
      var text = data.messages[kind].template;
      // {value} last, so text typed by the user is never searched for placeholders.
      [["{label}", field.label], ["{min}", String(field.min || 0)], ["{max}", String(field.max || 0)],
        ["{count}", String(count)], ["{choices}", choices], ["{value}", value]].forEach(function (pair) {
        text = text.split(pair[0]).join(pair[1]);
      });
      problems.push({ field: fieldName, kind: kind, message: text, severity: data.messages[kind].severity });
    }
    function single(name) { var v = values[name]; return typeof v === "string" ? v : ""; }
    function list(name) { var v = values[name]; return Array.isArray(v) ? v : (typeof v === "string" ? [v] : []); }

    var enterpriseName = checkText(single("enterprise-name"), fields["enterprise-name"], report);

    var typeValue = trim(single("agreement-type"));
    var agreementType = data.agreementTypes.filter(function (t) { return t.value === typeValue; })[0] || null;
    if (typeValue === "") report("agreement-type", "required", "", 0);
    else if (!agreementType) report("agreement-type", "unknown-choice", typeValue, 0);

    var number = trim(single("agreement-number"));
    var numberField = fields["agreement-number"];
    var numberLength = scalars(number).length;
    if (number === "") report("agreement-number", "required", "", 0);
    else if (!scalars(number).every(function (c) { return isLetterOrDigit(c) || c === "-"; })) {
      report("agreement-number", "agreement-number-characters", number, 0);
    } else if (numberLength < (numberField.min || 0)) report("agreement-number", "too-short", number, numberLength);
    else if (numberField.max !== undefined && numberLength > numberField.max) report("agreement-number", "too-long", number, numberLength);

    var proxyValue = trim(single("access-proxy"));
    var accessProxy = null;
    if (proxyValue === "") report("access-proxy", "required", "", 0);
    else {
      var proxy = checkHost(proxyValue);
      if (proxy.host !== undefined) accessProxy = proxy.host; else report("access-proxy", proxy.kind, proxyValue, 0);
    }

    var domains = [];
    var domainsValid = true;
    list("domain").forEach(function (raw) {
      var value = trim(raw);
      if (value === "") return;
      var checked = checkHost(value);
      if (checked.host === undefined) { domainsValid = false; report("domain", checked.kind, value, 0); }
      else if (domains.indexOf(checked.host) !== -1) { domainsValid = false; report("domain", "duplicate-domain", value, 0); }
      else if (checked.host === accessProxy) { domainsValid = false; report("domain", "domain-is-access-proxy", value, 0); }
      else domains.push(checked.host);
    });
    if (domains.length === 0 && domainsValid) report("domain", "no-domain", "", 0);

    var selected = {};
    var networksValid = true;
    var requested = Array.isArray(values.network) || typeof values.network === "string" ? list("network") : data.defaultNetworks;
    requested.forEach(function (raw) {
      var value = trim(raw).toLowerCase();
      if (value === "") return;
      if (!data.networks.some(function (n) { return n.value === value; })) { networksValid = false; report("network", "unknown-choice", value, 0); }
      else selected[value] = true;
    });
    var networks = data.networks.filter(function (n) { return selected[n.value]; });
    if (networksValid && !selected.skype) report("network", "skype-missing", "", 0);
    networks.forEach(function (n) { if (n.ended !== null) report("network", "network-ended", n.label, 0); });

    var contactName = checkText(single("contact-name"), fields["contact-name"], report);
    var contactEmail = checkEmail(single("contact-email"), "contact-email", true, report);

    var phoneValue = trim(single("contact-phone"));
    var contactPhone = null;
    if (phoneValue !== "") {
      var phone = checkPhone(phoneValue);
      if (phone.phone !== undefined) contactPhone = phone.phone; else report("contact-phone", phone.kind, phoneValue, phone.digits);
    }

    var to = checkEmail(single("to"), "to", false, report);

    var dateValue = trim(single("date"));
    var date = null;
    if (dateValue !== "") {
      date = rfc5322Date(dateValue);
      if (date === null) report("date", "date-format", dateValue, 0);
    }

    var errors = problems.filter(function (p) { return p.severity === "error"; });
    var request = null;
    if (errors.length === 0) {
      request = {
        enterpriseName: enterpriseName, agreementType: agreementType, agreementNumber: number, accessProxy: accessProxy,
        domains: domains, networks: networks, contactName: contactName, contactEmail: contactEmail,
        contactPhone: contactPhone, to: to, date: date
      };
    }
    return { request: request, problems: problems };
  }

  // ---- Composition (RequestEmailComposer.swift) ----

  function bodyFrom(data, valuesByField, signature) {
    var lines = data.email.opening.slice();
    data.fields.forEach(function (f) {
      if (f.inForm) lines.push(f.label + ": " + (valuesByField[f.name] || ""));
    });
    lines = lines.concat(data.email.closing);
    lines.push(signature);
    return lines.join("\n") + "\n";
  }

  function subject(data, request) { return data.email.subjectPrefix + request.enterpriseName; }

  function body(data, request) {
    return bodyFrom(data, {
      "enterprise-name": request.enterpriseName,
      "agreement-type": request.agreementType.label,
      "agreement-number": request.agreementNumber,
      "access-proxy": request.accessProxy,
      "domain": request.domains.join(", "),
      "network": request.networks.map(function (n) { return n.label; }).join(", "),
      "contact-name": request.contactName,
      "contact-email": request.contactEmail,
      "contact-phone": request.contactPhone === null ? data.email.notGiven : request.contactPhone
    }, request.contactName);
  }

  function text(data, request) { return "Subject: " + subject(data, request) + "\n\n" + body(data, request); }

  function needsEncodedWords(value) { return !scalars(value).every(isASCII) || value.indexOf("=?") !== -1; }

  function encodedWords(value) {
    var chunks = [[]];
    scalars(value).forEach(function (c) {
      var bytes = utf8(c);
      if (chunks[chunks.length - 1].length + bytes.length > 39) chunks.push([]);
      chunks[chunks.length - 1] = chunks[chunks.length - 1].concat(bytes);
    });
    return chunks.map(function (bytes) {
      return "=?UTF-8?B?" + btoa(String.fromCharCode.apply(null, bytes)) + "?=";
    }).join("\r\n ");
  }

  function subjectHeader(value) {
    if (needsEncodedWords(value)) return "Subject: " + encodedWords(value);
    var lines = [];
    var line = "Subject:";
    value.split(" ").forEach(function (word) {
      if (line.length + 1 + word.length > 78 && !(lines.length === 0 && line === "Subject:")) {
        lines.push(line);
        line = "";
      }
      line += " " + word;
    });
    lines.push(line);
    return lines.join("\r\n");
  }

  function displayName(name) {
    if (needsEncodedWords(name)) return encodedWords(name);
    var atoms = scalars(name).every(function (c) { return isLetterOrDigit(c) || SYMBOLS.indexOf(c) !== -1 || c === " "; });
    if (atoms) return name;
    return "\"" + scalars(name).map(function (c) { return c === "\\" || c === "\"" ? "\\" + c : c; }).join("") + "\"";
  }

  function quotedPrintable(line) {
    var bytes = utf8(line);
    var tokens = bytes.map(function (b, i) {
      var last = i === bytes.length - 1;
      if ((b === 0x20 || b === 0x09) && !last) return String.fromCharCode(b);
      if (b >= 33 && b <= 126 && b !== 0x3d) return String.fromCharCode(b);
      return "=" + hex(b);
    });
    var lines = [];
    var current = "";
    tokens.forEach(function (token) {
      if (current.length + token.length > 75) { lines.push(current + "="); current = ""; }
      current += token;
    });
    lines.push(current);
    return lines;
  }

  function eml(data, request) {
    var headers = [];
    if (request.date !== null) headers.push("Date: " + request.date);
    headers.push("From: " + displayName(request.contactName) + " <" + request.contactEmail + ">");
    if (request.to !== null) headers.push("To: " + request.to);
    headers.push(subjectHeader(subject(data, request)));
    headers.push("MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8",
      "Content-Transfer-Encoding: quoted-printable", "X-Unsent: 1");
    var lines = body(data, request).split("\n");
    lines.pop();
    var encoded = [];
    lines.forEach(function (l) { encoded = encoded.concat(quotedPrintable(l)); });
    return headers.concat([""], encoded).join("\r\n") + "\r\n";
  }

  function percentEncoded(value) {
    return utf8(value).map(function (b) {
      var c = String.fromCharCode(b);
      return /^[A-Za-z0-9\-._~]$/.test(c) ? c : "%" + hex(b);
    }).join("");
  }

  function mailto(data, request) {
    var url = "mailto:";
    if (request.to !== null) url += request.to.split("@").map(percentEncoded).join("@");
    return url + "?subject=" + percentEncoded(subject(data, request)) + "&body=" +
      percentEncoded(body(data, request).split("\n").join("\r\n"));
  }

  /** The email as it stands while the form still has problems: typed values, or the label in brackets. */
  function draftText(data, values) {
    var shown = {};
    data.fields.forEach(function (f) {
      var v = values[f.name];
      var typed = (Array.isArray(v) ? v : [v || ""]).map(trim).filter(function (x) { return x !== ""; });
      if (f.kind === "agreement-type") {
        typed = typed.map(function (x) { var t = data.agreementTypes.filter(function (a) { return a.value === x; })[0]; return t ? t.label : x; });
      } else if (f.kind === "networks") {
        typed = data.networks.filter(function (n) { return typed.indexOf(n.value) !== -1; }).map(function (n) { return n.label; });
      }
      shown[f.name] = typed.length ? typed.join(", ") : (f.required ? "[" + f.label + "]" : data.email.notGiven);
    });
    return "Subject: " + data.email.subjectPrefix + shown["enterprise-name"] + "\n\n" +
      bodyFrom(data, shown, shown["contact-name"]);
  }

  function compose(data, values) {
    var result = validate(data, values);
    var out = {
      errors: result.problems.filter(function (p) { return p.severity === "error"; }),
      warnings: result.problems.filter(function (p) { return p.severity === "warning"; }),
      text: null, eml: null, mailto: null
    };
    if (result.request) {
      out.text = text(data, result.request);
      out.eml = eml(data, result.request);
      out.mailto = mailto(data, result.request);
    }
    return out;
  }

  // ---- The page ----

  function readData(root) {
    var block = root.querySelector('script[data-role="fields"]');
    return JSON.parse(block.textContent);
  }

  function setup(root) {
    var data = readData(root);
    var form = root.querySelector('[data-role="form"]');
    var preview = root.querySelector('[data-role="preview"]');
    var mailLink = root.querySelector('[data-role="mailto"]');
    var download = root.querySelector('[data-role="download"]');
    var copyButton = root.querySelector('[data-role="copy"]');
    var clearButton = root.querySelector('[data-role="clear"]');
    var status = root.querySelector('[data-role="status"]');
    var summary = root.querySelector('[data-role="summary"]');
    var formFields = data.fields.filter(function (f) { return f.inForm; });
    var touched = {};
    var revealAll = false;
    var current = null;
    var blobURL = null;

    function controls(name) { return Array.from(form.querySelectorAll('[name="' + name + '"]')); }

    function readValues() {
      var values = {};
      formFields.forEach(function (f) {
        var els = controls(f.name);
        if (f.kind === "networks") values[f.name] = els.filter(function (e) { return e.checked; }).map(function (e) { return e.value; });
        else if (f.kind === "domains") values[f.name] = els[0].value.split("\n");
        else values[f.name] = els[0].value;
      });
      return values;
    }

    /** True when some text field holds more than spaces (the network boxes start ticked). */
    function hasTypedValues() {
      return formFields.some(function (f) {
        return f.kind !== "networks" && controls(f.name).some(function (el) { return el.value.trim() !== ""; });
      });
    }

    function writeValues(values) {
      formFields.forEach(function (f) {
        var v = values[f.name];
        var els = controls(f.name);
        if (f.kind === "networks") {
          if (Array.isArray(v)) els.forEach(function (e) { e.checked = v.indexOf(e.value) !== -1; });
        } else if (f.kind === "domains") {
          if (Array.isArray(v)) els[0].value = v.join("\n");
        } else if (typeof v === "string") {
          els[0].value = v;
        }
      });
    }

    function save(values) {
      try { window.localStorage.setItem(STORAGE_KEY, JSON.stringify(values)); } catch (e) { /* storage unavailable (file:// in some browsers) */ }
    }

    function restore() {
      var values = null;
      try { values = JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "null"); } catch (e) { values = null; }
      if (!values || typeof values !== "object") return;
      writeValues(values);
      formFields.forEach(function (f) {
        var v = values[f.name];
        if (f.kind !== "networks" && (Array.isArray(v) ? v.join("") : v || "").trim() !== "") touched[f.name] = true;
      });
    }

    function showProblems(problems) {
      formFields.forEach(function (f) {
        var box = root.querySelector('[data-role="error"][data-field="' + f.name + '"]');
        var mine = problems.filter(function (p) { return p.field === f.name && (p.severity === "warning" || touched[f.name] || revealAll); });
        box.textContent = "";
        mine.forEach(function (p) {
          var line = document.createElement("span");
          line.className = "reqmail-problem reqmail-problem-" + p.severity;
          line.setAttribute("data-kind", p.kind);
          var label = document.createElement("span");
          label.className = "reqmail-severity";
          label.textContent = p.severity === "error" ? "Error: " : "Note: ";
          var message = document.createElement("span");
          message.setAttribute("data-role", "message");
          message.textContent = p.message;
          line.appendChild(label);
          line.appendChild(message);
          box.appendChild(line);
        });
        var invalid = mine.some(function (p) { return p.severity === "error"; });
        controls(f.name).forEach(function (el) {
          if (invalid) el.setAttribute("aria-invalid", "true"); else el.removeAttribute("aria-invalid");
        });
      });
    }

    function update() {
      var values = readValues();
      current = compose(data, values);
      showProblems(current.errors.concat(current.warnings).sort(function (a, b) {
        return fieldIndex(a.field) - fieldIndex(b.field);
      }));
      preview.textContent = current.text !== null ? current.text : draftText(data, values);
      if (blobURL) { URL.revokeObjectURL(blobURL); blobURL = null; }
      if (current.eml !== null) {
        mailLink.setAttribute("href", current.mailto);
        blobURL = URL.createObjectURL(new Blob([current.eml], { type: "message/rfc822" }));
        download.setAttribute("href", blobURL);
        summary.textContent = "The email is ready to open, copy or download.";
      } else {
        mailLink.setAttribute("href", "mailto:");
        download.setAttribute("href", "#");
        var n = current.errors.length;
        summary.textContent = n + (n === 1 ? " problem" : " problems") + " left to fix; the preview shows the email so far.";
      }
      root.setAttribute("data-state", current.eml !== null ? "ready" : "incomplete");
      // Paper shows the preview only once something was typed; an empty draft repeats the template.
      root.setAttribute("data-draft", hasTypedValues() ? "filled" : "empty");
    }

    function fieldIndex(name) {
      for (var i = 0; i < data.fields.length; i++) if (data.fields[i].name === name) return i;
      return data.fields.length;
    }

    /** Shows every problem and moves focus to the first field that has one. */
    function revealProblems() {
      revealAll = true;
      update();
      var first = current.errors[0];
      if (first) {
        var el = controls(first.field)[0];
        if (el) el.focus();
        status.textContent = "Fix the problems marked in the form first.";
      }
      return !first;
    }

    function copyWithSelection(value) {
      var area = document.createElement("textarea");
      area.value = value;
      area.setAttribute("readonly", "");
      area.className = "reqmail-offscreen";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      return ok;
    }

    function copied(ok) {
      if (ok) {
        status.textContent = "Copied the email to the clipboard.";
      } else {
        // Last resort: select the preview so the reader can copy it with the keyboard.
        var range = document.createRange();
        range.selectNodeContents(preview);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        status.textContent = "This browser blocked copying; the preview is selected, so press Ctrl+C (or Cmd+C).";
      }
    }

    form.addEventListener("input", function (event) {
      if (event.target.name) touched[event.target.name] = true;
      status.textContent = "";
      var values = readValues();
      save(values);
      update();
    });
    form.addEventListener("change", function (event) {
      if (event.target.name) touched[event.target.name] = true;
      save(readValues());
      update();
    });
    form.addEventListener("focusout", function (event) {
      if (event.target.name && !touched[event.target.name]) { touched[event.target.name] = true; update(); }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      revealProblems();
    });
    mailLink.addEventListener("click", function (event) {
      if (!revealProblems()) event.preventDefault();
    });
    download.addEventListener("click", function (event) {
      if (!revealProblems()) { event.preventDefault(); return; }
      status.textContent = "Downloaded " + data.email.fileName + "; open it with your mail app to send it.";
    });
    copyButton.addEventListener("click", function () {
      if (!revealProblems()) return;
      var value = current.text;
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(value).then(function () { copied(true); }, function () { copied(copyWithSelection(value)); });
      } else {
        copied(copyWithSelection(value));
      }
    });
    clearButton.addEventListener("click", function () {
      // Wiping a half-written request by a slip would lose work, so ask first.
      if (hasTypedValues() && !window.confirm("Clear every field of this request and forget the saved draft?")) {
        status.textContent = "Nothing was cleared.";
        return;
      }
      try { window.localStorage.removeItem(STORAGE_KEY); } catch (e) { /* storage unavailable */ }
      form.reset();
      touched = {};
      revealAll = false;
      update();
      status.textContent = "Draft cleared.";
      var first = controls(formFields[0].name)[0];
      if (first) first.focus();
    });

    restore();
    update();
    root.querySelector('[data-role="static"]').hidden = true;
    form.hidden = false;
    root.docgenRequestEmail = { current: function () { return current; }, data: data };
  }

  window.DocgenRequestEmail = {
    /** Validates and composes `values` (field name → string, or list for domain and network) with the page's field data. */
    compose: function (values, root) {
      var element = root || document.querySelector('[data-widget="request-email"]');
      return compose(readData(element), values);
    },
    /** The last composition of a widget's form: { errors, warnings, text, eml, mailto }. */
    current: function (root) {
      var element = root || document.querySelector('[data-widget="request-email"]');
      return element && element.docgenRequestEmail ? element.docgenRequestEmail.current() : null;
    }
  };

  function start() {
    Array.from(document.querySelectorAll('[data-widget="request-email"]')).forEach(setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

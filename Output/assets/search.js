// Site search: the box in the header, as an ARIA 1.2 combobox with a listbox of results. A classic
// script: no modules, fetch, XHR or workers, so it works opened from disk. The index docgen wrote under
// assets/search/ arrives as more classic scripts, injected on the first focus of the box; each one
// hands its data to window.docgenSearch. The normalising and tokenising rules repeat
// Sources/DocgenCore/Search/SearchTerms.swift: change both together.
(function () {
  "use strict";

  var MAX_RESULTS = 10; // the list never scrolls inside itself, so it needs no focusable scroll area
  var MAX_EXPANSIONS = 400; // terms a prefix may stand for
  var DEBOUNCE_MS = 60;
  var SNIPPET_CHARS = 180;
  var MAX_TERM_BYTES = 64;
  var WORD = /[\p{L}\p{N}]/u;
  var JOINERS = "_-.@()/:\\+";

  var index = { manifest: null, shards: {}, chunks: {} };
  var scripts = {}; // file name -> Promise

  window.docgenSearch = {
    manifest: function (manifest) { index.manifest = manifest; },
    terms: function (id, terms, postings) { index.shards[id] = { terms: terms, postings: postings }; },
    pages: function (id, firstPage, records) { index.chunks[id] = { first: firstPage, records: records }; }
  };

  // ---- Terms: the same rules as the index builder -------------------------------------------------

  function normalize(text) {
    return text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  }

  function utf8Length(text) {
    var length = 0;
    for (var i = 0; i < text.length; i++) {
      var code = text.charCodeAt(i);
      if (code < 0x80) length += 1;
      else if (code < 0x800) length += 2;
      else if (code >= 0xd800 && code <= 0xdbff) { length += 4; i++; }
      else length += 3;
    }
    return length;
  }

  // Tokens of normalised text: { words: [...], compound: whole form or null }.
  function tokens(normalized) {
    var chars = Array.from(normalized);
    var isWord = chars.map(function (c) { return WORD.test(c); });
    var result = [];
    var i = 0;
    while (i < chars.length) {
      if (!isWord[i] && chars[i] !== "_") { i++; continue; }
      var start = i, end = i, lastWordEnd = -1;
      while (end < chars.length && (isWord[end] || JOINERS.indexOf(chars[end]) >= 0)) {
        if (isWord[end]) lastWordEnd = end + 1;
        end++;
      }
      i = end;
      if (lastWordEnd <= start) continue;
      var words = [], wordCount = 0, p = start;
      while (p < lastWordEnd) {
        if (!isWord[p]) { p++; continue; }
        var wordStart = p;
        while (p < lastWordEnd && isWord[p]) p++;
        wordCount++;
        var word = chars.slice(wordStart, p).join("");
        if (utf8Length(word) <= MAX_TERM_BYTES) words.push(word);
      }
      var whole = chars.slice(start, lastWordEnd).join("");
      var isCompound = wordCount > 1 || whole.length !== (words.length ? words[0].length : -1);
      result.push({ words: words, compound: isCompound && utf8Length(whole) <= MAX_TERM_BYTES ? whole : null });
    }
    return result;
  }

  // What a query asks for: every word (AND); the last one as a prefix unless a space follows it.
  function parseQuery(text) {
    var normalized = normalize(text);
    var endsInWord = WORD.test(Array.from(normalized).pop() || "");
    var parts = [], compounds = [];
    tokens(normalized).forEach(function (token) {
      token.words.forEach(function (word) { parts.push({ term: word, prefix: false }); });
      if (token.compound) compounds.push({ term: token.compound, prefix: false });
    });
    if (endsInWord && parts.length) {
      var last = parts[parts.length - 1];
      last.prefix = last.term.length >= 2;
      if (compounds.length) compounds[compounds.length - 1].prefix = true;
    }
    return { parts: parts, compounds: compounds };
  }

  // ---- Loading the index ----------------------------------------------------------------------

  function load(root, name) {
    if (!scripts[name]) {
      scripts[name] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = root + "assets/search/" + name;
        script.onload = resolve;
        script.onerror = function () { delete scripts[name]; reject(new Error("cannot load " + name)); };
        document.head.appendChild(script);
      });
    }
    return scripts[name];
  }

  function shardsBetween(low, high) {
    var ids = [];
    index.manifest.shards.forEach(function (range, id) {
      if (range[0] <= high && range[1] >= low) ids.push(id);
    });
    return ids;
  }

  function rangeOf(item) {
    return item.prefix ? [item.term, item.term + "\uffff"] : [item.term, item.term];
  }

  function chunkOf(page) {
    var chunks = index.manifest.chunks, low = 0, high = chunks.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (chunks[middle] <= page) low = middle; else high = middle - 1;
    }
    return low;
  }

  function lowerBound(sorted, value) {
    var low = 0, high = sorted.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (sorted[middle] < value) low = middle + 1; else high = middle;
    }
    return low;
  }

  // The postings of every indexed term an item matches: [{ term, postings }], pieces joined.
  function termsFor(item) {
    var range = rangeOf(item);
    var found = [], byTerm = {};
    shardsBetween(range[0], range[1]).forEach(function (id) {
      var shard = index.shards[id];
      for (var i = lowerBound(shard.terms, range[0]); i < shard.terms.length; i++) {
        var term = shard.terms[i];
        if (item.prefix ? term.lastIndexOf(item.term, 0) !== 0 : term !== item.term) break;
        if (byTerm[term]) { byTerm[term].postings += "," + shard.postings[i]; continue; }
        if (found.length >= MAX_EXPANSIONS) break;
        byTerm[term] = { term: term, postings: shard.postings[i] };
        found.push(byTerm[term]);
      }
    });
    return found;
  }

  // page -> the raw postings of that page ("section.weight.positions|…") for every term the item
  // matches, with whether the term is the item itself. Sections are decoded only for candidate pages.
  function matchesOf(item) {
    var pages = new Map();
    termsFor(item).forEach(function (found) {
      var exact = found.term === item.term;
      found.postings.split(",").forEach(function (pageEntry) {
        var colon = pageEntry.indexOf(":");
        var page = parseInt(pageEntry.slice(0, colon), 36);
        var raw = pages.get(page);
        if (!raw) { raw = []; pages.set(page, raw); }
        raw.push(exact ? "=" + pageEntry.slice(colon + 1) : pageEntry.slice(colon + 1));
      });
    });
    return pages;
  }

  // section -> { field, count, positions, exact } from one page's raw postings.
  function sectionsOf(raw) {
    var sections = new Map();
    raw.forEach(function (entry) {
      var exact = entry.charAt(0) === "=";
      (exact ? entry.slice(1) : entry).split("|").forEach(function (sectionEntry) {
        var fields = sectionEntry.split(".");
        var section = parseInt(fields[0], 36), weight = parseInt(fields[1], 36);
        var positions = fields.slice(2).map(function (p) { return parseInt(p, 36); });
        var known = sections.get(section);
        if (!known) {
          sections.set(section, { field: weight >> 4, count: weight & 15, positions: positions, exact: exact });
        } else {
          known.field = Math.max(known.field, weight >> 4);
          known.count += weight & 15;
          known.positions = known.positions.concat(positions);
          known.exact = known.exact || exact;
        }
      });
    });
    return sections;
  }

  var FIELD_SCORE = [0, 1, 6, 12]; // body, heading, title
  var TITLE_OF_PAGE_SCORE = 2; // a word found only in the page's title, for its other sections

  function adjacent(first, second) {
    return first.positions.some(function (p) { return second.positions.indexOf(p + 1) >= 0; });
  }

  // Ranked sections: [{ page, section, score }].
  function rank(query) {
    var partMatches = query.parts.map(matchesOf);
    var compoundMatches = query.compounds.map(matchesOf);
    var results = [];
    if (!partMatches.length) return results;
    var smallest = partMatches.reduce(function (a, b) { return a.size <= b.size ? a : b; });
    smallest.forEach(function (_, page) {
      var raw = partMatches.map(function (matches) { return matches.get(page); });
      if (raw.some(function (entries) { return !entries; })) return;
      var perPart = raw.map(sectionsOf);
      var compoundSections = compoundMatches.map(function (matches) {
        var entries = matches.get(page);
        return entries ? sectionsOf(entries) : null;
      });
      var candidates = new Set();
      perPart.forEach(function (sections) { sections.forEach(function (_, section) { candidates.add(section); }); });
      candidates.forEach(function (section) {
        var score = 0, direct = 0, entries = [];
        for (var k = 0; k < perPart.length; k++) {
          var entry = perPart[k].get(section);
          var title = perPart[k].get(0);
          if (entry) {
            direct++;
            score += (FIELD_SCORE[entry.field] + Math.min(entry.count, 5) * 0.1) * (entry.exact ? 1 : 0.7);
          } else if (section !== 0 && title && title.field === 3) {
            score += TITLE_OF_PAGE_SCORE;
          } else {
            return;
          }
          entries.push(entry);
        }
        if (section !== 0 && direct === 0) return;
        for (var j = 0; j + 1 < entries.length; j++) {
          if (entries[j] && entries[j + 1] && adjacent(entries[j], entries[j + 1])) score += 4;
        }
        compoundSections.forEach(function (sections) {
          if (sections && sections.get(section)) score += 3;
        });
        results.push({ page: page, section: section, score: score });
      });
    });
    results.sort(function (a, b) { return b.score - a.score || a.page - b.page || a.section - b.section; });
    return results;
  }

  function recordOf(page) {
    var chunk = index.chunks[chunkOf(page)];
    return chunk && chunk.records[page - chunk.first];
  }

  function search(root, text) {
    var query = parseQuery(text);
    if (!query.parts.length) return Promise.resolve({ query: query, results: [], total: 0 });
    var needed = new Set();
    query.parts.concat(query.compounds).forEach(function (item) {
      var range = rangeOf(item);
      shardsBetween(range[0], range[1]).forEach(function (id) { needed.add(id); });
    });
    return Promise.all(Array.from(needed, function (id) { return load(root, "terms-" + id + ".js"); })).then(function () {
      var ranked = rank(query);
      var shown = ranked.slice(0, MAX_RESULTS);
      var chunks = new Set(shown.map(function (result) { return chunkOf(result.page); }));
      return Promise.all(Array.from(chunks, function (id) { return load(root, "pages-" + id + ".js"); })).then(function () {
        return { query: query, results: shown, total: ranked.length };
      });
    });
  }

  // ---- Showing results ------------------------------------------------------------------------

  function matchesQuery(word, query) {
    var normalized = normalize(word);
    return query.parts.some(function (part) {
      return part.prefix ? normalized.lastIndexOf(part.term, 0) === 0 : normalized === part.term;
    });
  }

  // The excerpt around the first matched word, with every matched word in <mark>.
  function snippet(text, query) {
    var fragment = document.createDocumentFragment();
    var pattern = /[\p{L}\p{N}\p{M}]+/gu, words = [], match;
    while ((match = pattern.exec(text)) !== null) words.push({ start: match.index, end: match.index + match[0].length, hit: matchesQuery(match[0], query) });
    var first = words.filter(function (w) { return w.hit; })[0];
    var start = 0;
    if (first && first.start > SNIPPET_CHARS / 3) {
      start = text.lastIndexOf(" ", first.start - SNIPPET_CHARS / 3) + 1;
    }
    var end = Math.min(text.length, start + SNIPPET_CHARS);
    if (end < text.length) end = Math.max(text.lastIndexOf(" ", end), first ? first.end : start + 1);
    var at = start;
    if (start > 0) fragment.appendChild(document.createTextNode("…"));
    words.forEach(function (word) {
      if (!word.hit || word.start < start || word.end > end) return;
      fragment.appendChild(document.createTextNode(text.slice(at, word.start)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(word.start, word.end);
      fragment.appendChild(mark);
      at = word.end;
    });
    fragment.appendChild(document.createTextNode(text.slice(at, end) + (end < text.length ? "…" : "")));
    return fragment;
  }

  function setUp(container) {
    var root = container.getAttribute("data-root") || "";
    var input = container.querySelector("[role='combobox']");
    var listbox = container.querySelector("[role='listbox']");
    var status = container.querySelector("[role='status']");
    var panel = container.querySelector(".site-search-panel");
    if (!input || !listbox || !status || !panel) return;
    container.hidden = false;

    var timer = null, generation = 0, active = -1, manifestLoad = null;

    function options() { return listbox.querySelectorAll("[role='option']"); }

    function open(showList) {
      panel.hidden = false;
      listbox.hidden = !showList;
      input.setAttribute("aria-expanded", showList ? "true" : "false");
    }
    function close() {
      panel.hidden = true;
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }
    function setActive(position) {
      var all = options();
      if (active >= 0 && all[active]) all[active].setAttribute("aria-selected", "false");
      active = position;
      if (active >= 0 && all[active]) {
        all[active].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", all[active].id);
        all[active].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function say(message) {
      status.textContent = message;
    }

    function loadManifest() {
      if (!manifestLoad) {
        manifestLoad = load(root, "manifest.js").catch(function (error) { manifestLoad = null; throw error; });
      }
      return manifestLoad;
    }

    function show(text, outcome) {
      listbox.textContent = "";
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (!outcome.results.length) {
        say("No results for “" + text.trim() + "”.");
        open(false);
        return;
      }
      outcome.results.forEach(function (result, position) {
        var record = recordOf(result.page);
        if (!record) return;
        var section = record[2][result.section] || ["", "", ""];
        var option = document.createElement("a");
        option.id = "site-search-result-" + position;
        option.className = "site-search-result";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.tabIndex = -1;
        option.href = root + record[0] + (section[0] ? "#" + section[0] : "");
        var title = document.createElement("span");
        title.className = "site-search-result-title";
        title.textContent = record[1];
        option.appendChild(title);
        if (result.section > 0 && section[1]) {
          var heading = document.createElement("span");
          heading.className = "site-search-result-section";
          heading.textContent = section[1];
          option.appendChild(heading);
        }
        if (section[2]) {
          var excerpt = document.createElement("span");
          excerpt.className = "site-search-result-snippet";
          excerpt.appendChild(snippet(section[2], outcome.query));
          option.appendChild(excerpt);
        }
        listbox.appendChild(option);
      });
      var count = outcome.total;
      say(count > outcome.results.length
        ? "Showing " + outcome.results.length + " of " + count + " results."
        : count + (count === 1 ? " result." : " results."));
      open(true);
    }

    function run() {
      var text = input.value;
      var mine = ++generation;
      if (!text.trim()) { close(); say(""); return; }
      loadManifest().then(function () {
        return search(root, text);
      }).then(function (outcome) {
        if (mine === generation) show(text, outcome);
      }).catch(function () {
        if (mine !== generation) return;
        listbox.textContent = "";
        say("The search index could not be loaded.");
        open(false);
      });
    }

    function go(position) {
      var all = options();
      var target = all[position >= 0 ? position : 0];
      if (target) window.location.href = target.href;
    }

    input.addEventListener("focus", function () {
      loadManifest().catch(function () { /* reported when a query runs */ });
      if (input.value.trim() && panel.hidden) run();
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, DEBOUNCE_MS);
    });
    input.addEventListener("keydown", function (event) {
      var count = options().length;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (!count) return;
        if (listbox.hidden) open(true);
        var step = event.key === "ArrowDown" ? 1 : -1;
        setActive(active < 0 ? (step > 0 ? 0 : count - 1) : (active + step + count) % count);
      } else if (event.key === "Enter") {
        if (count && !listbox.hidden) {
          event.preventDefault();
          go(active);
        }
      } else if (event.key === "Escape") {
        if (!panel.hidden) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          say("");
        }
      }
    });
    // Keep focus in the box while a result is clicked; the link itself navigates.
    listbox.addEventListener("mousedown", function (event) { event.preventDefault(); });
    input.addEventListener("blur", function () { close(); });

    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target && (target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName));
      var shortcut = (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey)
        || ((event.ctrlKey || event.metaKey) && !event.altKey && (event.key === "k" || event.key === "K"));
      if (!shortcut || target === input) return;
      event.preventDefault();
      input.focus();
      input.select();
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-role='search']"), setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

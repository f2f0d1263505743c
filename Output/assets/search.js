// Site search: the box in the header, as an ARIA 1.2 combobox with a listbox of results. A classic
// script: no modules, fetch, XHR or workers, so it works opened from disk. The index docgen wrote under
// assets/search/ arrives as more classic scripts, injected on the first focus of the box; each one
// hands its data to window.docgenSearch. The normalising and tokenising rules repeat
// Sources/DocgenCore/Search/SearchTerms.swift: change both together. (The index also holds the camel-case
// parts of words, so typed parts find them; a query's own words are looked up whole.)
(function () {
  "use strict";

  var MAX_RESULTS = 10; // the list never scrolls inside itself, so it needs no focusable scroll area
  var MAX_EXPANSIONS = 400; // terms a prefix may stand for
  var HEAD_ENTRIES = 1000; // sections in a very common term's head (SearchIndexFiles.headEntries)
  var DEBOUNCE_MS = 60; // typing: the first change runs at once, later ones 60 ms after the last change
  var SNIPPET_CHARS = 180;
  var MAX_TERM_BYTES = 64;
  var WORD = /[\p{L}\p{N}]/u;
  var JOINERS = "_-.@()/:\\+";

  var index = { manifest: null, shards: {}, chunks: {} };
  var scripts = {}; // file name -> Promise

  window.docgenSearch = {
    manifest: function (manifest) { index.manifest = manifest; },
    terms: function (id, terms, postings, heads) { index.shards[id] = { terms: terms, postings: postings, heads: heads }; },
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

  // Every indexed term an item matches: [{ term, text, head }], in term order. `text` is the term's
  // postings (a term too big for one shard continues in the next ones, in page order); `head`, only for
  // very common terms, is the part of them with the best sections (see SearchIndex.swift).
  function termsFor(item) {
    var range = rangeOf(item);
    var found = [], byTerm = {};
    shardsBetween(range[0], range[1]).forEach(function (id) {
      var shard = index.shards[id];
      for (var i = lowerBound(shard.terms, range[0]); i < shard.terms.length; i++) {
        var term = shard.terms[i];
        if (item.prefix ? term.lastIndexOf(item.term, 0) !== 0 : term !== item.term) break;
        if (byTerm[term]) {
          byTerm[term].text += "," + shard.postings[i];
          continue;
        }
        if (found.length >= MAX_EXPANSIONS) break;
        byTerm[term] = { term: term, text: shard.postings[i], head: shard.heads[i] };
        found.push(byTerm[term]);
      }
    });
    return found;
  }

  // Postings are "page:section.weight.position…|section…,page:…" in base 36 (weight = field × 16 +
  // occurrences). A decoded list holds one entry per (page, section) in typed arrays, sorted by page
  // then section; entry e's positions are positions[positionStart[e] .. positionStart[e + 1]).
  function decode(text, exact) {
    var n = text.length, capacity = (n >> 2) + 2;
    var list = {
      length: 0, page: new Int32Array(capacity), section: new Int32Array(capacity), weight: new Int32Array(capacity),
      exact: new Uint8Array(capacity), positionStart: new Int32Array(capacity + 1), positions: new Int32Array((n >> 1) + 1)
    };
    var e = 0, used = 0, value = 0, state = 0, page = 0, section = 0, weight = 0;
    for (var i = 0; i <= n; i++) {
      var c = i < n ? text.charCodeAt(i) : 44;
      if (c >= 97 && c <= 122) { value = value * 36 + c - 87; continue; }
      if (c >= 48 && c <= 57) { value = value * 36 + c - 48; continue; }
      if (c === 58) { // ':' ends the page
        page = value;
        state = 1;
      } else if (c === 46) { // '.' ends the section, the weight or a position
        if (state === 1) { section = value; state = 2; }
        else if (state === 2) { weight = value; state = 3; }
        else list.positions[used++] = value;
      } else { // '|' ends the section's entry, ',' the page's
        if (state === 2) weight = value; else list.positions[used++] = value;
        list.page[e] = page;
        list.section[e] = section;
        list.weight[e] = weight;
        list.exact[e] = exact ? 1 : 0;
        list.positionStart[++e] = used;
        state = c === 124 ? 1 : 0;
      }
      value = 0;
    }
    list.length = text.length ? e : 0;
    return list;
  }

  // One list of several, sorted by (page, section) by one numeric sort of packed keys.
  function merged(lists) {
    if (lists.length === 1) return lists[0];
    var total = 0, k = 0;
    lists.forEach(function (list) { total += list.length; });
    var keys = new Float64Array(total), owner = new Int32Array(total), at = new Int32Array(total), positionCount = 0;
    lists.forEach(function (list, number) {
      for (var e = 0; e < list.length; e++) {
        keys[k] = (list.page[e] * 1024 + list.section[e]) * 2097152 + k;
        owner[k] = number;
        at[k] = e;
        k++;
      }
      positionCount += list.positionStart[list.length];
    });
    keys.sort();
    var out = {
      length: total, page: new Int32Array(total), section: new Int32Array(total), weight: new Int32Array(total),
      exact: new Uint8Array(total), positionStart: new Int32Array(total + 1), positions: new Int32Array(positionCount + 1)
    };
    var used = 0;
    for (var s = 0; s < total; s++) {
      var slot = keys[s] % 2097152, list = lists[owner[slot]], e2 = at[slot];
      out.page[s] = list.page[e2];
      out.section[s] = list.section[e2];
      out.weight[s] = list.weight[e2];
      out.exact[s] = list.exact[e2];
      for (var p = list.positionStart[e2]; p < list.positionStart[e2 + 1]; p++) out.positions[used++] = list.positions[p];
      out.positionStart[s + 1] = used;
    }
    return out;
  }

  // What an item contributes to one page: its sections there, the same section merged over the terms
  // the item stands for (best field, summed occurrences, every position).
  function pageMatches() {
    return { length: 0, section: [], field: [], count: [], exact: [], positions: [] };
  }
  function addSection(matches, section, weight, exact, positions, from, to) {
    var at = matches.section.indexOf(section, 0);
    if (at >= matches.length) at = -1;
    if (at < 0) {
      at = matches.length++;
      matches.section[at] = section;
      matches.field[at] = 0;
      matches.count[at] = 0;
      matches.exact[at] = false;
      matches.positions[at] = [];
    }
    matches.field[at] = Math.max(matches.field[at], weight >> 4);
    matches.count[at] += weight & 15;
    matches.exact[at] = matches.exact[at] || exact;
    for (var p = from; p < to; p++) matches.positions[at].push(positions[p]);
  }

  // The page number of the page entry starting at `offset` of a posting text.
  function pageAt(text, offset) {
    var value = 0;
    for (var i = offset; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c === 58) break;
      value = value * 36 + (c >= 97 ? c - 87 : c - 48);
    }
    return value;
  }
  function nextPageEntry(text, from) {
    var comma = text.indexOf(",", from);
    return comma < 0 ? text.length : comma + 1;
  }

  // An item's matches, page by page in increasing page order. Terms with few postings are decoded
  // whole; a very common term's postings are searched in place for each page asked for (a galloping
  // then binary search over the text), so a query never decodes a very common term in full.
  function matcher(item) {
    var small = [], large = [];
    termsFor(item).forEach(function (found) {
      if (found.head) large.push({ text: found.text, head: found.head, exact: found.term === item.term, at: 0 });
      else small.push(decode(found.text, found.term === item.term));
    });
    var list = small.length ? merged(small) : null, cursor = 0;
    return {
      // Whether every page the item matches is among its candidate pages (no very common term).
      complete: large.length === 0,
      size: (list ? list.length : 0) + large.length * HEAD_ENTRIES,
      // Pages worth scoring: every page of the small terms, and the pages of the best sections of the large ones.
      candidatePages: function () {
        var pages = list ? Array.prototype.slice.call(list.page, 0, list.length) : [];
        large.forEach(function (term) {
          var head = decode(term.head, term.exact);
          for (var e = 0; e < head.length; e++) pages.push(head.page[e]);
        });
        return pages;
      },
      // The item's sections on `page` (asked for in increasing order) into `matches`.
      on: function (page, matches) {
        matches.length = 0;
        if (list) {
          while (cursor < list.length && list.page[cursor] < page) cursor++;
          for (var e = cursor; e < list.length && list.page[e] === page; e++) {
            addSection(matches, list.section[e], list.weight[e], list.exact[e] === 1, list.positions, list.positionStart[e], list.positionStart[e + 1]);
          }
        }
        large.forEach(function (term) { largeOn(term, page, matches); });
        return matches.length > 0;
      }
    };
  }

  function largeOn(term, page, matches) {
    var text = term.text, n = text.length, low = term.at;
    if (low >= n) return;
    var found = low;
    if (pageAt(text, low) < page) {
      // Gallop from the last place to a bound, then halve; `low` always starts a page entry below `page`.
      var step = 256, high = n;
      for (;;) {
        var probe = nextPageEntry(text, low + step);
        if (probe >= n || pageAt(text, probe) >= page) { high = probe; break; }
        low = probe;
        step *= 2;
      }
      // Halve: a page entry starting between `low` and `high`, at or before the middle if there is one.
      for (;;) {
        var half = (low + high) >> 1, middle = text.lastIndexOf(",", half - 1) + 1;
        if (middle <= low) {
          middle = nextPageEntry(text, half);
          if (middle >= high) break;
        }
        if (pageAt(text, middle) < page) low = middle; else high = middle;
      }
      found = high;
      term.at = low;
      if (found >= n || pageAt(text, found) !== page) return;
    } else if (pageAt(text, low) !== page) {
      return;
    }
    // Decode this page's entry: "page:section.weight.position…|section…" up to the next ','.
    var end = nextPageEntry(text, found), i = text.indexOf(":", found) + 1, positions = [];
    while (i < end) {
      var fields = [], value = 0;
      for (; i <= end; i++) {
        var c = i < end ? text.charCodeAt(i) : 44;
        if (c === 46 || c === 124 || c === 44) {
          fields.push(value);
          value = 0;
          if (c !== 46) { i++; break; }
        } else {
          value = value * 36 + (c >= 97 ? c - 87 : c - 48);
        }
      }
      positions = fields.slice(2);
      addSection(matches, fields[0], fields[1], term.exact, positions, 0, positions.length);
    }
  }

  var FIELD_SCORE = [0, 1, 6, 12]; // body, heading, title
  var TITLE_OF_PAGE_SCORE = 2; // a word found only in the page's title, for its other sections

  function adjacent(first, a, second, b) {
    var before = first.positions[a], after = second.positions[b];
    for (var i = 0; i < before.length; i++) {
      if (after.indexOf(before[i] + 1) >= 0) return true;
    }
    return false;
  }

  // The best MAX_RESULTS sections, and how many sections match (a lower bound when `complete` is false):
  // { shown: [{ page, section, score }], total, complete }. Candidate pages come from the item with the
  // fewest postings when it has no very common term (then every match is found); otherwise from the best
  // sections of each item, which holds the best results though not every match.
  function rank(query) {
    var shown = [], total = 0;
    if (!query.parts.length) return { shown: shown, total: 0, complete: true };
    var parts = query.parts.map(matcher);
    var compounds = query.compounds.map(matcher);
    var complete = parts.filter(function (part) { return part.complete; });
    var pages;
    if (complete.length) {
      pages = complete.reduce(function (a, b) { return a.size <= b.size ? a : b; }).candidatePages();
    } else {
      pages = [];
      parts.forEach(function (part) { pages = pages.concat(part.candidatePages()); });
    }
    pages = Int32Array.from(pages).sort();
    var matches = parts.map(pageMatches), compoundMatches = compounds.map(pageMatches), entries = new Array(parts.length);
    var sections = [];
    for (var d = 0; d < pages.length; d++) {
      var page = pages[d];
      if (d > 0 && pages[d - 1] === page) continue;
      var all = true;
      for (var k = 0; k < parts.length && all; k++) all = parts[k].on(page, matches[k]);
      if (!all) continue;
      for (var m = 0; m < compounds.length; m++) compounds[m].on(page, compoundMatches[m]);
      sections.length = 0;
      for (k = 0; k < parts.length; k++) {
        for (var s = 0; s < matches[k].length; s++) sections.push(matches[k].section[s]);
      }
      sections.sort(function (a, b) { return a - b; });
      for (var c = 0; c < sections.length; c++) {
        var section = sections[c];
        if (c > 0 && sections[c - 1] === section) continue;
        var score = 0, missing = false;
        for (k = 0; k < parts.length; k++) {
          var part = matches[k], entry = part.section.indexOf(section);
          if (entry >= part.length) entry = -1;
          entries[k] = entry;
          if (entry >= 0) {
            score += (FIELD_SCORE[part.field[entry]] + Math.min(part.count[entry], 5) * 0.1) * (part.exact[entry] ? 1 : 0.7);
            continue;
          }
          var title = part.section.indexOf(0);
          if (section !== 0 && title >= 0 && title < part.length && part.field[title] === 3) {
            score += TITLE_OF_PAGE_SCORE;
          } else {
            missing = true;
            break;
          }
        }
        if (missing) continue;
        for (var j = 0; j + 1 < parts.length; j++) {
          if (entries[j] >= 0 && entries[j + 1] >= 0 && adjacent(matches[j], entries[j], matches[j + 1], entries[j + 1])) score += 4;
        }
        for (m = 0; m < compounds.length; m++) {
          var at = compoundMatches[m].section.indexOf(section);
          if (at >= 0 && at < compoundMatches[m].length) score += 3;
        }
        total++;
        if (shown.length === MAX_RESULTS && score <= shown[MAX_RESULTS - 1].score) continue;
        var place = shown.length;
        while (place > 0 && score > shown[place - 1].score) place--;
        shown.splice(place, 0, { page: page, section: section, score: score });
        if (shown.length > MAX_RESULTS) shown.pop();
      }
    }
    return { shown: shown, total: total, complete: complete.length > 0 };
  }

  function recordOf(page) {
    var chunk = index.chunks[chunkOf(page)];
    return chunk && chunk.records[page - chunk.first];
  }

  function search(root, text) {
    var query = parseQuery(text);
    if (!query.parts.length) return Promise.resolve({ query: query, results: [], total: 0, complete: true });
    var needed = new Set();
    query.parts.concat(query.compounds).forEach(function (item) {
      var range = rangeOf(item);
      shardsBetween(range[0], range[1]).forEach(function (id) { needed.add(id); });
    });
    return Promise.all(Array.from(needed, function (id) { return load(root, "terms-" + id + ".js"); })).then(function () {
      var ranked = rank(query);
      var chunks = new Set(ranked.shown.map(function (result) { return chunkOf(result.page); }));
      return Promise.all(Array.from(chunks, function (id) { return load(root, "pages-" + id + ".js"); })).then(function () {
        return { query: query, results: ranked.shown, total: ranked.total, complete: ranked.complete };
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

    var timer = null, lastInput = -Infinity, generation = 0, active = -1, manifestLoad = null;

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
      if (!outcome.complete) say("Showing the best " + outcome.results.length + " of at least " + count + " results.");
      else if (count > outcome.results.length) say("Showing " + outcome.results.length + " of " + count + " results.");
      else say(count + (count === 1 ? " result." : " results."));
      open(true);
    }

    // The list is busy from a change of the text until the results for the latest text are shown.
    function busy(state) {
      if (state) listbox.setAttribute("aria-busy", "true"); else listbox.removeAttribute("aria-busy");
    }

    function run() {
      timer = null;
      var text = input.value;
      var mine = ++generation;
      if (!text.trim()) { close(); say(""); busy(false); return; }
      loadManifest().then(function () {
        return search(root, text);
      }).then(function (outcome) {
        if (mine !== generation) return;
        show(text, outcome);
        busy(false);
      }).catch(function () {
        if (mine !== generation) return;
        listbox.textContent = "";
        say("The search index could not be loaded.");
        open(false);
        busy(false);
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
      // A query already running is out of date; its results are not shown.
      generation++;
      busy(true);
      var now = Date.now(), idle = timer === null && now - lastInput >= DEBOUNCE_MS;
      lastInput = now;
      clearTimeout(timer);
      if (idle) run(); else timer = setTimeout(run, DEBOUNCE_MS);
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

// Search result snippets from what a reader sees as prose (loaded, deferred, on the search page
// only: search.py; what it marks no-search, such as chips and related papers, stays out too).
// Sphinx's own snippet is the textContent of the whole page: form labels, avatar initials and
// the contributor guide's configuration tables end up in it, with chips glued to the next word
// ("PosterSession 1Hyper-Align"), and it starts at the first substring match of the last word
// ("ready" inside "already"). Here the text leaves out what is not prose (chips too), keeps a
// space between blocks, and the snippet starts where most of the query's words occur, matched
// at the start of a word.
"use strict";
(() => {
  if (typeof Search === "undefined") return;

  // Not prose: controls, code and BibTeX, decorations, navigation, field and configuration
  // reference tables; the page title is the result's link already.
  const SKIP = [
    ".headerlink", "script", "style", "form", "nav", "pre", "[hidden]", "[aria-hidden='true']",
    ".wsl-avatar", ".wsl-bibtex", "table.wsl-field-table", "table.wsl-warning-table", "h1",
    ".bd-sidebar-secondary", ".editthispage", ".no-search", "thead", ".wsl-badge",
    ".sd-badge", ".wsl-paper-links",
  ].join(", ");
  // Source syntax shown by the contributor guide ({date}`key`): a gap, not markup.
  const CODE = "code";
  // Elements whose text is a unit of its own: a space goes after each.
  const UNITS = "p, li, dt, dd, td, th, tr, caption, div, section, h2, h3, h4, h5, h6, " +
    "blockquote, figcaption, br, .sd-card-title";
  const LENGTH = 240;

  const fold = (text) => text.normalize("NFKD").replace(/\p{Mark}/gu, "").toLowerCase();

  const proseText = (htmlString, anchor) => {
    const doc = new DOMParser().parseFromString(htmlString, "text/html");
    const main = doc.querySelector('[role="main"]');
    if (!main) return "";
    const root = (anchor && main.querySelector(anchor)) || main;
    for (const element of root.querySelectorAll(SKIP)) element.remove();
    for (const element of root.querySelectorAll(CODE)) element.replaceWith(" … ");
    for (const element of root.querySelectorAll(UNITS)) element.append(" ");
    return root.textContent.replace(/\s+/g, " ").replace(/( …)+/g, " …").trim();
  };

  // Words to look for: the query as typed (folded) and Sphinx's stems of it.
  const queryWords = (keywords) => {
    const typed = splitQuery(new URLSearchParams(window.location.search).get("q") || "");
    return [...new Set([...typed, ...keywords].map(fold).filter((word) => word.length > 1))];
  };

  // The start of the window of text where most distinct query words occur (earliest on ties).
  const bestStart = (text, words) => {
    // Folding per character keeps positions aligned with the original text.
    const folded = [...text].map((c) => { const f = fold(c); return f.length === 1 ? f : c; })
      .join("");
    const hits = [];
    words.forEach((word, index) => {
      const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escaped}`, "gu");
      for (const match of folded.matchAll(pattern)) {
        hits.push([match.index, index]);
        if (hits.length > 500) break;
      }
    });
    if (!hits.length) return 0;
    hits.sort((a, b) => a[0] - b[0]);
    let best = hits[0][0];
    let bestCount = 0;
    for (const [position] of hits) {
      const inWindow = new Set(hits.filter(([p]) => p >= position && p < position + LENGTH / 2)
        .map(([, index]) => index));
      if (inWindow.size > bestCount) [best, bestCount] = [position, inWindow.size];
    }
    // A little context before the match, from the start of a word.
    const from = Math.max(0, best - 60);
    const space = text.indexOf(" ", from);
    return from === 0 || space === -1 || space > best ? from : space + 1;
  };

  Search.makeSearchSummary = (htmlText, keywords, anchor) => {
    const text = proseText(htmlText, anchor);
    if (!text) return null;
    const start = bestStart(text, queryWords(keywords));
    const summary = document.createElement("p");
    summary.classList.add("context");
    summary.textContent = (start > 0 ? "…" : "") + text.substr(start, LENGTH).trim() +
      (start + LENGTH < text.length ? "…" : "");
    return summary;
  };
})();

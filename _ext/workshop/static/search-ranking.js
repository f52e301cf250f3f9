// Reader pages first (loaded, deferred, on the search page only: search.py). Pages outside the
// site's navigation (the contributor guide) still answer the words only they have, but never
// rank above a page of the site's navigation: search.py names them in the search page's
// <meta name="wsl-search-below">. Sphinx's searchtools.js calls Scorer.score on every result.
"use strict";
(() => {
  if (typeof Scorer === "undefined") return;
  const meta = document.querySelector('meta[name="wsl-search-below"]');
  const below = new Set((meta ? meta.content : "").split(/\s+/).filter(Boolean));
  if (!below.size) return;
  const BELOW = 1000;  // more than any score a word can give a page
  const previous = Scorer.score;
  Scorer.score = (result) => {
    const score = previous ? previous(result) : result[4];
    return below.has(result[0]) ? score - BELOW : score;
  };
})();

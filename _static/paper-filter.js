// Filters the list of papers of a {paper-filter} block: by topic, presentation, poster session
// and words of titles and authors. Progressive enhancement: without JavaScript the form stays
// hidden and the whole list shows. The state lives in the URL query (?q=&topic=&presentation=
// &session=), so a filtered view can be shared, reloaded and navigated with Back/Forward.
"use strict";
(() => {
  const FIELDS = ["q", "topic", "presentation", "session"];
  // Same folding as the site's fold() in Python: data-text is folded at build time.
  const fold = (text) => text.normalize("NFKD").replace(/\p{M}/gu, "")
    .toLowerCase().replace(/ß/g, "ss").split(/\s+/).filter(Boolean);

  for (const form of document.querySelectorAll("form.wsl-paper-filter")) {
    const browser = form.closest(".wsl-paper-browser");
    const items = [...browser.querySelectorAll("li.wsl-paper")];
    const status = form.querySelector(".wsl-filter-status");
    const staticCount = browser.querySelector(".wsl-count");
    let announce;

    const allowed = (name, value) => name === "q" || value === "" ||
      [...form.elements[name].options || form.elements[name]].some((o) => o.value === value);

    const readForm = () => Object.fromEntries(FIELDS.map((name) => [name,
      name === "q" ? form.elements.q.value.trim() : form.elements[name].value]));

    const writeForm = (state) => {
      form.elements.q.value = state.q;
      form.elements.topic.value = state.topic;
      // Radio groups are set one by one: Chromium's RadioNodeList ignores value = "".
      for (const name of ["presentation", "session"]) {
        for (const radio of form.elements[name]) radio.checked = radio.value === state[name];
      }
    };

    const readUrl = () => {
      const query = new URLSearchParams(window.location.search);
      return Object.fromEntries(FIELDS.map((name) => {
        const value = (query.get(name) || "").trim();
        return [name, allowed(name, value) ? value : ""];
      }));
    };

    const urlFor = (state) => {
      const query = new URLSearchParams(window.location.search);
      for (const name of FIELDS) {
        if (state[name]) query.set(name, state[name]); else query.delete(name);
      }
      const search = query.toString();
      return window.location.pathname + (search ? `?${search}` : "") + window.location.hash;
    };

    const apply = (state) => {
      const words = fold(state.q);
      let shown = 0;
      for (const item of items) {
        const data = item.dataset;
        const match = (!state.topic || data.topics.split(" ").includes(state.topic)) &&
          (!state.presentation || data.presentation === state.presentation) &&
          (!state.session || data.session === state.session) &&
          words.every((word) => data.text.includes(word));
        item.hidden = !match;
        if (match) shown += 1;
      }
      const total = items.length;
      const message = shown === total ? `Showing all ${total} papers.`
        : shown === 0 ? `No paper matches these filters (of ${total}).`
        : `Showing ${shown} of ${total} papers.`;
      // A short pause, so a screen reader reads the count once typing stops.
      clearTimeout(announce);
      announce = setTimeout(() => { status.textContent = message; }, 300);
      browser.dataset.shown = String(shown);
    };

    const update = ({ push }) => {
      const state = readForm();
      const url = urlFor(state);
      if (url !== window.location.pathname + window.location.search + window.location.hash) {
        window.history[push ? "pushState" : "replaceState"](null, "", url);
      }
      apply(state);
    };

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      update({ push: true });
    });
    // Typing replaces the current history entry; choosing a filter adds one (Back undoes it).
    form.elements.q.addEventListener("input", () => update({ push: false }));
    form.addEventListener("change", (event) => {
      if (event.target.name !== "q") update({ push: true });
    });
    form.querySelector(".wsl-filter-clear").addEventListener("click", () => {
      writeForm({ q: "", topic: "", presentation: "", session: "" });
      update({ push: true });
      form.elements.q.focus();
    });
    window.addEventListener("popstate", () => {
      const state = readUrl();
      writeForm(state);
      apply(state);
    });

    // Folded on phones, open on wider screens (the summary shows only on phones: wsl.css).
    const disclosure = form.querySelector(".wsl-filter-disclosure");
    const phone = window.matchMedia("(max-width: 40rem)");
    const unfoldOnWideScreens = () => { if (disclosure) disclosure.open = !phone.matches; };
    phone.addEventListener("change", unfoldOnWideScreens);
    unfoldOnWideScreens();

    const initial = readUrl();
    writeForm(initial);
    if (staticCount) staticCount.hidden = true;  // the live status replaces it
    form.hidden = false;
    apply(initial);
  }
})();

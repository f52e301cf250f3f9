// The papers page's one list (render/paper_list.py): the reader groups it (by title,
// presentation, poster session or topic area) and filters it (topic, presentation, poster
// session, words of titles and authors); each choice shows how many papers it would leave.
// The rows can also be shown one line per paper (view=compact). Progressive enhancement: the
// form and the rows' copy buttons are painted with the page where scripts run (wsl.css), and
// this script changes nothing on the page until the reader or the address makes a choice;
// without JavaScript they never show and the list by title shows, on pages of its own when it
// is long. The state lives in the URL query (?group=&q=&topic=&presentation=&session=&view=),
// so a view can be shared, reloaded and walked with Back/Forward. On phones the bar is folded
// under a summary that names the choices that are on.
// When the page lists only the first papers, the rows of all of them come from the list's data
// file (the form's data-rows, written by the build with the same markup) on the first choice,
// or at once when the address holds one.
"use strict";
(() => {
  const FILTERS = ["topic", "presentation", "session"];
  const FIELDS = ["group", "q", "view", ...FILTERS];
  // Same folding as the site's fold() in Python: data-text is folded at build time.
  const fold = (text) => text.normalize("NFKD").replace(/\p{M}/gu, "")
    .toLowerCase().replace(/ß/g, "ss").split(/\s+/).filter(Boolean);
  const has = (paper, name, value) =>
    name === "topic" ? paper.topics.includes(value) : paper[name] === value;

  for (const form of document.querySelectorAll("form.wsl-paper-filter")) {
    const browser = form.closest(".wsl-paper-browser");
    const view = browser.querySelector(".wsl-paper-view");
    const status = form.querySelector(".wsl-filter-status");
    const staticParts = browser.querySelectorAll(".wsl-count, .wsl-pages");
    const copyStatus = document.createElement("p");
    copyStatus.className = "wsl-copy-status";
    copyStatus.setAttribute("role", "status");
    view.before(copyStatus);
    let loading = null;
    let announce;
    let quiet;

    // The choices of a field: the options of its select.
    const choices = (name) => [...form.elements[name].options];
    const allowed = (name, value) => name === "q" || value === "" ||
      (name === "view" ? value === "compact"
        : choices(name).some((choice) => choice.value === value));

    const readForm = () => Object.fromEntries(FIELDS.map((name) => [name,
      name === "q" ? form.elements.q.value.trim()
        : name === "view" ? (form.elements.view.checked ? "compact" : "")
        : form.elements[name].value]));

    const writeForm = (state) => {
      for (const name of FIELDS) {
        if (name === "view") form.elements.view.checked = state.view === "compact";
        else form.elements[name].value = state[name];
      }
    };

    // What the folded bar says: the choices that are on (words, filters, grouping, one line).
    const active = form.querySelector(".wsl-filter-active");
    const clear = form.querySelector(".wsl-filter-clear");
    const label = (name, value) => choices(name).find((c) => c.value === value)?.dataset.label;
    const show = (state) => {
      browser.dataset.view = state.view || "rows";
      const on = [
        ...(state.q ? [`“${state.q}”`] : []),
        ...FILTERS.filter((name) => state[name]).map((name) => label(name, state[name])),
        ...(state.group ? [`by ${label("group", state.group).toLowerCase()}`] : []),
        ...(state.view ? ["one line each"] : []),
      ];
      active.textContent = on.length ? `: ${on.join(" · ")}` : "";
      // "Clear filters" only when there is something to clear.
      clear.hidden = !(state.q || FILTERS.some((name) => state[name]));
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

    const paperOf = (row) => ({
      row, presentation: row.dataset.presentation, session: row.dataset.session,
      topics: row.dataset.topics.split(" "), text: row.dataset.text,
    });

    // Every paper, once: from the page when it lists them all, else from the data file.
    const load = () => {
      if (!loading) {
        const rows = form.dataset.complete === "true"
          ? Promise.resolve([...view.querySelectorAll("li.wsl-paper")])
          : fetch(form.dataset.rows).then((response) => {
            if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
            return response.json();
          }).then((data) => {
            const template = document.createElement("template");
            template.innerHTML = data.rows.join("");
            return [...template.content.querySelectorAll("li.wsl-paper")];
          });
        loading = rows.then((found) => found.map(paperOf));
        loading.catch(() => { loading = null; });  // try again on the next choice
      }
      return loading;
    };

    const list = (papers, copy) => {
      const ul = document.createElement("ul");
      ul.className = "wsl-paper-list";
      ul.append(...papers.map((paper) => (copy ? paper.row.cloneNode(true) : paper.row)));
      return ul;
    };

    // One list, or a heading and a list per group (a paper is in each of its topic areas).
    const render = (shown, group) => {
      const parts = [];
      if (!group) parts.push(list(shown, false));
      for (const choice of group ? choices(group) : []) {
        const members = choice.value ? shown.filter((p) => has(p, group, choice.value)) : [];
        if (members.length === 0) continue;
        const heading = document.createElement("h2");
        heading.className = "wsl-group";
        heading.id = `${form.id}-${group}-${choice.value}`;
        heading.textContent = `${choice.dataset.groupTitle} (${members.length})`;
        parts.push(heading, list(members, group === "topic"));
      }
      view.replaceChildren(...parts);
      for (const part of staticParts) part.hidden = true;  // the live count replaces them
    };

    const apply = async (state) => {
      let papers;
      try {
        papers = await load();
      } catch {
        status.textContent = "The whole list could not be loaded: the pages below still " +
          "list every paper.";
        return;
      }
      const words = fold(state.q);
      const keep = (paper, except) => words.every((word) => paper.text.includes(word)) &&
        FILTERS.every((name) => name === except || !state[name] || has(paper, name, state[name]));
      const shown = papers.filter((paper) => keep(paper, null));
      // Each choice counts the papers it would show with the other filters as they are.
      for (const name of FILTERS) {
        const pool = papers.filter((paper) => keep(paper, name));
        for (const choice of choices(name)) {
          const count = choice.value ? pool.filter((p) => has(p, name, choice.value)).length
            : pool.length;
          choice.textContent = `${choice.dataset.label} (${count})`;
        }
      }
      render(shown, state.group);
      browser.dataset.shown = String(shown.length);
      const total = papers.length;
      const message = shown.length === total ? `Showing all ${total} papers.`
        : shown.length === 0 ? `No paper matches these filters (of ${total}).`
        : `Showing ${shown.length} of ${total} papers.`;
      // A short pause, so a screen reader reads the count once typing stops.
      clearTimeout(announce);
      announce = setTimeout(() => { status.textContent = message; }, 300);
    };

    const update = ({ push }) => {
      const state = readForm();
      const url = urlFor(state);
      if (url !== window.location.pathname + window.location.search + window.location.hash) {
        window.history[push ? "pushState" : "replaceState"](null, "", url);
      }
      show(state);
      apply(state);
    };

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      update({ push: true });
    });
    // Typing replaces the current history entry; any other choice adds one (Back undoes it).
    form.elements.q.addEventListener("input", () => update({ push: false }));
    form.addEventListener("change", (event) => {
      if (event.target.name !== "q") update({ push: true });
    });
    // A long list's rows are fetched as soon as the reader comes near the form.
    form.addEventListener("focusin", () => { load().catch(() => {}); }, { once: true });
    clear.addEventListener("click", () => {
      writeForm({ ...readForm(), q: "", topic: "", presentation: "", session: "" });
      update({ push: true });
      form.elements.q.focus();
    });
    window.addEventListener("popstate", () => {
      const state = readUrl();
      writeForm(state);
      show(state);
      apply(state);
    });

    view.addEventListener("click", async (event) => {
      const button = event.target.closest(".wsl-copy-bibtex");
      if (!button) return;
      const title = button.closest("li").querySelector(".wsl-paper-title").textContent;
      try {
        await navigator.clipboard.writeText(button.dataset.bibtex);
        copyStatus.textContent = `BibTeX of “${title}” copied to the clipboard.`;
      } catch {
        copyStatus.textContent = "The browser did not allow copying: the paper's page shows " +
          "its BibTeX entry.";
      }
      clearTimeout(quiet);
      quiet = setTimeout(() => { copyStatus.textContent = ""; }, 4000);
    });

    // Folded on phones, open on wider screens (the summary shows only on phones, and there the
    // page is painted folded; on wider screens wsl.css shows the bar folded or not).
    const disclosure = form.querySelector(".wsl-filter-disclosure");
    const phone = window.matchMedia("(max-width: 40rem)");
    const unfoldOnWideScreens = () => { if (disclosure) disclosure.open = !phone.matches; };
    phone.addEventListener("change", unfoldOnWideScreens);
    unfoldOnWideScreens();

    const initial = readUrl();
    writeForm(initial);
    show(initial);
    // The page as built is the view without a choice: a long list stays on its first page (no
    // download) and a short one as it was painted, until the reader makes a choice.
    if (FIELDS.some((name) => initial[name])) apply(initial);
  }
})();

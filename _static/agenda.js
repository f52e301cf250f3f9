/* My agenda: a star on every paper and program slot, and the agenda page that lists them.
 *
 * Progressive enhancement: without JavaScript there are no stars and the agenda page says what
 * it needs. The choice lives only in this browser (localStorage "wsl-agenda", a list of ids:
 * "slot-0900" for a slot of the program, "paper-<id>" for a paper); nothing is sent anywhere.
 * The agenda page reads the build's data file (agenda.json: every item with its times), lists
 * the starred items in time order (the local-time toggle converts them), makes a calendar
 * file of them in the browser (a Blob download) and a link that carries the selection to
 * another device (?items=a,b,c). Loaded (deferred) on pages that list papers or slots.
 */
(() => {
  "use strict";

  const STORAGE_KEY = "wsl-agenda";

  function stored() {
    try {
      const value = JSON.parse(localStorage.getItem(STORAGE_KEY) || "[]");
      return Array.isArray(value) ? value.filter((id) => typeof id === "string") : [];
    } catch (error) {
      return [];
    }
  }

  let chosen = new Set(stored());

  function save() {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify([...chosen]));
    } catch (error) {
      /* storage may be disabled: the stars then last for this page only */
    }
  }

  // -- the stars ------------------------------------------------------------------------------

  const textOf = (el) => (el ? el.textContent.replace(/\s+/g, " ").trim() : "");

  /** Where a star goes and what it names: [id, title, container] or null. */
  function target(el) {
    if (el.matches("li.wsl-paper[data-id]")) {
      return [`paper-${el.dataset.id}`, textOf(el.querySelector(".wsl-paper-title")), el];
    }
    if (el.matches("tr.wsl-slot[id]") && !el.classList.contains("wsl-slot-session-intro")) {
      const what = el.querySelector(".wsl-slot-what");
      return what ? [el.id, textOf(el.querySelector(".wsl-slot-title")), what] : null;
    }
    if (el.matches("[data-agenda-id]")) {
      const title = el.dataset.agendaTitle || textOf(document.querySelector("h1"));
      return [el.dataset.agendaId, title, el];
    }
    return null;
  }

  function paint(button) {
    const on = chosen.has(button.dataset.agendaItem);
    button.setAttribute("aria-pressed", String(on));
  }

  function addStar(el) {
    const found = target(el);
    if (!found || el.querySelector(":scope > .wsl-star, :scope > * > .wsl-star")) return;
    const [id, title, container] = found;
    if (container.querySelector(".wsl-star")) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "wsl-star";
    button.dataset.agendaItem = id;
    button.setAttribute("aria-label", `My agenda: ${title}`);
    const icon = document.createElement("span");
    icon.className = "wsl-star-icon";
    icon.setAttribute("aria-hidden", "true");
    button.append(icon);
    if (container.matches(".wsl-star-slot")) {
      // The paper's own page: a visible label; its accessible name stays the paper's.
      // Its visible text stays the same (the star and the pressed state say which it is), and
      // is part of its accessible name ("label in name", WCAG 2.5.3).
      const label = document.createElement("span");
      label.className = "wsl-star-label";
      label.textContent = "My agenda";
      button.append(label);
      button.classList.add("wsl-star-labelled");
    }
    paint(button);
    container.prepend(button);
  }

  const SELECTOR = "li.wsl-paper[data-id], tr.wsl-slot[id], [data-agenda-id]";

  function decorate(root) {
    if (root.matches && root.matches(SELECTOR)) addStar(root);
    if (root.querySelectorAll) root.querySelectorAll(SELECTOR).forEach(addStar);
  }

  function toggle(id) {
    if (chosen.has(id)) chosen.delete(id);
    else chosen.add(id);
    save();
    document.querySelectorAll(".wsl-star").forEach(paint);
    document.dispatchEvent(new CustomEvent("wsl:agenda-changed"));
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest(".wsl-star");
    if (button) toggle(button.dataset.agendaItem);
  });
  // Another tab starred something: follow it.
  window.addEventListener("storage", (event) => {
    if (event.key !== STORAGE_KEY) return;
    chosen = new Set(stored());
    document.querySelectorAll(".wsl-star").forEach(paint);
    document.dispatchEvent(new CustomEvent("wsl:agenda-changed"));
  });
  decorate(document.body);
  // Lists re-drawn by the paper filter get their stars too.
  new MutationObserver((changes) => {
    for (const change of changes) change.addedNodes.forEach((node) => decorate(node));
  }).observe(document.body, { childList: true, subtree: true });

  // -- the agenda page ------------------------------------------------------------------------

  const box = document.querySelector(".wsl-agenda[data-src]");
  if (!box) return;
  const root = new URL(box.dataset.root || "./", window.location.href);
  const shared = new URLSearchParams(window.location.search).get("items");
  const sharedIds = shared === null ? null : shared.split(",").filter(Boolean);

  const element = (tag, className, text) => {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  };

  function clockOf(iso, zone) {
    return new Intl.DateTimeFormat("en-GB", {
      timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    }).format(new Date(iso));
  }

  function timeElement(iso, zone, end) {
    const el = element("time", end ? "wsl-time wsl-time-end" : "wsl-time", clockOf(iso, zone));
    el.setAttribute("datetime", iso);
    el.dataset.tz = zone;
    return el;
  }

  // -- the calendar file, made here from the data file ---------------------------------------

  const icsText = (text) =>
    String(text).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,")
      .replace(/\r?\n/g, "\\n");
  const icsTime = (iso) => iso.replace(/[-:]/g, "").replace(/\.\d+/, "");

  /** Lines of at most 75 octets, continued with a space (RFC 5545, 3.1). */
  function fold(line) {
    const bytes = new TextEncoder();
    const parts = [];
    let current = "";
    for (const char of line) {
      const limit = parts.length ? 74 : 75;
      if (bytes.encode(current + char).length > limit) {
        parts.push(current);
        current = char;
      } else current += char;
    }
    parts.push(current);
    return parts.join("\r\n ");
  }

  function calendar(data, items) {
    const stamp = icsTime(new Date().toISOString());
    const lines = [
      "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//WSL workshop site//my agenda//EN",
      "CALSCALE:GREGORIAN", `X-WR-CALNAME:${icsText(data.calendar_name)}`,
    ];
    for (const item of items) {
      const address = item.url || new URL(item.path || "", root).href;
      lines.push(
        "BEGIN:VEVENT",
        `UID:${item.uid}`,
        `DTSTAMP:${stamp}`,
        `DTSTART:${icsTime(item.starts)}`,
        `DTEND:${icsTime(item.ends)}`,
        `SUMMARY:${icsText(item.summary)}`,
        `LOCATION:${icsText(item.location)}`,
        `URL:${address}`,
        `DESCRIPTION:${icsText(address)}`,
        "END:VEVENT",
      );
    }
    lines.push("END:VCALENDAR");
    return lines.map(fold).join("\r\n") + "\r\n";
  }

  function download(data, items) {
    const blob = new Blob([calendar(data, items)], { type: "text/calendar;charset=utf-8" });
    const link = element("a");
    link.href = URL.createObjectURL(blob);
    link.download = "my-agenda.ics";
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }

  // -- the list ------------------------------------------------------------------------------

  function shareUrl(ids) {
    const url = new URL(window.location.href);
    url.search = ids.length ? `?items=${ids.join(",")}` : "";
    url.hash = "";
    return url.href;
  }

  function render(data) {
    const byId = new Map(data.items.map((item) => [item.id, item]));
    const showingShared = sharedIds !== null;
    const ids = showingShared ? sharedIds : [...chosen];
    const items = data.items.filter((item) => ids.includes(item.id) && byId.has(item.id));
    const parts = [];
    const count = `${items.length} item${items.length === 1 ? "" : "s"}`;
    if (showingShared) {
      parts.push(element("p", "wsl-agenda-status", `This link shares ${count} of the program.`));
      const keep = element("button", "wsl-agenda-keep", "Add them to my agenda on this device");
      keep.type = "button";
      keep.addEventListener("click", () => {
        for (const item of items) chosen.add(item.id);
        save();
        window.location.assign(shareUrl([]));
      });
      parts.push(keep);
    } else if (!items.length) {
      const empty = element("p", "wsl-agenda-status", "Nothing starred yet. Star papers and " +
        "program slots with the ☆ button on ");
      const pages = data.pages || {};
      const links = [["the program", pages.program], ["the papers page", pages.papers]]
        .filter(([, path]) => path);
      links.forEach(([text, path], index) => {
        if (index) empty.append(" and ");
        const a = element("a", "", text);
        a.href = new URL(path, root).href;
        empty.append(a);
      });
      empty.append(": they appear here, in time order.");
      parts.push(empty);
    } else {
      parts.push(element("p", "wsl-agenda-status", `Your agenda: ${count}, in time order.`));
    }
    if (items.length) {
      const list = element("ol", "wsl-agenda-list");
      for (const item of items) {
        const li = element("li", `wsl-agenda-item wsl-agenda-${item.kind}`);
        li.dataset.agendaItem = item.id;
        const when = element("span", "wsl-agenda-when");
        when.append(timeElement(item.starts, data.timezone, false), "–",
          timeElement(item.ends, data.timezone, true));
        const link = element("a", "wsl-agenda-title", item.title);
        link.href = new URL(item.path || "", root).href;
        const kind = element("span", "wsl-badge", item.kind === "paper" ? "Poster" : "Program");
        li.append(when, " ", link, " ", kind);
        if (!showingShared) Object.assign(li.dataset, { agendaId: item.id, agendaTitle: item.title });
        list.append(li);
      }
      parts.push(list);
      const actions = element("p", "wsl-agenda-actions");
      const file = element("button", "wsl-agenda-download", "Download as a calendar file (.ics)");
      file.type = "button";
      file.addEventListener("click", () => download(data, items));
      const share = element("a", "wsl-agenda-share", "Link to this agenda for another device");
      share.href = shareUrl(items.map((item) => item.id));
      actions.append(file, " ", share);
      parts.push(actions);
    }
    box.replaceChildren(...parts);
    // A star on each listed item, to take it off (the shared view only shows).
    if (!showingShared) box.querySelectorAll("[data-agenda-id]").forEach(addStar);
    document.dispatchEvent(new CustomEvent("wsl:times-added"));
  }

  const loading = fetch(box.dataset.src).then((response) => {
    if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
    return response.json();
  });
  loading.then((data) => {
    render(data);
    document.addEventListener("wsl:agenda-changed", () => render(data));
    box.dataset.ready = "true";
  }).catch(() => {
    box.replaceChildren(element("p", "wsl-agenda-status",
      "The list of the program's items could not be loaded: reload the page to try again."));
  });
})();

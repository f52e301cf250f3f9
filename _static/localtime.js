/* Local time toggle: shows every <time datetime="...Z"> of the page in the reader's timezone.
 *
 * Progressive enhancement: the page is written in venue time (and UTC for deadlines); without
 * JavaScript nothing changes and the button stays hidden. A <time> may carry data-tz, the IANA
 * timezone its text is written in, so a change of calendar day can be stated.
 *
 * The button's label says what pressing it does ("Show my time" / "Show Singapore time") and
 * the status next to it says which times are shown. The choice is remembered across pages as a
 * mode ("local" or "venue"), never as "the other one", so a button always does what it says.
 * In the program table a change of day is a row of its own ("Sat, Apr 26"), and on the day of
 * the workshop the slot running now and the next one are marked, in the reader's clock.
 * Loaded (deferred) only by pages that have a .wsl-localtime-toggle button.
 */
(() => {
  "use strict";

  const STORAGE_KEY = "wsl-localtime";
  let readerZoneName = null; // asked of Intl when first needed
  const readerZone = () =>
    (readerZoneName ||= Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC");
  const buttons = Array.from(document.querySelectorAll(".wsl-localtime-toggle"));
  // Only instants can move between timezones; a bare date (YYYY-MM-DD) stays as written.
  const instants = () => Array.from(document.querySelectorAll("time[datetime]")).filter((el) =>
    /T\d\d:\d\d(:\d\d)?(Z|[+-]\d\d:\d\d)$/.test(el.getAttribute("datetime")),
  );
  let times = instants();

  // Formatters are costly to make: each is made when first needed, once. A page shown in venue
  // time on another day than the workshop's (the usual first visit) makes none.
  const formatters = new Map();
  function formatter(locale, options) {
    const key = locale + JSON.stringify(options);
    if (!formatters.has(key)) formatters.set(key, new Intl.DateTimeFormat(locale, options));
    return formatters.get(key);
  }
  const clock = { format: (date) => formatter("en-GB", {
    timeZone: readerZone(), hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  }).format(date) };
  const shortDay = { format: (date) => formatter("en-US", {
    timeZone: readerZone(), weekday: "short", month: "short", day: "numeric",
  }).format(date) };
  const longDay = { format: (date) => formatter("en-US", {
    timeZone: readerZone(), weekday: "long", month: "long", day: "numeric", year: "numeric",
  }).format(date) };

  /** Days since 1970-01-01 of the calendar date that `zone` shows at `date`. */
  function dayNumber(date, zone) {
    const parts = formatter("en-US", {
      timeZone: zone, year: "numeric", month: "numeric", day: "numeric",
    }).formatToParts(date);
    const part = (type) => Number(parts.find((p) => p.type === type).value);
    return Date.UTC(part("year"), part("month") - 1, part("day")) / 86400000;
  }

  function zoneName(date, style) {
    const parts = formatter("en-US", { timeZone: readerZone(), timeZoneName: style })
      .formatToParts(date);
    const found = parts.find((p) => p.type === "timeZoneName");
    return found ? found.value : "";
  }

  /** "Pacific Time – Los Angeles": the zone's generic name and its city (IANA id). */
  function readableZone(date) {
    const zone = readerZone();
    if (zone === "UTC" || zone.startsWith("Etc/")) return "UTC";
    const city = zone.split("/").pop().replace(/_/g, " ");
    let name = "";
    try {
      name = zoneName(date, "longGeneric");
    } catch (error) {
      name = ""; // an engine without generic names: the city says it
    }
    if (!name || /^GMT/.test(name)) return `${city} time`;
    return name.includes(city) ? name : `${name} \u2013 ${city}`;
  }

  /** "UTC-7" from Intl's "GMT-07:00" ("GMT" alone is UTC+0). */
  function offsetLabel(date) {
    const match = /GMT([+-])(\d\d):(\d\d)/.exec(zoneName(date, "longOffset"));
    if (!match) return "UTC+0";
    const hours = String(Number(match[2]));
    return `UTC${match[1]}${hours}${match[3] === "00" ? "" : ":" + match[3]}`;
  }

  function writtenDay(date, writtenZone) {
    if (!writtenZone) return null;
    try {
      return dayNumber(date, writtenZone);
    } catch (error) {
      return null; // an unknown zone: convert the time, but claim no change of day
    }
  }

  const instant = (el) => new Date(el.getAttribute("datetime"));
  const inTable = (el) => el.closest("table.wsl-schedule") !== null;

  /** The <time> that starts the range an end time closes ("09:00–09:30"), if any. */
  function rangeStart(el) {
    if (!el.classList.contains("wsl-time-end")) return null;
    const previous = el.previousElementSibling;
    return previous && previous.matches("time[datetime]") ? previous : null;
  }

  /** The reader's text for one <time>. */
  function localText(el, date) {
    const day = dayNumber(date, readerZone());
    const written = writtenDay(date, el.dataset.tz);
    if (el.classList.contains("wsl-local")) {
      // Deadlines: a full date with its year, and the reader's zone name.
      return `${longDay.format(date)}, ${clock.format(date)} ${zoneName(date, "short")}`;
    }
    // A time that names its day (paper pages): the reader's day, in full.
    if (el.classList.contains("wsl-time-day")) return `${longDay.format(date)}, ${clock.format(date)}`;
    // The schedule says the day once, in a row of its own (dayMarkers).
    if (inTable(el)) return clock.format(date);
    const start = rangeStart(el);
    if (start && dayNumber(instant(start), readerZone()) === day) return clock.format(date);
    // Elsewhere (headings, lists), a converted time names its day: next to times that moved
    // to another day, "00:00" alone would read as the venue's day.
    return `${shortDay.format(date)}, ${clock.format(date)}`;
  }

  /** In local mode, a row "Sat, Apr 26" before the first row of each of the reader's days. */
  function dayMarkers(local) {
    for (const marker of document.querySelectorAll(".wsl-day-marker")) marker.remove();
    if (!local) return;
    for (const table of document.querySelectorAll("table.wsl-schedule")) {
      let previous = null;
      const columns = table.querySelectorAll("thead th").length || 1;
      for (const row of table.querySelectorAll("tbody tr")) {
        const start = row.querySelector("time[datetime]:not(.wsl-time-end)");
        if (!start) continue;
        const date = instant(start);
        const day = dayNumber(date, readerZone());
        const first = previous === null;
        if ((first && day !== writtenDay(date, start.dataset.tz)) || (!first && day !== previous)) {
          const marker = document.createElement("tr");
          marker.className = "wsl-day-marker";
          const cell = document.createElement("th");
          cell.colSpan = columns;
          cell.scope = "colgroup";
          cell.textContent = shortDay.format(date);
          marker.append(cell);
          row.before(marker);
        }
        previous = day;
      }
    }
  }

  /** The day's hours in the reader's time beside the venue's, when the two differ. */
  function readerHours() {
    for (const hours of document.querySelectorAll(".wsl-hours")) {
      const [start, end] = hours.querySelectorAll("time[datetime]");
      const slot = hours.querySelector(".wsl-reader-hours");
      if (!start || !end || !slot) continue;
      const from = instant(start);
      const to = instant(end);
      const venueClock = formatter("en-GB", {
        timeZone: start.dataset.tz || "UTC", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
      });
      const same = venueClock.format(from) === clock.format(from) &&
        writtenDay(from, start.dataset.tz) === dayNumber(from, readerZone());
      if (same) continue;
      const sameDay = dayNumber(from, readerZone()) === dayNumber(to, readerZone());
      const endText = sameDay ? clock.format(to) : `${shortDay.format(to)}, ${clock.format(to)}`;
      slot.textContent = `Your time: ${shortDay.format(from)}, ${clock.format(from)}` +
        `\u2013${endText} (${readableZone(from)})`;
      slot.hidden = false;
    }
  }
  readerHours();
  if (!buttons.length) return;

  const first = () => (times.length ? instant(times[0]) : new Date());
  const readerLabel = () => `your time: ${readableZone(first())} (${offsetLabel(first())})`;
  let localMode = false;

  function show(local) {
    // The page is written in venue time: nothing to convert or put back (no formatter made).
    const convert = local || localMode;
    localMode = local;
    if (convert) {
      for (const el of times) {
        if (!("venueText" in el.dataset)) el.dataset.venueText = el.textContent;
        el.textContent = local ? localText(el, instant(el)) : el.dataset.venueText;
        el.classList.toggle("wsl-converted", local);
      }
      dayMarkers(local);
      for (const label of document.querySelectorAll(".wsl-tz-label")) {
        if (!("venueText" in label.dataset)) label.dataset.venueText = label.textContent;
        label.textContent = local ? `in ${readerLabel()}` : label.dataset.venueText;
      }
    }
    for (const button of buttons) {
      const venue = button.dataset.venueName;
      button.textContent = local ? `Show ${venue || "times as announced"}` : "Show my time";
      button.dataset.mode = local ? "local" : "venue";
      const status = button.parentElement.querySelector(".wsl-localtime-status");
      if (!status || !convert) continue;
      // The venue statement is the page's own text: kept, and put back.
      if (status.venueNodes === undefined) status.venueNodes = Array.from(status.childNodes);
      if (local) status.textContent = `Times are in ${readerLabel()}.`;
      else status.replaceChildren(...status.venueNodes);
    }
  }

  function remember(local) {
    try {
      localStorage.setItem(STORAGE_KEY, local ? "local" : "venue");
    } catch (error) {
      /* storage may be disabled: the choice then lasts for this page only */
    }
  }

  function remembered() {
    try {
      return localStorage.getItem(STORAGE_KEY) === "local";
    } catch (error) {
      return false;
    }
  }

  /** On the workshop day (in the venue's calendar), mark the slot running now and the next. */
  function markNowAndNext() {
    const slots = Array.from(document.querySelectorAll("table.wsl-schedule tr.wsl-slot"))
      .map((row) => {
        const start = row.querySelector("time[datetime]:not(.wsl-time-end)");
        const end = row.querySelector("time.wsl-time-end[datetime]");
        return start && end ? { row, start: instant(start), end: instant(end), zone: start.dataset.tz } : null;
      })
      .filter(Boolean);
    for (const row of document.querySelectorAll("tr.wsl-now, tr.wsl-next")) {
      row.classList.remove("wsl-now", "wsl-next");
    }
    for (const badge of document.querySelectorAll(".wsl-now-badge")) badge.remove();
    if (!slots.length) return;
    const now = new Date();
    // Not within a day and a half of the first slot: not the workshop's day anywhere.
    if (Math.abs(now - slots[0].start) > 36 * 3600000) return;
    const zone = slots[0].zone || readerZone();
    if (writtenDay(now, zone) !== writtenDay(slots[0].start, zone)) return;
    const current = slots.find((slot) => slot.start <= now && now < slot.end);
    const upcoming = slots.find((slot) => slot.start > now);
    for (const [slot, name] of [[current, "now"], [upcoming, "next"]]) {
      if (!slot) continue;
      slot.row.classList.add(`wsl-${name}`);
      const badge = document.createElement("span");
      badge.className = `wsl-badge wsl-now-badge wsl-now-badge-${name}`;
      badge.textContent = name === "now" ? "Now" : "Next";
      const what = slot.row.querySelector(".wsl-slot-what");
      if (what) what.prepend(badge, " ");
    }
  }

  for (const button of buttons) {
    button.hidden = false;
    button.addEventListener("click", () => {
      const local = !localMode;
      show(local);
      remember(local);
    });
  }
  // Another tab changed the mode: follow it, so no page is left out of step.
  window.addEventListener("storage", (event) => {
    if (event.key === STORAGE_KEY) show(event.newValue === "local");
  });
  // Times added after loading (the agenda page lists them from its data file).
  document.addEventListener("wsl:times-added", () => {
    times = instants();
    if (localMode) show(true);
  });
  show(remembered());
  markNowAndNext();
  setInterval(markNowAndNext, 30000);
})();

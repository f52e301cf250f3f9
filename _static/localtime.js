/* Local time toggle: shows every <time datetime="...Z"> of the page in the reader's timezone.
 *
 * Progressive enhancement: the page is written in venue time (and UTC for deadlines); without
 * JavaScript nothing changes and the button stays hidden. A <time> may carry data-tz, the IANA
 * timezone its text is written in, so a change of calendar day can be stated: "(-1 day)".
 * Loaded (deferred) only by pages that have a .wsl-localtime-toggle button.
 */
(() => {
  "use strict";

  const STORAGE_KEY = "wsl-localtime";
  const readerZone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  const buttons = Array.from(document.querySelectorAll(".wsl-localtime-toggle"));
  // Only instants can move between timezones; a bare date (YYYY-MM-DD) stays as written.
  const times = Array.from(document.querySelectorAll("time[datetime]")).filter((el) =>
    /T\d\d:\d\d(:\d\d)?(Z|[+-]\d\d:\d\d)$/.test(el.getAttribute("datetime")),
  );
  if (!buttons.length || !times.length) return;

  const clock = new Intl.DateTimeFormat("en-GB", {
    timeZone: readerZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  });
  const shortDay = new Intl.DateTimeFormat("en-US", {
    timeZone: readerZone, weekday: "short", month: "short", day: "numeric",
  });
  const longDay = new Intl.DateTimeFormat("en-US", {
    timeZone: readerZone, weekday: "long", month: "long", day: "numeric", year: "numeric",
  });

  /** Days since 1970-01-01 of the calendar date that `zone` shows at `date`. */
  function dayNumber(date, zone) {
    const parts = new Intl.DateTimeFormat("en-US", {
      timeZone: zone, year: "numeric", month: "numeric", day: "numeric",
    }).formatToParts(date);
    const part = (type) => Number(parts.find((p) => p.type === type).value);
    return Date.UTC(part("year"), part("month") - 1, part("day")) / 86400000;
  }

  function zoneName(date, style) {
    const parts = new Intl.DateTimeFormat("en-US", {
      timeZone: readerZone, timeZoneName: style,
    }).formatToParts(date);
    const found = parts.find((p) => p.type === "timeZoneName");
    return found ? found.value : "";
  }

  /** "UTC-7" from Intl's "GMT-07:00" ("GMT" alone is UTC+0). */
  function offsetLabel(date) {
    const match = /GMT([+-])(\d\d):(\d\d)/.exec(zoneName(date, "longOffset"));
    if (!match) return "UTC+0";
    const hours = String(Number(match[2]));
    return `UTC${match[1]}${hours}${match[3] === "00" ? "" : ":" + match[3]}`;
  }

  function dayShift(date, writtenZone) {
    if (!writtenZone) return 0;
    try {
      return dayNumber(date, readerZone) - dayNumber(date, writtenZone);
    } catch (error) {
      return 0; // an unknown zone: convert the time, but claim no change of day
    }
  }

  /** The <time> that starts the range an end time closes ("09:00–09:30"), if any. */
  function rangeStart(el) {
    if (!el.classList.contains("wsl-time-end")) return null;
    const previous = el.previousElementSibling;
    return previous && previous.matches("time[datetime]") ? previous : null;
  }

  /**
   * The reader's text for one <time>. `previousDay` is the reader's day of the previous start
   * time on the page: a start on another day than the one before says which day it is.
   */
  function localText(el, date, previousDay) {
    const shift = dayShift(date, el.dataset.tz);
    const day = dayNumber(date, readerZone);
    if (el.classList.contains("wsl-local")) {
      // Deadlines: a full date with its year, and the reader's zone name.
      const text = `${longDay.format(date)}, ${clock.format(date)} ${zoneName(date, "short")}`;
      return text + shiftText(shift);
    }
    const start = rangeStart(el);
    if (start && dayNumber(new Date(start.getAttribute("datetime")), readerZone) === day) {
      return clock.format(date); // the start of the range already says which day
    }
    const newDay = previousDay !== null && previousDay !== day;
    if (shift || newDay) return `${shortDay.format(date)}, ${clock.format(date)}${shiftText(shift)}`;
    return clock.format(date);
  }

  function shiftText(shift) {
    if (!shift) return "";
    const days = Math.abs(shift);
    return ` (${shift > 0 ? "+" : "-"}${days} day${days === 1 ? "" : "s"})`;
  }

  const first = new Date(times[0].getAttribute("datetime"));
  const readerLabel = `your time: ${readerZone}, ${offsetLabel(first)}`;

  function show(local) {
    let previousDay = null;
    for (const el of times) {
      if (!("venueText" in el.dataset)) el.dataset.venueText = el.textContent;
      const date = new Date(el.getAttribute("datetime"));
      el.textContent = local ? localText(el, date, previousDay) : el.dataset.venueText;
      el.classList.toggle("wsl-converted", local);
      if (!rangeStart(el)) previousDay = dayNumber(date, readerZone);
    }
    for (const label of document.querySelectorAll(".wsl-tz-label")) {
      if (!("venueText" in label.dataset)) label.dataset.venueText = label.textContent;
      label.textContent = local ? `(${readerLabel})` : label.dataset.venueText;
    }
    for (const button of buttons) {
      button.setAttribute("aria-pressed", String(local));
      const status = button.parentElement.querySelector(".wsl-localtime-status");
      if (!status) continue;
      const venue = button.dataset.venueLabel;
      status.textContent = local
        ? `Times are shown in ${readerLabel}.`
        : venue ? `Times are shown in ${venue}, the time at the venue.` : "";
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

  for (const button of buttons) {
    button.hidden = false;
    button.addEventListener("click", () => {
      const local = button.getAttribute("aria-pressed") !== "true";
      show(local);
      remember(local);
    });
  }
  show(remembered());
})();

// A schedule drawn as a weekly calendar: a column per day, classes placed by their minutes.

import { el } from "./dom.js";
import { WEEKDAYS, minutes, hhmm } from "./request.js";

const DAY_NAMES = { Mo: "Mon", Tu: "Tue", We: "Wed", Th: "Thu", Fr: "Fri", Sa: "Sat", Su: "Sun" };
const COLOURS = 8; // .c0 .. .c7 in planner.css, each with AA contrast for its text

/** Blocks to draw: each weekly timed meeting of the sections, and the busy times (with their rest). */
function blocks(sections, busy, colourOf) {
  const out = [];
  for (const s of sections) {
    for (const m of s.meetings) {
      if (m.kind !== "weekly" || !m.start || !m.end) continue;
      for (const day of m.days) {
        out.push({
          day,
          start: minutes(m.start),
          end: minutes(m.end),
          kind: "class",
          colour: colourOf(s.course),
          title: s.course,
          detail: `${s.component} ${s.code} · ${m.start}–${m.end}${m.location ? ` · ${m.location}` : ""}`,
        });
      }
    }
  }
  for (const b of busy) {
    const start = minutes(b.start);
    const end = minutes(b.end);
    const what = b.label || "the busy time";
    // the rest around a busy time (practice, then an hour to eat) is a lighter band beside it
    const before = Math.max(0, start - (b.buffer_before || 0));
    const after = Math.min(24 * 60, end + (b.buffer_after || 0));
    for (const day of b.days) {
      if (before < start) out.push({ day, start: before, end: start, kind: "rest", title: `${start - before} minutes' rest before ${what}`, detail: `${hhmm(before)}–${b.start}` });
      out.push({ day, start, end, kind: "busy", title: b.label || "Busy", detail: `${b.start}–${b.end}` });
      if (after > end) out.push({ day, start: end, end: after, kind: "rest", title: `${after - end} minutes' rest after ${what}`, detail: `${b.end}–${hhmm(after)}` });
    }
  }
  // in the order of the day, as a screen reader reads each day's column
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Side by side, as a calendar draws overlapping events: each block of one day gets a `column` and
 * the `columns` of the run of overlapping blocks it is in (1 when it overlaps none), so no block
 * hides another (two busy times, a busy time and another's rest). `items` are in order of start. */
function sideBySide(items) {
  let run = [];
  let runEnd = -1;
  const close = () => {
    const columns = Math.max(1, ...run.map((b) => b.column + 1));
    for (const b of run) b.columns = columns;
    run = [];
  };
  const ends = []; // per column, the end of its last block in the run
  for (const b of items) {
    if (b.start >= runEnd) {
      close();
      ends.length = 0;
    }
    let column = ends.findIndex((end) => end <= b.start);
    if (column < 0) column = ends.length;
    ends[column] = b.end;
    b.column = column;
    run.push(b);
    runEnd = Math.max(runEnd, b.end);
  }
  close();
}

/** A colour index per course, stable within one page. */
export function colourPicker() {
  const seen = new Map();
  return (course) => {
    if (!seen.has(course)) seen.set(course, seen.size % COLOURS);
    return seen.get(course);
  };
}

/** The calendar element for these sections and busy times. */
export function weekCalendar({ sections, busy, label, colourOf }) {
  const items = blocks(sections, busy, colourOf);
  const used = new Set(items.map((b) => b.day));
  const days = WEEKDAYS.filter((d, i) => i < 5 || used.has(d));
  // from 8:00 to 17:00 at least, and wide enough for every class, busy time and rest
  const first = Math.min(8 * 60, ...items.map((b) => b.start));
  const last = Math.max(17 * 60, ...items.map((b) => b.end));
  const top = Math.floor(first / 60) * 60;
  const bottom = Math.min(24 * 60, Math.ceil(last / 60) * 60);
  const span = bottom - top;
  const hours = [];
  for (let t = top; t < bottom; t += 60) hours.push(t);

  const grid = el("div", { class: "week", role: "group", "aria-label": label, style: `--days:${days.length};--hours:${span / 60}` });
  const times = el("div", { class: "week-times", "aria-hidden": "true" }, el("div", { class: "week-head" }, ""), el("div", { class: "week-body" }, hours.map((t) => el("span", { style: `top:${((t - top) / span) * 100}%` }, hhmm(t)))));
  grid.append(times);
  for (const day of days) {
    const body = el("div", { class: "week-body" });
    const shown = items.filter((x) => x.day === day && x.end > top && x.start < bottom);
    sideBySide(shown);
    for (const b of shown) {
      const start = Math.max(b.start, top);
      const end = Math.min(b.end, bottom);
      const width = 100 / b.columns;
      const across = b.columns > 1 ? `;left:calc(${b.column * width}% + 2px);width:calc(${width}% - 4px);right:auto` : "";
      const place = `top:${((start - top) / span) * 100}%;height:${((end - start) / span) * 100}%${across}`;
      if (b.kind === "rest") {
        // too thin for words on the page: named for screen readers, and on hover
        body.append(el("div", { class: "event rest", style: place, title: `${b.title} (${b.detail})` }, el("span", { class: "sr-only" }, `${b.title} (${b.detail})`)));
        continue;
      }
      const cls = b.kind === "class" ? `event c${b.colour}` : "event busy";
      body.append(el("div", { class: cls, style: place, title: `${b.title} ${b.detail}` }, el("strong", {}, b.title), el("span", {}, b.detail)));
    }
    grid.append(el("div", { class: "week-day", role: "group", "aria-label": DAY_NAMES[day] }, el("div", { class: "week-head", "aria-hidden": "true" }, DAY_NAMES[day]), body));
  }
  return grid;
}

// A schedule drawn as a weekly calendar: a column per day, classes placed by their minutes.

import { el } from "./dom.js";
import { WEEKDAYS, minutes, hhmm } from "./request.js";

const DAY_NAMES = { Mo: "Mon", Tu: "Tue", We: "Wed", Th: "Thu", Fr: "Fri", Sa: "Sat", Su: "Sun" };
const COLOURS = 8; // .c0 .. .c7 in planner.css, each with AA contrast for its text
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAY_MS = 24 * 60 * 60 * 1000;
const KIND_WORDS = { one_off: "one-off", exam: "exam" }; // as the saved schedules' pages say them
// a weekly meeting on a short range (a weekend course) that holds this many dates or fewer is said
// by its dates ("on Oct 4"), not as a range
const FEW_DATES = 3;
const SHORT_RANGE_DAYS = 21;
const EVERY_WEEK_SLACK_DAYS = 6; // a weekly class starting or ending this close to the usual weeks is held every week

/** A meeting's end as the page says and draws it: a class ending at midnight, which the catalog
 * stores ending at 23:59 (docs/catalog-format.md; the engine's overlaps rely on it), ends at 24:00. */
export const endOf = (end) => (end === "23:59" ? "24:00" : end);

// --- Dates: when a meeting is held, where its days and times alone do not say --------------------

function utc(isoDate) {
  const [y, m, d] = isoDate.split("-").map(Number);
  return Date.UTC(y, m - 1, d);
}

function isoOf(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

function weekdayOf(isoDate) {
  return WEEKDAYS[(new Date(utc(isoDate)).getUTCDay() + 6) % 7];
}

function shortDate(isoDate) {
  const [, m, d] = isoDate.split("-").map(Number);
  return `${MONTHS[m - 1]} ${d}`;
}

/** "A", "A and B", "A, B and C". */
export function listed(words) {
  return words.length < 2 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

/** The dates a whole-term class meets between, `{ first, last }` (ISO dates, null: open): the
 * commonest date range of the weekly meetings of these sections that covers two thirds of the term
 * or more (a registrar's term runs from orientation to the last exam, wider than its weeks of
 * classes: UVA's Fall 2025 is Aug 1 to Dec 19, its classes Aug 26 to Dec 9; two half-term courses
 * in a job outnumber its whole-term one but do not cover it), or the term's own days
 * (`term.first_day`, `term.last_day`) when none does (a job of half-term courses only). Without
 * the term's days, the commonest range. */
export function usualRange(sections, term = {}) {
  const counts = new Map();
  for (const s of sections) {
    for (const m of s.meetings) {
      if (m.kind !== "weekly" || !m.start) continue;
      const key = `${m.first_date || ""}|${m.last_date || ""}`;
      counts.set(key, (counts.get(key) || 0) + 1);
    }
  }
  const span = (first, last) => (first && last ? utc(last) - utc(first) : Infinity);
  const termFirst = term.first_day || null;
  const termLast = term.last_day || null;
  const enough = termFirst && termLast ? (2 / 3) * span(termFirst, termLast) : 0;
  let best = null;
  for (const [key, count] of counts) {
    const [first, last] = key.split("|").map((d) => d || null);
    if (span(first, last) < enough) continue; // part of the term: never the usual weeks
    if (!best || count > best.count || (count === best.count && span(first, last) > span(best.first, best.last))) best = { first, last, count };
  }
  if (!best) return { first: termFirst, last: termLast };
  return { first: best.first || termFirst, last: best.last || termLast };
}

/** A weekly meeting held through the usual range, give or take a few days (or with no dates):
 * every week of the term. A section of Aug 22 to Dec 12 where most run to Dec 15 (finals week)
 * is no part-of-term class. */
function everyWeek(m, usual) {
  if (m.kind !== "weekly") return false;
  const near = (a, b) => utc(a) - utc(b) <= EVERY_WEEK_SLACK_DAYS * DAY_MS;
  return (!m.first_date || !usual.first || near(m.first_date, usual.first)) && (!m.last_date || !usual.last || near(usual.last, m.last_date));
}

/** The dates a meeting is held on `days`, as [first, last] pieces (a single date is [d, d], an
 * open end null); [] for one every week, or an exam or one-off with no date yet. A short range's
 * few dates on `days` are said one by one (an exam dated over finals week on its Wednesday). */
function piecesOf(m, days, usual) {
  if (m.kind !== "weekly" && !m.first_date && !m.last_date) return [];
  if (everyWeek(m, usual)) return [];
  if (m.first_date && m.last_date && utc(m.last_date) - utc(m.first_date) < SHORT_RANGE_DAYS * DAY_MS) {
    const dates = [];
    for (let t = utc(m.first_date); t <= utc(m.last_date); t += DAY_MS) if (days.includes(weekdayOf(isoOf(t)))) dates.push(isoOf(t));
    if (dates.length && dates.length <= FEW_DATES) return dates.map((d) => [d, d]);
  }
  return [[m.first_date, m.last_date]];
}

/** The words for a meeting's dates: "one-off on Sep 9 and Sep 23", "exam on Sep 24",
 * "Aug 26 – Oct 15", "on Aug 26, Sep 23 and Oct 21"; "" for a weekly one of the whole term.
 * `brief`: as a calendar's block has room for, "one-off Sep 9, Sep 23". */
function datesText(kind, pieces, brief = false) {
  const seen = new Set();
  const sorted = pieces
    .filter(([a, b]) => !seen.has(`${a}|${b}`) && seen.add(`${a}|${b}`))
    .sort(([a], [b]) => (a || "").localeCompare(b || ""));
  const words = sorted.map(([a, b]) => (a === b ? shortDate(a) : !a ? `until ${shortDate(b)}` : !b ? `from ${shortDate(a)}` : `${shortDate(a)} – ${shortDate(b)}`));
  if (brief) return [KIND_WORDS[kind], words.join(", ")].filter(Boolean).join(" ");
  const singles = sorted.length && sorted.every(([a, b]) => a && a === b);
  return [KIND_WORDS[kind], singles ? `on ${listed(words)}` : listed(words)].filter(Boolean).join(" ");
}

/** Meetings of one section with the same kind, days and times, as one: `{ meeting, pieces, weekly }`
 * (`weekly`: one of them is held every week), in the order they first come. */
function merged(meetings, keyOf, daysOf, usual) {
  const groups = new Map();
  for (const m of meetings) {
    const key = keyOf(m);
    if (!groups.has(key)) groups.set(key, { meeting: m, pieces: [], weekly: false, locations: [] });
    const group = groups.get(key);
    if (m.location && !group.locations.includes(m.location)) group.locations.push(m.location);
    const pieces = piecesOf(m, daysOf(m), usual);
    if (m.kind === "weekly" && !pieces.length) group.weekly = true;
    else group.pieces.push(...pieces);
  }
  return [...groups.values()];
}

/** A section's meetings as held: an exam or one-off meeting with one date (or only a first or
 * only a last date) on that date, so on its weekday, whatever day the registrar listed it on (the
 * scheduler and the calendar export go by the date, docs/engine.md). */
function held(meetings) {
  return meetings.map((m) => {
    const one = m.kind !== "weekly" && m.start && (!m.first_date || !m.last_date || m.first_date === m.last_date) ? m.first_date || m.last_date : null;
    return one ? { ...m, days: [weekdayOf(one)], first_date: one, last_date: one } : m;
  });
}

/** The meetings as held on the calendar's days: `held`, each meeting dated under a week keeping
 * only the weekdays its dates hold, and left out when they hold none (a Monday class, or exam,
 * dated Tuesday to Thursday never takes place: the scheduler ignores it and warns, and the
 * calendar export leaves it out). */
function drawn(meetings) {
  const out = [];
  for (const m of held(meetings)) {
    if (!m.first_date || !m.last_date || utc(m.last_date) - utc(m.first_date) >= 6 * DAY_MS) {
      out.push(m);
      continue;
    }
    const dated = new Set();
    for (let t = utc(m.first_date); t <= utc(m.last_date); t += DAY_MS) dated.add(weekdayOf(isoOf(t)));
    const days = m.days.filter((d) => dated.has(d));
    if (days.length) out.push({ ...m, days });
  }
  return out;
}

/** A section's meetings as a schedule's table says them: one entry per days and times, with its
 * dates when it is not held every week ("MoWe 08:00–09:15 (Aug 26 – Oct 15)", "Tu 09:30–12:30
 * (one-off on Sep 9 and Sep 23)"), the weekly classes first. */
export function meetingsText(section, usual) {
  const groups = merged(held(section.meetings), (m) => [m.kind, m.days.join(""), m.start, m.end].join("|"), (m) => m.days, usual);
  const first = (g) => (g.weekly ? "" : g.pieces.map(([a, b]) => a || b || "~").sort()[0] || "~");
  return groups
    .sort((a, b) => first(a).localeCompare(first(b)))
    .map((g) => {
      const m = g.meeting;
      const time = m.start ? `${m.days.join("")} ${m.start}–${endOf(m.end)}` : "no set time";
      const dates = g.weekly ? "" : datesText(m.kind, g.pieces);
      return dates ? `${time} (${dates})` : time;
    })
    .join("; ");
}

/** True when a section has a timed one-off session or exam: not a weekly class, so no preference
 * counts it. */
export function hasDatedSessions(section) {
  return section.meetings.some((m) => m.kind !== "weekly" && m.start);
}

/** Whether two blocks of one day can meet on the same date (on that weekday). */
function sameDate(a, b, day) {
  const spans = (x) => (x.weekly || !x.pieces.length ? [[null, null]] : x.pieces);
  for (const [a0, a1] of spans(a)) {
    for (const [b0, b1] of spans(b)) {
      const lo = [a0, b0].filter(Boolean).sort().at(-1);
      const hi = [a1, b1].filter(Boolean).sort()[0];
      if (!lo || !hi || utc(hi) - utc(lo) >= 6 * DAY_MS) return true; // a week in common: the weekday too
      for (let t = utc(lo); t <= utc(hi); t += DAY_MS) if (weekdayOf(isoOf(t)) === day) return true;
    }
  }
  return false;
}

// --- The calendar ---------------------------------------------------------------------------------

/** Blocks to draw: each timed meeting of the sections (those of one section on the same day at the
 * same times as one block, with their dates when not every week; one-off sessions and exams
 * `dated`), and the busy times (with their rest). */
function blocks(sections, busy, colourOf, usual) {
  const out = [];
  for (const s of sections) {
    const timed = drawn(s.meetings).filter((m) => m.start && m.end);
    const byDay = timed.flatMap((m) => m.days.map((day) => ({ ...m, days: [day] })));
    for (const g of merged(byDay, (m) => [m.kind, m.days[0], m.start, m.end].join("|"), (m) => m.days, usual)) {
      const m = g.meeting;
      const where = g.locations.length ? ` · ${g.locations.join(" / ")}` : "";
      out.push({
        day: m.days[0],
        start: minutes(m.start),
        end: minutes(endOf(m.end)),
        kind: "class",
        dated: m.kind !== "weekly",
        weekly: g.weekly,
        pieces: g.pieces,
        dates: g.weekly ? "" : datesText(m.kind, g.pieces, true),
        colour: colourOf(s.course),
        title: s.course,
        detail: `${s.component} ${s.code} · ${m.start}–${endOf(m.end)}${where}`,
      });
    }
  }
  for (const b of busy) {
    const start = minutes(b.start);
    const end = minutes(b.end);
    const what = b.label || "the busy time";
    // the rest around a busy time (practice, then an hour to eat) is a lighter band beside it
    const before = start - (b.buffer_before || 0);
    const after = end + (b.buffer_after || 0);
    for (const day of b.days) {
      if (before < start) out.push(...restParts(day, before, start, `${start - before} minutes' rest before ${what}`, `${hhmm(clock(before))}–${b.start}`));
      out.push({ day, start, end, kind: "busy", title: b.label || "Busy", detail: `${b.start}–${b.end}` });
      if (after > end) out.push(...restParts(day, end, after, `${after - end} minutes' rest after ${what}`, `${b.end}–${hhmm(clock(after))}`));
    }
  }
  // in the order of the day, as a screen reader reads each day's column
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

const DAY_MINUTES = 24 * 60;
const clock = (total) => ((total % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES; // minutes past midnight

/** A busy time's rest on `day` from minute `from` to `to` (past midnight, or before it) as blocks,
 * the part past midnight on the next day and the part before it on the day before (Sunday before
 * Monday), as the scheduler keeps them free (`dates.busy_parts`): rest after a shift ending 23:30
 * keeps Tuesday's early morning free. A part on another day names the busy time's own day. */
function restParts(day, from, to, title, detail) {
  const parts = [];
  for (let offset = Math.floor(from / DAY_MINUTES); offset * DAY_MINUTES < to; offset += 1) {
    const start = Math.max(from, offset * DAY_MINUTES) - offset * DAY_MINUTES;
    const end = Math.min(to, (offset + 1) * DAY_MINUTES) - offset * DAY_MINUTES;
    const on = WEEKDAYS[(((WEEKDAYS.indexOf(day) + offset) % 7) + 7) % 7];
    if (end > start) parts.push({ day: on, start, end, kind: "rest", title: offset ? `${title} on ${DAY_NAMES[day]}` : title, detail });
  }
  return parts;
}

/** Classes of one day at the same times that never meet on the same date (half-term courses, one
 * weekend after another) take turns in one slot: one block of `turns`, stacked, each with its dates,
 * rather than side by side as a clash is drawn. `items` are in order of start. */
function inTurn(items, day) {
  const out = [];
  for (const b of items) {
    const slot = b.kind === "class" && out.find((x) => x.kind === "turns" && x.start === b.start && x.end === b.end && x.turns.every((o) => !sameDate(o, b, day)));
    if (slot) slot.turns.push(b);
    else out.push(b.kind === "class" ? { kind: "turns", day, start: b.start, end: b.end, turns: [b] } : b);
  }
  const first = (b) => (b.weekly ? "" : b.pieces.map(([a, z]) => a || z || "~").sort()[0] || "~");
  return out.map((x) => (x.kind !== "turns" ? x : x.turns.length === 1 ? x.turns[0] : { ...x, turns: x.turns.sort((a, b) => first(a).localeCompare(first(b))) }));
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

/** The calendar element for these sections and busy times; `usual` (usualRange) is when a class
 * held every week meets, so one held on other dates says them. */
export function weekCalendar({ sections, busy, label, colourOf, usual = { first: null, last: null } }) {
  const items = blocks(sections, busy, colourOf, usual);
  const used = new Set(items.map((b) => b.day));
  const days = WEEKDAYS.filter((d, i) => i < 5 || used.has(d));
  // from 8:00 to 17:00 at least, and wide enough for every class (dated sessions too), busy time and rest
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
  // a class's words: course, its dates when not every week (before the section, time and room,
  // which a short block has no room for), then section, time and room
  const words = (b) => [el("strong", {}, b.title), b.dates ? el("em", { class: "dates" }, b.dates) : null, el("span", {}, b.detail)];
  const classes = (b) => `c${b.colour}${b.dated ? " dated" : ""}`;
  const hover = (b) => [b.title, b.dates, b.detail].filter(Boolean).join(" ");
  for (const day of days) {
    const body = el("div", { class: "week-body" });
    const shown = inTurn(items.filter((x) => x.day === day && x.end > top && x.start < bottom), day);
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
      } else if (b.kind === "turns") {
        body.append(el("div", { class: "event turns", style: place }, b.turns.map((t) => el("div", { class: `turn ${classes(t)}`, title: hover(t) }, words(t)))));
      } else if (b.kind === "class") {
        body.append(el("div", { class: `event ${classes(b)}`, style: place, title: hover(b) }, words(b)));
      } else {
        body.append(el("div", { class: "event busy", style: place, title: `${b.title} ${b.detail}` }, el("strong", {}, b.title), el("span", {}, b.detail)));
      }
    }
    grid.append(el("div", { class: "week-day", role: "group", "aria-label": DAY_NAMES[day] }, el("div", { class: "week-head", "aria-hidden": "true" }, DAY_NAMES[day]), body));
  }
  const note = notEveryWeek(sections, usual);
  if (note.length) {
    // in words under the days, as wide as the calendar: a phone's blocks have no room for dates
    grid.append(el("div", { class: "week-note" },
      el("p", {}, "Not every week:"),
      el("ul", {}, note.map((line) => el("li", {}, line))),
      items.some((b) => b.dated) ? el("p", {}, "Dashed: one-off sessions and exams, held on those dates only; they are not weekly classes.") : null));
  }
  return grid;
}

/** A line per meeting of these sections held on some weeks or dates only, in the order of the
 * term: "EGMT 1510 SEM 101 · MoWe 08:00–09:15 · Aug 26 – Oct 15". */
function notEveryWeek(sections, usual) {
  const lines = [];
  for (const s of sections) {
    const timed = drawn(s.meetings).filter((m) => m.start && m.end);
    for (const g of merged(timed, (m) => [m.kind, m.days.join(""), m.start, m.end].join("|"), (m) => m.days, usual)) {
      if (g.weekly) continue;
      const m = g.meeting;
      const first = g.pieces.map(([a, b]) => a || b || "~").sort()[0] || "~";
      lines.push({ first, text: `${s.course} ${s.component} ${s.code} · ${m.days.join("")} ${m.start}–${endOf(m.end)} · ${datesText(m.kind, g.pieces)}` });
    }
  }
  return lines.sort((a, b) => a.first.localeCompare(b.first)).map((line) => line.text);
}

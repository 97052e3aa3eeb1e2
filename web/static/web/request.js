// The student's request: a plain object, its readable URL form, its API form and local storage.
// Pure functions only (no DOM), so the page and the URL always agree.

export const WEEKDAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
export const WEIGHTS = { nice: 5, important: 25 };
const STORAGE_KEY = "classtime.request";
const JOB_KEY = "classtime.job";

export function defaultPrefs() {
  return {
    before: { on: false, time: "10:00", level: "nice" },
    after: { on: false, time: "17:00", level: "nice" },
    free: { on: false, days: ["Fr"], level: "important" },
    lunch: { on: false, start: "11:30", end: "13:30", level: "nice" },
    row: { on: false, hours: 3, level: "nice" },
    compact: { on: false, level: "nice" },
    fewer: { on: false, level: "nice" },
    seats: { on: false, level: "nice" },
    with: { on: false, names: "", level: "nice" },
    // instructors to avoid: a preference, or with `never` a must (the API's filter, no level)
    without: { on: false, names: "", level: "nice", never: false },
    friends: { on: false, schedules: [], level: "nice" },
  };
}

export function emptyRequest(institution = "", term = "") {
  return {
    institution, term, courses: [], electives: [], busy: [], pinned: [], excluded: [], prefs: defaultPrefs(), openOnly: false, k: 10,
    campuses: [], // the campuses a schedule may use, as the catalog names them; none: any campus
    modalities: [], // the delivery modes a schedule's sections may have (in_person, online, hybrid); none: any
    overlaps: [], // pairs of the request's courses allowed to overlap, each [a, b] sorted (the API's allowed_overlaps)
  };
}

export const MOST_OVERLAPS = 20; // as the API takes them

/** A pair of course codes as the request keeps it (normalised and sorted), or null for one that is not two courses. */
export function overlapPair(a, b) {
  const codes = [normaliseCode(a || ""), normaliseCode(b || "")];
  if (!codes[0] || !codes[1] || codes[0] === codes[1]) return null;
  return codes.sort();
}

/** The request's courses, required and elective, in the form's order. */
export function requestCourses(req) {
  return unique([...req.courses, ...req.electives.flatMap((g) => g.courses)]);
}

/** The request with only the allowed overlaps of two of its courses (a course removed takes its pairs along). */
export function overlapsOfCourses(req) {
  const asked = new Set(requestCourses(req));
  return { ...req, overlaps: req.overlaps.filter(([a, b]) => asked.has(a) && asked.has(b)) };
}

/** The request with courses `a` and `b` allowed to overlap (once; at most MOST_OVERLAPS pairs). */
export function allowOverlap(req, a, b) {
  const pair = overlapPair(a, b);
  if (!pair || req.overlaps.some(([x, y]) => x === pair[0] && y === pair[1]) || req.overlaps.length >= MOST_OVERLAPS) return req;
  return { ...req, overlaps: [...req.overlaps, pair] };
}

// as the API takes them: at most 50 pinned and 500 excluded registrar ids of 1-40 characters
export const MOST_PINNED = 50;
export const MOST_EXCLUDED = 500;
export const MOST_CAMPUSES = 20;
export const MODALITIES = ["in_person", "online", "hybrid"]; // the catalog's Section.Modality, in this order

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const BUSY = /^([A-Za-z]+) (\d\d:\d\d)-(\d\d:\d\d)(?:\+(\d+))?(?: (.*))?$/;
// a registrar id (CRN): any printable text but "/" (it is a segment of the section's API URL)
const SECTION_ID = /^[^\s/\u0000-\u001f\u007f](?:[^/\u0000-\u001f\u007f]{0,38}[^\s/\u0000-\u001f\u007f])?$/;

export function minutes(hhmm) {
  const [h, m] = hhmm.split(":").map(Number);
  return h * 60 + m;
}

export function hhmm(total) {
  return `${String(Math.floor(total / 60)).padStart(2, "0")}:${String(total % 60).padStart(2, "0")}`;
}

function splitDays(text) {
  const days = [];
  for (let i = 0; i + 1 < text.length; i += 2) {
    const day = text[i].toUpperCase() + text[i + 1].toLowerCase();
    if (WEEKDAYS.includes(day) && !days.includes(day)) days.push(day);
  }
  return days.sort((a, b) => WEEKDAYS.indexOf(a) - WEEKDAYS.indexOf(b));
}

function withLevel(value, level) {
  return level === "important" ? `${value}!` : value;
}

function readLevel(raw) {
  return raw.endsWith("!") ? [raw.slice(0, -1), "important"] : [raw, "nice"];
}

/** The request as URL query parameters, readable: ?t=2026-fall&c=CS+1110&b=MoWe+07:00-09:00%2B60&before=10:00 */
export function toQuery(req) {
  const q = new URLSearchParams();
  if (req.institution) q.set("i", req.institution);
  if (req.term) q.set("t", req.term);
  for (const code of req.courses) q.append("c", code);
  for (const group of req.electives) q.append("e", `${group.pick}:${group.courses.join(",")}`);
  for (const b of req.busy) {
    let text = `${b.days.join("")} ${b.start}-${b.end}`;
    if (b.buffer_after) text += `+${b.buffer_after}`;
    if (b.label) text += ` ${b.label}`;
    q.append("b", text);
  }
  for (const id of req.pinned) q.append("pin", id);
  for (const id of req.excluded) q.append("avoid", id);
  const p = req.prefs;
  if (p.before.on) q.set("before", withLevel(p.before.time, p.before.level));
  if (p.after.on) q.set("after", withLevel(p.after.time, p.after.level));
  if (p.free.on && p.free.days.length) q.set("free", withLevel(p.free.days.join(","), p.free.level));
  if (p.lunch.on) q.set("lunch", withLevel(`${p.lunch.start}-${p.lunch.end}`, p.lunch.level));
  if (p.row.on) q.set("row", withLevel(String(p.row.hours), p.row.level));
  for (const name of ["compact", "fewer", "seats"]) if (p[name].on) q.set(name, withLevel("1", p[name].level));
  if (p.with.on && p.with.names.trim()) q.set("with", withLevel(p.with.names.trim(), p.with.level));
  if (p.without.on && p.without.names.trim()) {
    q.set("without", withLevel(p.without.names.trim(), p.without.level));
    if (p.without.never) q.set("never", "1");
  }
  if (p.friends.on && p.friends.schedules.length) q.set("friends", withLevel(p.friends.schedules.join(","), p.friends.level));
  if (req.openOnly) q.set("open", "1");
  for (const name of req.campuses) q.append("campus", name);
  for (const mode of req.modalities) q.append("mode", mode);
  for (const [a, b] of req.overlaps) q.append("ov", `${a},${b}`);
  if (req.k !== 10) q.set("k", String(req.k));
  return q.toString();
}

/** The request a query string describes; unknown or malformed parts are left at their defaults. */
export function fromQuery(search) {
  const q = new URLSearchParams(search);
  const req = emptyRequest(q.get("i") || "", q.get("t") || "");
  req.courses = unique(q.getAll("c").map(normaliseCode).filter(Boolean));
  for (const raw of q.getAll("e")) {
    const match = /^(\d+):(.+)$/.exec(raw);
    if (!match) continue;
    const courses = unique(match[2].split(",").map(normaliseCode).filter(Boolean));
    if (courses.length) req.electives.push({ pick: Math.min(Number(match[1]) || 1, courses.length), courses });
  }
  for (const raw of q.getAll("b")) {
    const match = BUSY.exec(raw.trim());
    if (!match || !TIME.test(match[2]) || !TIME.test(match[3])) continue;
    const days = splitDays(match[1]);
    if (!days.length || minutes(match[2]) >= minutes(match[3])) continue;
    req.busy.push({ days, start: match[2], end: match[3], buffer_after: Number(match[4] || 0), label: match[5] || "" });
  }
  const ids = (name) => unique(q.getAll(name).filter((id) => SECTION_ID.test(id)));
  req.pinned = ids("pin").slice(0, MOST_PINNED);
  req.excluded = ids("avoid").filter((id) => !req.pinned.includes(id)).slice(0, MOST_EXCLUDED); // kept wins
  const p = req.prefs;
  const read = (name, apply) => {
    if (!q.has(name)) return;
    const [value, level] = readLevel(q.get(name));
    if (apply(value) !== false) Object.assign(p[name], { on: true, level });
  };
  read("before", (v) => TIME.test(v) && void (p.before.time = v));
  read("after", (v) => TIME.test(v) && void (p.after.time = v));
  read("free", (v) => {
    const days = splitDays(v.replaceAll(",", ""));
    if (!days.length) return false;
    p.free.days = days;
  });
  read("lunch", (v) => {
    const [start, end] = v.split("-");
    if (!TIME.test(start || "") || !TIME.test(end || "")) return false;
    Object.assign(p.lunch, { start, end });
  });
  read("row", (v) => {
    const hours = Number(v);
    if (!(hours >= 1 && hours <= 8)) return false;
    p.row.hours = hours;
  });
  for (const name of ["compact", "fewer", "seats"]) read(name, () => undefined);
  read("with", (v) => void (p.with.names = v));
  read("without", (v) => void (p.without.names = v));
  p.without.never = p.without.on && q.get("never") === "1";
  if (p.with.on && p.without.on && !p.without.never && p.with.level !== p.without.level) {
    // one weight for both (the API's): a link giving each its own level shows and sends the higher
    p.with.level = p.without.level = "important";
  }
  read("friends", (v) => {
    p.friends.schedules = v.split(",").map(Number).filter((n) => Number.isInteger(n) && n > 0);
  });
  req.openOnly = q.get("open") === "1";
  // as the API takes them: at most 20 names of 1-100 characters
  req.campuses = unique(q.getAll("campus").map((c) => c.trim()).filter((c) => c && c.length <= 100)).slice(0, MOST_CAMPUSES);
  // a delivery mode the catalog does not know is dropped (an address older than the choice has none)
  req.modalities = MODALITIES.filter((mode) => q.getAll("mode").includes(mode));
  // "ov=CS 1110,MATH 1310": two courses that may overlap (a pair naming a course not asked for is dropped)
  for (const raw of q.getAll("ov")) {
    const [a, b, more] = raw.split(",");
    if (more === undefined) Object.assign(req, allowOverlap(req, a, b));
  }
  Object.assign(req, overlapsOfCourses(req));
  const k = Number(q.get("k"));
  if (Number.isInteger(k) && k >= 1 && k <= 20) req.k = k;
  return req;
}

export function normaliseCode(text) {
  // as the API's COURSE_CODE: "CS 2100", "CS-2100", or written together when the number
  // starts with a digit ("CS2100"); "MATH" alone is no code (not "MAT H")
  const match =
    /^\s*([A-Za-z]{1,10})(?:\s*-\s*|\s+)([0-9A-Za-z]{1,10})\s*$/.exec(text || "") ||
    /^\s*([A-Za-z]{1,10})(\d[0-9A-Za-z]{0,9})\s*$/.exec(text || "");
  return match ? `${match[1].toUpperCase()} ${match[2].toUpperCase()}` : "";
}

function unique(items) {
  return [...new Set(items)];
}

/** The names typed for “Classes with” or “Avoid instructors”, separated by commas, or by
 * semicolons when there is one: a catalog that writes “Last, First” (“Gahlmann, Andreas;
 * Columbus, Linda”) names two people, not four. */
export function instructorNames(text) {
  return text.split(text.includes(";") ? ";" : ",").map((n) => n.trim()).filter(Boolean);
}

/** Instructors' names as one text that `instructorNames` reads back as the same names: joined
 * with “; ” when one holds a comma (“Gahlmann, Andreas; Columbus, Linda”), one such name alone
 * ending with “;” (“Gahlmann, Andreas;”, else read as two), else with “, ”. */
export function namesText(names) {
  if (!names.some((name) => name.includes(","))) return names.join(", ");
  return names.join("; ") + (names.length === 1 ? ";" : "");
}

/** The body of POST /api/v1/generations/ for this request. */
export function toApiRequest(req) {
  const p = req.prefs;
  const weight = (pref) => WEIGHTS[pref.level] || WEIGHTS.nice;
  const preferences = {};
  if (p.before.on) preferences.no_classes_before = { weight: weight(p.before), time: p.before.time };
  if (p.after.on) preferences.no_classes_after = { weight: weight(p.after), time: p.after.time };
  if (p.free.on && p.free.days.length) preferences.free_days = { weight: weight(p.free), days: p.free.days };
  if (p.lunch.on) preferences.lunch = { weight: weight(p.lunch), start: p.lunch.start, end: p.lunch.end };
  if (p.row.on) preferences.max_in_a_row = { weight: weight(p.row), minutes: Math.round(p.row.hours * 60) };
  if (p.compact.on) preferences.compact = { weight: weight(p.compact) };
  if (p.fewer.on) preferences.fewer_days = { weight: weight(p.fewer) };
  if (p.seats.on) preferences.open_seats = { weight: weight(p.seats) };
  // one preference with one weight in the API: preferred and avoided names weigh the same, the
  // more important of the two levels ticked; names never wanted are a filter instead
  const prefer = p.with.on ? instructorNames(p.with.names) : [];
  const avoid = p.without.on && !p.without.never ? instructorNames(p.without.names) : [];
  const never = p.without.on && p.without.never ? instructorNames(p.without.names) : [];
  if (prefer.length || avoid.length) {
    const weights = [prefer.length ? weight(p.with) : 0, avoid.length ? weight(p.without) : 0];
    preferences.instructors = { weight: Math.max(...weights), ...(prefer.length ? { prefer } : {}), ...(avoid.length ? { avoid } : {}) };
  }
  if (p.friends.on && p.friends.schedules.length) {
    preferences.friends = { schedules: p.friends.schedules, shared_weight: weight(p.friends), free_weight: 0 };
  }
  const body = {
    term: req.term,
    institution: req.institution,
    courses: req.courses,
    electives: req.electives.filter((g) => g.courses.length).map((g) => ({ pick: Math.min(g.pick, g.courses.length), courses: g.courses })),
    busy: req.busy.map((b) => ({ days: b.days, start: b.start, end: b.end, buffer_after: b.buffer_after, ...(b.label ? { label: b.label } : {}) })),
    pinned: req.pinned,
    excluded: req.excluded,
    preferences,
    k: req.k,
  };
  const filters = {};
  if (req.openOnly) filters.open_seats_only = true;
  if (req.campuses.length) filters.campuses = req.campuses;
  if (req.modalities.length) filters.modalities = req.modalities;
  if (never.length) filters.excluded_instructors = never;
  if (Object.keys(filters).length) body.filters = filters;
  const overlaps = overlapsOfCourses(req).overlaps;
  if (overlaps.length) body.allowed_overlaps = overlaps;
  return body;
}

/** The planner's request for a generation job's stored (normalised) request, as far as the form
 * can express it: `{ req, unshown }`, where `req` keeps the job's pinned and excluded sections and
 * `unshown` names in words what the form cannot show. */
export function fromJob(job) {
  const sent = job.request || {};
  const req = emptyRequest(job.institution || "", job.term || "");
  const unshown = [];
  const level = (weight) => (weight >= (WEIGHTS.nice + WEIGHTS.important) / 2 ? "important" : "nice");
  const weights = [];
  const on = (name, weight, values = {}) => {
    Object.assign(req.prefs[name], values, { on: true, level: level(weight) });
    weights.push(weight);
  };
  req.courses = [...(sent.courses || [])];
  req.electives = (sent.electives || []).map((g) => ({ pick: g.pick, courses: [...g.courses] }));
  req.pinned = [...(sent.pinned || [])];
  req.excluded = (sent.excluded || []).filter((id) => !req.pinned.includes(id));
  for (const b of sent.busy || []) {
    req.busy.push({ days: [...b.days], start: b.start, end: b.end, buffer_after: b.buffer_after || 0, label: b.label || "" });
    if (b.buffer_before) unshown.push(`${b.buffer_before} minutes' rest before a busy time`);
    if (b.first_date || b.last_date) unshown.push("the dates of a busy time");
  }
  const p = sent.preferences || {};
  if (p.no_classes_before) on("before", p.no_classes_before.weight, { time: p.no_classes_before.time });
  if (p.no_classes_after) on("after", p.no_classes_after.weight, { time: p.no_classes_after.time });
  if (p.free_days) on("free", p.free_days.weight, { days: [...p.free_days.days] });
  if (p.lunch) {
    on("lunch", p.lunch.weight, { start: p.lunch.start, end: p.lunch.end });
    if (p.lunch.minutes !== 30) unshown.push(`a lunch break of ${p.lunch.minutes} minutes`);
  }
  if (p.max_in_a_row) {
    const hours = Math.max(1, Math.min(8, Math.round(p.max_in_a_row.minutes / 60)));
    on("row", p.max_in_a_row.weight, { hours });
    if (hours * 60 !== p.max_in_a_row.minutes) unshown.push(`at most ${p.max_in_a_row.minutes} minutes in a row`);
  }
  if (p.compact) on("compact", p.compact.weight);
  if (p.fewer_days) on("fewer", p.fewer_days.weight);
  if (p.open_seats) on("seats", p.open_seats.weight);
  if (p.instructors?.prefer?.length) on("with", p.instructors.weight, { names: namesText(p.instructors.prefer) });
  const never = sent.filters?.excluded_instructors || [];
  if (never.length) {
    // the form's “Avoid instructors” is a must or a preference: the must shown, any avoided as a preference said
    Object.assign(req.prefs.without, { on: true, names: namesText(never), never: true });
    if (p.instructors?.avoid?.length) unshown.push(`avoiding ${listedNames(p.instructors.avoid)} as a preference besides never taking ${listedNames(never)}`);
  } else if (p.instructors?.avoid?.length) {
    on("without", p.instructors.weight, { names: namesText(p.instructors.avoid) });
  }
  if (p.friends?.schedules?.length) {
    if (p.friends.shared_weight) on("friends", p.friends.shared_weight, { schedules: [...p.friends.schedules] });
    if (p.friends.free_weight) unshown.push("classes while your friends are free");
  }
  if (weights.some((w) => w !== WEIGHTS.nice && w !== WEIGHTS.important)) {
    unshown.push("preference weights other than nice to have (5) and important (25)");
  }
  const filters = sent.filters || {};
  req.openOnly = Boolean(filters.open_seats_only);
  req.campuses = [...(filters.campuses || [])];
  req.modalities = MODALITIES.filter((mode) => (filters.modalities || []).includes(mode));
  req.overlaps = (sent.allowed_overlaps || []).map(([a, b]) => [a, b]);
  if (sent.overlap_minutes !== undefined && sent.overlap_minutes !== null) {
    unshown.push(`overlaps of at most ${sent.overlap_minutes} minutes (the form allows any overlap of the two)`);
  }
  if (sent.back_to_back_minutes !== undefined && sent.back_to_back_minutes !== 15) {
    unshown.push(`warnings of changes of building with up to ${sent.back_to_back_minutes} minutes between classes (the form warns of 15)`);
  }
  if (sent.strategy && sent.strategy !== "exact") unshown.push(`the ${sent.strategy} search`);
  const k = Number(sent.k) || 10;
  req.k = Math.max(1, Math.min(20, k));
  if (k !== req.k) unshown.push(`${k} schedules (the form asks for at most 20)`);
  return { req, unshown };
}

function listedNames(names) {
  return names.join("; ");
}

/** The request with the requirements of a repair (the `drops` of an explanation) taken out.
 * `sent` is the normalised request the job stored: elective refs index its groups. `sections`
 * maps registrar ids to `{ course, component }` (the job's sections): an exclusion's ref names a
 * component ("CS 1110 LEC"), whose excluded sections are allowed again, and the kept and avoided
 * sections of a dropped course go with it. */
export function applyRepair(req, drops, sent, sections = {}) {
  const next = structuredClone(req);
  const busyGone = new Set();
  for (const drop of drops) {
    if (drop.kind === "course") {
      next.courses = next.courses.filter((c) => c !== drop.ref);
      for (const g of next.electives) g.courses = g.courses.filter((c) => c !== drop.ref);
    } else if (drop.kind === "elective") {
      const group = sent?.electives?.[Number(drop.ref)];
      const key = group ? [...group.courses].sort().join(",") : null;
      next.electives = next.electives.filter((g) => [...g.courses].sort().join(",") !== key);
    } else if (drop.kind === "busy") {
      busyGone.add(Number(drop.ref));
    } else if (drop.kind === "filter") {
      if (drop.ref === "open_seats_only") next.openOnly = false;
      if (drop.ref === "campuses") next.campuses = []; // any campus
      if (drop.ref === "modalities") next.modalities = []; // any delivery mode
      // no longer a must: the names stay avoided as a preference (at its level), so they are kept
      // in the address and the student still gets their sections only when it pays
      if (drop.ref === "excluded_instructors") next.prefs.without.never = false;
    } else if (drop.kind === "pin") {
      next.pinned = next.pinned.filter((id) => id !== drop.ref);
    } else if (drop.kind === "exclusion") {
      next.excluded = next.excluded.filter((id) => !sections[id] || `${sections[id].course} ${sections[id].component}` !== drop.ref);
    }
  }
  next.busy = next.busy.filter((_, i) => !busyGone.has(i));
  next.electives = next.electives.filter((g) => g.courses.length);
  return sectionsOfCourses(next, sections);
}

const UNAPPLIED = {};
const FORM_FILTERS = ["open_seats_only", "campuses", "modalities", "excluded_instructors"];
const APPLIED = ["course", "elective", "busy", "pin", "exclusion"];

/** Why the planner cannot apply a repair's `drops` to its request, in words, or "" when it can:
 * the form holds courses, elective groups, busy times, kept and avoided sections, the open-seats
 * filter, the campuses, the delivery modes and the instructors never taken, so a repair of another
 * kind (none the engine gives today) is advice, not a button. */
export function repairLimit(drops) {
  const reasons = drops
    .filter((d) => !APPLIED.includes(d.kind) && !(d.kind === "filter" && FORM_FILTERS.includes(d.ref)))
    .map((d) => UNAPPLIED[d.kind] || `the planner cannot change a requirement of kind ${d.kind}`);
  return [...new Set(reasons)].join("; ");
}

// --- Kept (pinned) and avoided (excluded) sections -------------------------------------------
// `sections` maps a registrar id to what the page knows of it: `{ course, component, code }`.

/** The request keeping section `id` (every schedule uses it): no longer avoided, and replacing
 * a kept section of the same component (a schedule takes one section of each): `{ req, replaced }`
 * with the ids it replaced. */
export function keepSection(req, id, sections = {}) {
  const next = structuredClone(req);
  const mine = sections[id];
  const sameComponent = (other) => Boolean(mine?.course) && sections[other]?.course === mine.course && sections[other]?.component === mine.component;
  const replaced = next.pinned.filter((other) => other !== id && sameComponent(other));
  next.pinned = [...next.pinned.filter((other) => other !== id && !replaced.includes(other)), id];
  next.excluded = next.excluded.filter((other) => other !== id);
  return { req: next, replaced };
}

/** The request keeping one section of each component: of kept sections that `sections` says share
 * a component (a link can hold both), the last stays, as when they are kept with the buttons.
 * `{ req, replaced }`, `replaced` as `[{ kept, instead: [ids] }]`; sections not known yet stay. */
export function oneKeptPerComponent(req, sections = {}) {
  const place = (id) => (sections[id]?.course ? `${sections[id].course} ${sections[id].component}` : null);
  const last = new Map(); // a component → the last section of it kept
  for (const id of req.pinned) if (place(id)) last.set(place(id), id);
  const instead = new Map();
  const pinned = req.pinned.filter((id) => {
    const kept = place(id) ? last.get(place(id)) : id;
    if (kept === id) return true;
    instead.set(kept, [...(instead.get(kept) || []), id]);
    return false;
  });
  return { req: { ...req, pinned }, replaced: [...instead].map(([kept, ids]) => ({ kept, instead: ids })) };
}

/** The request with a new elective group of `codes` taking `pick` of them (a pasted list offering
 * a choice, “CS 1110 or MATH 1310”), as the page's *New group* and Elective buttons make one; codes
 * the request asks for already are left out. `{ req, added }`, `added` the codes grouped. */
export function addElectiveGroup(req, codes, pick = 1) {
  const next = structuredClone(req);
  const taken = (code) => next.courses.includes(code) || next.electives.some((g) => g.courses.includes(code));
  const added = [...new Set(codes)].filter((code) => !taken(code));
  if (added.length) next.electives.push({ pick: Math.min(pick, added.length), courses: added });
  return { req: next, added };
}

/** The request avoiding section `id` (no schedule uses it), no longer keeping it. */
export function avoidSection(req, id) {
  const next = structuredClone(req);
  next.pinned = next.pinned.filter((other) => other !== id);
  if (!next.excluded.includes(id)) next.excluded.push(id);
  return next;
}

/** The request neither keeping nor avoiding section `id`. */
export function forgetSection(req, id) {
  const next = structuredClone(req);
  next.pinned = next.pinned.filter((other) => other !== id);
  next.excluded = next.excluded.filter((other) => other !== id);
  return next;
}

/** The request without the kept and avoided sections of courses it no longer asks for (those
 * whose course is not known yet stay). */
export function sectionsOfCourses(req, sections = {}) {
  const asked = new Set([...req.courses, ...req.electives.flatMap((g) => g.courses)]);
  const stays = (id) => !sections[id]?.course || asked.has(sections[id].course);
  return { ...req, pinned: req.pinned.filter(stays), excluded: req.excluded.filter(stays) };
}

/** Keeps the request in `storage`, with the course titles seen and the labels (`{ course,
 * component, code }`, from `sections`) of its kept and avoided sections, under its term: registrar
 * ids repeat from term to term. A section that cannot be scheduled or is unknown is not kept, so it
 * is looked up again and shows what the registrar says now. */
export function storeRequest(storage, req, titles, sections = {}) {
  const labels = {};
  for (const id of [...req.pinned, ...req.excluded]) {
    const s = sections[id];
    if (isLabel(s) && !s.problem) labels[id] = { course: s.course, component: s.component, code: s.code };
  }
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify({ query: toQuery(req), titles, labels: { term: `${req.institution}/${req.term}`, sections: labels } }));
  } catch {
    // private browsing or a full quota: the URL still holds the request
  }
}

export function loadStored(storage) {
  try {
    const saved = JSON.parse(storage.getItem(STORAGE_KEY) || "null");
    return saved && typeof saved.query === "string" ? saved : null;
  } catch {
    return null;
  }
}

/** The section labels kept with the stored request for the term `institution`/`term` (none for
 * another term, or any that is malformed), as `sections` maps them. */
export function storedLabels(stored, institution, term) {
  const kept = stored?.labels;
  if (!kept || kept.term !== `${institution}/${term}` || typeof kept.sections !== "object" || !kept.sections) return {};
  const labels = {};
  for (const [id, s] of Object.entries(kept.sections)) {
    if (SECTION_ID.test(id) && isLabel(s)) labels[id] = { course: s.course, component: s.component, code: s.code };
  }
  return labels;
}

function isLabel(s) {
  return Boolean(s) && ["course", "component", "code"].every((name) => typeof s[name] === "string" && s[name]);
}

export function storeJob(storage, query, url) {
  try {
    storage.setItem(JOB_KEY, JSON.stringify({ query, url }));
  } catch {
    // see storeRequest
  }
}

export function loadJob(storage, query) {
  try {
    const saved = JSON.parse(storage.getItem(JOB_KEY) || "null");
    return saved && saved.query === query ? saved.url : null;
  } catch {
    return null;
  }
}

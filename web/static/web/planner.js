// The planner page: the form, the generation job, the results. Talks to the REST API only.

import {
  addElectiveGroup, allowOverlap, applyRepair, avoidSection, emptyRequest, forgetSection, MODALITIES, fromJob, fromQuery, instructorNames, keepSection, loadJob, loadStored, minutes,
  oneKeptPerComponent, overlapsOfCourses, repairLimit, requestCourses, sectionsOfCourses, storeJob, storeRequest, storedLabels, toApiRequest, toQuery,
} from "./request.js";
import { colourPicker, endOf, hasDatedSessions, listed as inWords, meetingsText, usualRange, weekCalendar } from "./calendar.js";
import { el } from "./dom.js";
import { listedCodes, listOffersChoice, listParts } from "./codes.js";
import { busyGrid } from "./busygrid.js";
import { copyIds, registrationIds, savedOrder, SEPARATOR } from "./crns.js";

/** The codes of a search listing courses, read with the subjects of the form's term (codes.js). */
const listedOf = (text) => listedCodes(text, termData()?.subjects || []);

const initial = JSON.parse(document.getElementById("initial-data").textContent);
const $ = (id) => document.getElementById(id);
const POLL_MS = 400;
const LUNCH_MINUTES = 30; // the lunch break the API asks for when the request names no length
// a poll that gets no answer (a phone between cells) or a server error is asked again, less often
// each time (0.8, 1.6, 3.2, 6.4 and 12.8 seconds later): the job runs on at the server meanwhile
const POLL_RETRIES = 5;
// a section's look-up that fails other than with 404 (a network error, a 500) is tried again after
// 0.5, 1 and 2 seconds; then the entry says it could not be looked up and offers to try again
const LOOKUP_TRIES = 4;
const LOOKUP_BACKOFF_MS = 500;
const LOOKUP_BATCH = 100; // sections looked up in one request, the API's most
const LOOKUP_QUERY_CHARS = 3000; // and their query's length at most (servers cap a request line at 4 KB)
const BREAKDOWN_WORDS = {
  early: "classes before your earliest time",
  late: "classes after your latest time",
  free_days: "classes on days you keep free",
  days_on_campus: "days with classes",
  gaps: "gaps between classes",
  lunch: "days without your lunch break",
  marathon: "too many hours in a row",
  instructors: "sections without the instructors you chose",
  open_seats: "full sections",
  friends_shared: "classes without your friends",
  friends_free_time: "classes while your friends are free",
};
// what each point of a preference counts, from the job's request: a cost is its weight times a
// count, and each preference counts its own unit (docs/engine.md, "Preferences"), which the
// points alone hide. [the request's preference, its weight's key, the count in words]
const counted = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const BREAKDOWN_COUNTS = {
  early: ["no_classes_before", "weight", (n, p) => `${counted(n, "class meeting")} a week before ${p.time}`],
  late: ["no_classes_after", "weight", (n, p) => `${counted(n, "class meeting")} a week after ${p.time}`],
  free_days: ["free_days", "weight", (n) => counted(n, "day you keep free", "days you keep free")],
  days_on_campus: ["fewer_days", "weight", (n) => counted(n, "day")],
  gaps: ["compact", "weight", (n) => `${counted(n, "half-hour")} of gaps a week, beyond passing time`],
  lunch: ["lunch", "weight", (n, p) => `${counted(n, "day")} without ${p.minutes} free minutes between ${p.start} and ${p.end}`],
  marathon: ["max_in_a_row", "weight", (n, p) => `${counted(n, "half-hour")} a week beyond ${counted(p.minutes / 60, "hour")} in a row`],
  // a section can miss twice (an avoided instructor's, of a component a preferred one teaches),
  // and an elective course misses each component its group's best course has with them
  // (a section taken with an avoided instructor alone is one section)
  instructors: ["instructors", "weight", (n, p) => (p.prefer?.length ? counted(n, "miss", "misses") : counted(n, "section"))],
  open_seats: ["open_seats", "weight", (n) => counted(n, "section")],
  friends_shared: ["friends", "shared_weight", (n) => counted(n, "miss", "misses")],
  friends_free_time: ["friends", "free_weight", (n) => `${counted(n, "half-hour")} a week of class while a friend is free`],
};

const WEEKDAY_NAMES = { Mo: "Monday", Tu: "Tuesday", We: "Wednesday", Th: "Thursday", Fr: "Friday", Sa: "Saturday", Su: "Sunday" };

/** Where a breakdown line's points come from (the job's `breakdown_sources`), in words: the
 * classes as the page names them ("CS 1110 LEC 001 and MATH 1310 LEC 001"); for a cost of the
 * week, the weekdays first ("classes on Friday: CHEM 1411 LAB 012"; days with classes names the
 * days alone, every class being on one), then the busy times taking part ("busy time practice");
 * and the points no class carries, owed to the elective courses picked. [] without sources (a job answered before they were given). `named`: registrar
 * id → the section's name. */
function sourcesWords(name, cost, source, named) {
  if (!source) return [];
  const classes = name === "days_on_campus" ? [] : source.sections.map((id) => named.get(id) || id);
  const parts = [];
  const days = inWords(source.days.map((d) => WEEKDAY_NAMES[d] || d));
  if (days && classes.length) parts.push(`classes on ${days}: ${inWords(classes)}`);
  else if (days || classes.length) parts.push(days || inWords(classes));
  // the busy times taking part in gaps, lunch or a marathon: part of the day on one with classes
  if (source.busy?.length) parts.push(`${source.busy.length === 1 ? "busy time" : "busy times"} ${inWords(source.busy)}`);
  if (source.elective_picks) {
    const picked = "the elective courses picked";
    parts.push(source.elective_picks === cost ? `from ${picked}` : `${counted(source.elective_picks, "point")} from ${picked}`);
  }
  return parts;
}

/** A line of a schedule's breakdown: "Classes before your earliest time: 50 points (2 class
 * meetings a week before 10:00, 25 each: CS 1110 LEC 001)", "Classes on days you keep free: 25
 * points (1 day you keep free, 25 each; classes on Friday: CHEM 1411 LAB 012)"; without the count
 * when the request does not say it. */
function breakdownLine(name, cost, preferences, source, named) {
  const words = capitalise(name === "instructors" ? instructorCost(preferences?.instructors) : BREAKDOWN_WORDS[name] || name.replaceAll("_", " "));
  if (!cost) return `${words}: none`;
  const where = sourcesWords(name, cost, source, named);
  const [key, weightKey, count] = BREAKDOWN_COUNTS[name] || [];
  const pref = preferences?.[key];
  const weight = pref?.[weightKey];
  const counts = weight && cost % weight === 0 ? `${count(cost / weight, pref)}, ${weight} each` : "";
  const from = where.join("; ");
  if (!counts) return from ? `${words}: ${cost} points (${from})` : `${words}: ${cost} points`;
  if (!from) return `${words}: ${cost} points (${counts})`;
  // "25 each: CS 1110 LEC 001", but "25 each; classes on Friday: …": one colon to a clause
  return `${words}: ${cost} points (${counts}${where[0].includes(":") ? "; " : ": "}${from})`;
}

/** What the instructor preference's points are for: sections without the instructors chosen,
 * sections with those avoided, or either (one preference in the API, one count). */
function instructorCost(asked) {
  if (!asked?.avoid?.length) return BREAKDOWN_WORDS.instructors;
  return asked.prefer?.length ? "sections without the instructors you chose or with those you avoid" : "sections with the instructors you avoid";
}

const PREF_NAMES = {
  before: "no classes before", after: "no classes after", free: "days kept free", lunch: "lunch",
  row: "hours in a row", compact: "few gaps", fewer: "fewer days", seats: "open seats", with: "instructors",
  without: "instructors to avoid", friends: "friends",
};
// the form's two halves of the API's one instructor preference, which has one weight
const INSTRUCTOR_PREFS = ["with", "without"];

let req;
let titles = {};
let job = null; // the finished job shown
let savedByRank = new Map(); // a schedule of the job shown → the saved schedule it was saved as
let savedAsked = 0; // bumped by each look-up of one's saved schedules: an older answer is dropped
// while the job's schedules are being looked up among the saved ones, Save waits: a schedule saved
// before (a reload, another tab) would otherwise be saved a second time on a slow network
let savedChecking = false;
// a schedule of the job shown → its save under way ({ sent, key }: the body sent and its
// Idempotency-Key, `pending` while unanswered), kept apart from the card, which paging draws anew
let saves = new Map();
const CHECKING_SAVED = "Checking whether you saved this schedule already…";
// the schedules whose Save was pressed (or Enter typed in their name) while it waited, by rank,
// with the name typed: saved once the look-up answers, unless it says they are saved already,
// their card shown or not (paged away from meanwhile)
let savesWaiting = new Map();
let outcomeNote = ""; // said while the request was being sent, and again with its outcome
// a number typed out of range and changed to the nearest allowed one, said when typed and again
// with the next outcome (a Generate pressed at once would otherwise say over it), by field;
// a value typed in range since forgets it
const adjustedNotes = { k: "", hours: "" };
let appliedNote = ""; // the repair that changed the request before it was sent, said with its outcome
// the request as it was before the last one-click repair, and the repair's words: *Undo* puts it
// back while that repair's outcome is what the page shows (a repair drops a busy time, a course, a
// kept section: the address no longer holds them, and Back leaves the planner)
let undoable = null;
let replacedNote = ""; // what the kept sections' labels last said (one kept section replacing another)
let index = 0; // the schedule shown (the first of two side by side)
// the schedule the address names (`#schedule-3`: a sign-in link, or Back to a page left on it),
// shown when the job it was left on is shown again; until then the address keeps naming it
let wantedRank = 0;
let polling = null;
let busy = false; // a job is being generated: sent, queued or running
let following = 0; // bumped to stop following a job (cancel, another term): answers of an older count are dropped
let openedJob = null; // the id of a job opened by its URL (?job=), kept there until the request changes
let electiveTarget = null; // the elective group the search's Elective buttons add to (null: the last)
// what the page knows of the term's sections by registrar id, for the kept and avoided ones:
// { course, component, code } from a job's sections or the section endpoint, plus `problem` (it
// cannot be scheduled) or `unknown` (the endpoint answered 404)
let sections = {};
let lookups = new Map(); // registrar id → { state: "pending", "done" or "failed", done: a promise }, once per term
let sectionsTerm = ""; // the term ("institution/term") that `sections` and `lookups` describe
const colourOf = colourPicker();

// --- API -----------------------------------------------------------------------------------

function cookie(name) {
  const found = document.cookie.split("; ").find((c) => c.startsWith(`${name}=`));
  return found ? decodeURIComponent(found.slice(name.length + 1)) : "";
}

async function api(method, url, body, retries = 1, extra = {}) {
  const headers = { Accept: "application/json", ...extra };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET") headers["X-CSRFToken"] = cookie("csrftoken");
  let response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "same-origin" });
  } catch {
    return { status: 0, data: null, message: "The server did not answer. Check your connection and try again." };
  }
  if (response.status === 503 && retries > 0) {
    // the database connection broke (the server says so with 503): wait as told, then once more.
    // A broken request wrote nothing, or (a generation request) a job that still runs to its end.
    const seconds = Math.min(5, Number(response.headers.get("Retry-After")) || 1);
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    return api(method, url, body, retries - 1, extra);
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    // an HTML 404 (an endpoint not installed) or an empty body
  }
  const message = data?.error?.message || `The server answered ${response.status}.`;
  return { status: response.status, data, message, retryAfter: response.headers.get("Retry-After") };
}

/** A refusal for too many requests (429) in words: how long to wait, from its `Retry-After`
 * seconds, as the saved schedule page's Re-plan says it (scheduler/views.py). */
function tooManyRequests(retryAfter) {
  const seconds = Math.ceil(Number(retryAfter));
  if (retryAfter === null || retryAfter === "" || !Number.isFinite(seconds) || seconds < 0) {
    return "Too many generation requests; wait a few seconds and try again.";
  }
  return `Too many generation requests; try again in ${Math.max(1, seconds)} s.`;
}

/** A fresh random key for the `Idempotency-Key` header (docs/api.md, "Repeating a request"). */
function idempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

// --- State: URL and local storage ------------------------------------------------------------

function persist() {
  if (undoable && toQuery(req) !== undoable.after) {
    undoable = null; // changed since the repair: Undo would take back the student's own change too
    $("undo-repair").hidden = true;
  }
  const params = new URLSearchParams(toQuery(req));
  if (openedJob) params.set("job", openedJob);
  const query = params.toString();
  history.replaceState(null, "", `${query ? `?${query}` : location.pathname}${rankHash()}`);
  signInLinksFollow();
  storeRequest(localStorage, req, titles, sectionsTerm === `${req.institution}/${req.term}` ? sections : {});
  fitsPlanChanged();
}

/** The address's fragment naming the schedule shown (`#schedule-3`), "" for the first: a reload,
 * Back from another page and a sign-in link then come back to the schedule the student was on,
 * not to schedule 1 of ten that may look alike. */
function rankHash(rank = job?.results?.[index]?.rank ?? wantedRank) {
  return rank > 1 ? `#schedule-${rank}` : "";
}

/** The sign-in (or sign-up) address that comes back to the request as it is now (`next=` the
 * page's address), on schedule `rank` (a card's “Sign in to save this schedule”) or the one shown. */
function signInHref(page = "login", rank = null) {
  const hash = rank === null ? location.hash : rankHash(rank);
  return `/accounts/${page}/?next=${encodeURIComponent(location.pathname + location.search + hash)}`;
}

/** Points every sign-in link (the header's, each card's “Sign in to save”) and the header's sign-up
 * at the request as it is now: a Keep or Avoid pressed since the cards were drawn changes it
 * without a reload, and the link must not bring the student back to the request as it was. A
 * card's link comes back to its own schedule (side by side, the second card's is not the first). */
function signInLinksFollow() {
  for (const link of document.querySelectorAll("#sign-in-link, a.sign-in")) {
    link.href = link.dataset.rank ? signInHref("login", Number(link.dataset.rank)) : signInHref();
  }
  const signUp = document.getElementById("sign-up-link");
  if (signUp) signUp.href = signInHref("signup");
}

/** An address's campuses as `term` writes them, in any case (its first spelling of one: the API
 * takes every spelling of a campus it is sent, and a list no longer than the address's stays
 * within the API's limit), and apart those the term does not have, dropped (nothing would fit):
 * `[kept, leftOut]`. */
function campusesOfTerm(names, term) {
  const have = (term.campuses || []).map((c) => c.name);
  const spelt = names.map((name) => have.find((c) => c.toLowerCase() === name.toLowerCase()));
  return [[...new Set(spelt.filter((c) => c !== undefined))], names.filter((name, i) => spelt[i] === undefined)];
}
let campusesLeftOut = []; // the address's campuses its term does not have: said once the page is drawn

function loadInitialRequest() {
  const stored = loadStored(localStorage);
  if (stored?.titles) titles = stored.titles;
  const own = new URLSearchParams(location.search);
  own.delete("job"); // a job's id alone (an unknown one) starts from the last request
  const rest = own.toString();
  const search = rest ? `?${rest}` : stored ? `?${stored.query}` : "";
  const loaded = fromQuery(search);
  const known = initial.terms.find((t) => t.code === loaded.term && (!loaded.institution || t.institution === loaded.institution));
  if (known) {
    loaded.institution = known.institution;
    [loaded.campuses, campusesLeftOut] = campusesOfTerm(loaded.campuses, known);
    return loaded;
  }
  const first = initial.terms[0];
  if (!first) return loaded;
  if (loaded.term) return emptyRequest(first.institution, first.code); // its term is no longer loaded
  // no term named: the first one's, with only the campuses it has
  const [campuses, leftOut] = campusesOfTerm(loaded.campuses, first);
  campusesLeftOut = leftOut;
  return { ...loaded, institution: first.institution, term: first.code, campuses };
}

/** The course search and detail URL of a term (the form's by default). */
function courseUrl(institution = req.institution, term = req.term) {
  return `/api/v1/institutions/${encodeURIComponent(institution)}/terms/${encodeURIComponent(term)}/courses/`;
}

/** A term as the page has it (name, campuses, first and last day; the form's by default). */
function termData(institution = req.institution, term = req.term) {
  return initial.terms.find((t) => t.institution === institution && t.code === term);
}

// --- Term ----------------------------------------------------------------------------------

function renderTerm() {
  $("institution").value = req.institution;
  for (const option of $("term").options) option.hidden = option.dataset.institution !== req.institution;
  $("term").value = req.term;
}

// a term's courses, elective groups, kept and avoided sections (and their labels) and friends'
// schedules, put aside when another term is chosen (an arrow key on the focused select is enough)
// and brought back when it is chosen again: "institution/term" → { courses, electives, … }
const putAside = new Map();

function onTermChange(institution, term) {
  const options = initial.terms.filter((t) => t.institution === institution);
  const chosen = options.find((t) => t.code === term) || options[0];
  if (!chosen) return;
  const moved = chosen.code !== req.term || chosen.institution !== req.institution;
  const before = termName();
  // a job of the earlier term would show its schedules (and their Keep buttons) under this one
  const stopped = moved && stopFollowing();
  openedJob = null;
  const leaving = `${req.institution}/${req.term}`;
  const had = req.courses.length + req.electives.length + req.pinned.length + req.excluded.length > 0;
  if (moved && had) {
    putAside.set(leaving, {
      courses: req.courses, electives: req.electives, pinned: req.pinned, excluded: req.excluded, overlaps: req.overlaps,
      friends: req.prefs.friends.schedules, campuses: req.campuses, modalities: req.modalities, labels: sectionsTerm === leaving ? { ...sections } : {},
    });
  }
  req.institution = chosen.institution;
  req.term = chosen.code;
  const back = moved ? putAside.get(`${req.institution}/${req.term}`) : null;
  if (moved) {
    // courses belong to a term: a new term starts a new course list, or the one put aside for it
    putAside.delete(`${req.institution}/${req.term}`);
    req.courses = back?.courses || [];
    req.electives = back?.electives || [];
    req.pinned = back?.pinned || [];
    req.excluded = back?.excluded || [];
    req.overlaps = back?.overlaps || [];
    req.prefs.friends.schedules = back?.friends || [];
    req.campuses = back?.campuses || []; // a term's campuses are its own
    req.modalities = back?.modalities || []; // and so are its delivery modes
    sectionsFor(req.institution, req.term);
    Object.assign(sections, back?.labels || {}); // no need to look them up again
    electiveTarget = null;
    searchHits = [];
    searchCount = 0;
    searchSection = null;
    $("search-results").replaceChildren();
    $("add-all").replaceChildren();
    $("search-status").textContent = "";
    clearOutcome();
    $("status").textContent = [
      stopped ? `The term changed, so the schedules being generated for ${before} were cancelled.` : "",
      had ? `Your ${before} courses are put aside: choose ${before} again to bring them back.` : "",
      back ? `Your ${termName()} courses are back.` : "",
    ].filter(Boolean).join(" ");
  }
  persist();
  renderAll();
  loadFriends();
  // what is typed in the search is looked up in the new term (its count was of the earlier one)
  if (moved) runSearch();
}

// --- Delivery mode (modality) -------------------------------------------------------------

const MODALITY_WORDS = { in_person: "In person", online: "Online", hybrid: "Hybrid" };

/** The delivery modes the catalog gives a term's schedulable sections (the form's by default),
 * most sections first: `{ value, label, sections }`. */
function termModalities(institution = req.institution, term = req.term) {
  return termData(institution, term)?.modalities || [];
}

function modalityWords(modes) {
  return modes.map((mode) => (MODALITY_WORDS[mode] || mode).toLowerCase()).join(" or ");
}

/** The delivery-mode choice, beside the campus one: shown when the term's sections have several
 * modalities (or the request names one), as "Any delivery mode" (the default) and one box per
 * modality with its sections, most sections first; sent as the API's `filters.modalities`. */
function renderModality() {
  const known = termModalities();
  const values = [...known.map((m) => m.value), ...req.modalities.filter((mode) => !known.some((m) => m.value === mode))];
  $("modality-choice").hidden = values.length < 2 && !req.modalities.length;
  $("modality-any").checked = !req.modalities.length;
  const box = (mode) => {
    const n = known.find((m) => m.value === mode)?.sections ?? 0;
    return el("label", { class: "day" },
      el("input", { type: "checkbox", name: "modality", value: mode, checked: req.modalities.includes(mode) }),
      ` ${MODALITY_WORDS[mode] || mode} (${n} section${n === 1 ? "" : "s"})`);
  };
  $("modality-list").replaceChildren(...values.map(box));
  $("modality-hint").textContent = req.modalities.length
    ? `Only sections taught ${modalityWords(req.modalities)}: the others are left out.`
    : `Any delivery mode: a schedule may mix ${inWords(values.map((mode) => (MODALITY_WORDS[mode] || mode).toLowerCase()))} sections.`;
}

function onModalityChange(event) {
  if (event.target.id === "modality-any") req.modalities = [];
  else req.modalities = MODALITIES.filter((mode) => [...$("modality-list").querySelectorAll("input:checked")].some((box) => box.value === mode));
  const ticked = event.target.id === "modality-any" ? null : event.target.value;
  changed();
  if (ticked !== null) [...$("modality-list").querySelectorAll("input")].find((box) => box.value === ticked)?.focus();
  $("status").textContent = req.modalities.length ? `Delivery mode: only ${modalityWords(req.modalities)}.` : "Delivery mode: any.";
}

// --- Campus --------------------------------------------------------------------------------

/** The campuses the catalog names in a term (the form's by default), most sections first:
 * `[{ name, sections }]`, rendered into the page with the terms. */
function termCampuses(institution = req.institution, term = req.term) {
  return termData(institution, term)?.campuses || [];
}

// campuses listed at once; a term with more (Georgia Tech has 15) shows the rest on request
const CAMPUSES_SHOWN = 5;

/** A long list folded: `[shown, rest]`, the first `limit` items and the rest to show on request,
 * never a single item folded away ("1 more" would take as much room as the item). */
function fold(items, limit) {
  return items.length > limit + 1 ? [items.slice(0, limit), items.slice(limit)] : [items, []];
}

/** The campus choice: shown when the term has several campuses (or the request names one), as
 * "Any campus" (the default: nothing left out) and one box per campus with its sections, one a
 * line, the campuses with most sections first. Past CAMPUSES_SHOWN the rest are behind "N more
 * campuses", open while one of them is ticked or the student opened it. */
function renderCampus() {
  const known = termCampuses();
  const names = [...known.map((c) => c.name), ...req.campuses.filter((name) => !known.some((c) => c.name === name))];
  $("campus-choice").hidden = names.length < 2 && !req.campuses.length;
  $("campus-any").checked = !req.campuses.length;
  const box = (name) => {
    const count = known.find((c) => c.name === name)?.sections || 0;
    return el("label", { class: "day" },
      el("input", { type: "checkbox", name: "campus", value: name, checked: req.campuses.includes(name) }),
      ` ${name} (${count.toLocaleString("en-US")} section${count === 1 ? "" : "s"})`);
  };
  const [shown, rest] = fold(names, CAMPUSES_SHOWN);
  const wasOpen = $("campus-more")?.open;
  const more = rest.length ? [el("details", {
    id: "campus-more", open: wasOpen || rest.some((name) => req.campuses.includes(name)),
  }, el("summary", { text: `${rest.length} more campuses` }), ...rest.map(box))] : [];
  $("campus-list").replaceChildren(...shown.map(box), ...more); // (a null child would read "null")
  const main = known[0] ? ` (${known[0].name} has the most sections)` : "";
  $("campus-hint").textContent = req.campuses.length
    ? `Only sections on ${req.campuses.join(" or ")}: the other campuses' sections are left out.`
    : `Any campus: a schedule may mix campuses${main}; a schedule that does, or that is elsewhere, names each section's campus.`;
}

function onCampusChange(event) {
  if (event.target.id === "campus-any") req.campuses = [];
  else req.campuses = [...$("campus-list").querySelectorAll("input:checked")].map((box) => box.value);
  const ticked = event.target.id === "campus-any" ? null : event.target.value;
  changed(); // draws the boxes anew: the keyboard stays on the one just ticked
  if (ticked !== null) [...$("campus-list").querySelectorAll("input")].find((box) => box.value === ticked)?.focus();
  $("status").textContent = req.campuses.length ? `Campus: only ${req.campuses.join(" or ")}.` : "Campus: any campus.";
}

/** The card with its sections' campuses named where they matter: the schedule mixes campuses, or
 * a section is not on a campus the job asked for (asking for any campus: not on the term's campus
 * with the most sections). */
function withCampuses(card, schedule) {
  const all = [...schedule.sections, ...schedule.tba];
  const asked = job.request?.filters?.campuses || [];
  const main = termCampuses(job.institution, job.term)[0]?.name;
  const expected = asked.length ? asked : main ? [main] : [];
  const elsewhere = all.filter((s) => s.campus && expected.length && !expected.includes(s.campus));
  const byCampus = new Map();
  for (const s of all) byCampus.set(s.campus, [...(byCampus.get(s.campus) || []), `${s.course} ${s.component} ${s.code}`]);
  const named = [...byCampus.keys()].filter(Boolean);
  if (named.length < 2 && !elsewhere.length) return card;
  const where = (campus) => campus || "campus not given";
  for (const s of all) {
    const row = card.querySelector(`[data-section="${CSS.escape(s.id)}"]`);
    row?.querySelector(".pin-actions")?.before(el("span", { class: "campus" }, ` · ${where(s.campus)}`));
  }
  const groups = [...byCampus.entries()].sort((a, b) => b[1].length - a[1].length);
  const words = named.length > 1
    ? `This schedule mixes campuses: ${groups.map(([campus, names]) => `${where(campus)} (${names.join(", ")})`).join("; ")}.`
    : `Every section of this schedule is on ${named[0]}, not ${asked.length ? asked.join(" or ") : `${main} (the campus with the most sections)`}.`;
  card.querySelector(".table-scroll")?.before(el("p", { class: "campus-note" }, words));
  return card;
}

/** Which zone the class times of `sections` are in, once, as the saved pages say it
 * (catalog/zones.py `times_said`): “Times are Eastern Time.”, a campus of another zone
 * named with its own (“…; at GT Lorraine, Central European Time.”); "" for none. The
 * times are the campus's clock, which a student abroad or in another zone may read as her own. */
function timesSaid(sections, term = termData(job.institution, job.term)) {
  if (!term?.timezone) return "";
  const zones = new Map();
  for (const campus of new Set(sections.map((s) => s.campus ?? ""))) {
    const zone = term.campus_timezones?.[campus] ?? term.timezone;
    zones.set(zone, [...(zones.get(zone) || []), campus]);
  }
  if (!zones.size) return "";
  const first = zones.has(term.timezone) ? term.timezone : zones.keys().next().value;
  const words = (zone) => term.zone_words?.[zone] ?? zone;
  const others = [...zones].filter(([zone]) => zone !== first).map(([zone, campuses]) => `at ${campuses.join(", ")}, ${words(zone)}`);
  return `Times are ${[words(first), ...others].join("; ")}.`;
}

// --- Course search -------------------------------------------------------------------------

const SEARCH_SLOW_MS = 500; // a search unanswered this long says it is searching
let searchTimer = null;
let searchSeq = 0;
let searchShown = null; // the text whose matches the list shows
let searchHits = []; // the courses the list shows
let searchCount = 0; // how many courses match it (the list shows the first SEARCH_PAGE, or more)
// the section whose registrar id the search is (a CRN typed: `{ id, course, title, component, code,
// when, instructors, problem }`), offered to keep on its course's hit; null for any other search
let searchSection = null;
// a registrar id as the course search reads one: letters, digits and hyphens holding a digit
// (Georgia Tech's CRN 85531); a word of letters alone is a title's or a name's
const REGISTRAR_ID = /^[0-9A-Za-z-]*[0-9][0-9A-Za-z-]*$/;
const SEARCH_PAGE = 8;

/** The course search's URL for `text` (none: the filters alone), with the search filters unless
 * `filtered` is false (a list of codes, a course looked up by its code: found whatever they say). */
function searchUrl(text, size, page = 1, filtered = true) {
  const query = new URLSearchParams({ ...(text ? { q: text } : {}), page_size: String(size), ordering: "relevance", ...(page > 1 ? { page: String(page) } : {}) });
  if (filtered) for (const [name, value] of searchFilterParams()) query.append(name, value);
  return `${courseUrl()}?${query}`;
}

// --- Search filters ------------------------------------------------------------------------
// Under the search box, folded: the course search's section-level parameters (catalog/api/filters.py)
// and `credits`. Kept for the tab (session storage), not in the address: they narrow what is
// found, not the request.

const SEARCH_FILTERS_KEY = "classtime.searchFilters";
const TIME_TEXT = /^([01]\d|2[0-3]):[0-5]\d$/;
const WEEK = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
// the levels offered (web/views.py SEARCH_LEVELS): the thousands of a course number, the API's `level`
const LEVELS = ["1000", "2000", "3000", "4000", "5000", "6000", "7000", "8000", "9000"];

function noSearchFilters() {
  return { open: false, days: [], after: "", before: "", credits: "", modes: [], levels: [], fits: false };
}

function loadSearchFilters() {
  try {
    const kept = JSON.parse(sessionStorage.getItem(SEARCH_FILTERS_KEY) || "null") || {};
    const list = (items, allowed) => (Array.isArray(items) ? allowed.filter((x) => items.includes(x)) : []);
    const credits = Number(kept.credits);
    return {
      open: kept.open === true,
      days: list(kept.days, WEEK),
      after: TIME_TEXT.test(kept.after || "") ? kept.after : "",
      before: TIME_TEXT.test(kept.before || "") ? kept.before : "",
      credits: kept.credits !== "" && kept.credits !== undefined && credits >= 0 && credits <= 999 ? String(credits) : "",
      modes: list(kept.modes, MODALITIES),
      levels: list(kept.levels, LEVELS),
      fits: kept.fits === true,
    };
  } catch {
    return noSearchFilters();
  }
}

let searchFilters = noSearchFilters();

/** The filters as the course search's parameters: a delivery mode only if the term has it. */
function searchFilterParams() {
  const f = searchFilters;
  const params = [];
  if (f.open) params.push(["open_seats", "true"]);
  for (const day of f.days) params.push(["days", day]);
  if (f.after) params.push(["starts_after", f.after]);
  if (f.before) params.push(["ends_before", f.before]);
  if (f.credits !== "") params.push(["credits", f.credits]);
  for (const level of f.levels) params.push(["level", level]);
  const has = termModalities().map((m) => m.value);
  if (has.length > 1) for (const mode of f.modes.filter((m) => has.includes(m))) params.push(["modality", mode]);
  return params;
}

/** What the filters on leave, in words (“with a seat left, meeting only on Mo, We”), or "". */
function searchFiltersSaid() {
  const f = searchFilters;
  const has = termModalities().map((m) => m.value);
  const modes = has.length > 1 ? f.modes.filter((m) => has.includes(m)) : [];
  return [
    f.levels.length ? `at level ${f.levels.length < 2 ? f.levels[0] : `${f.levels.slice(0, -1).join(", ")} or ${f.levels.at(-1)}`}` : "",
    f.open ? "with a seat left" : "",
    f.days.length ? `meeting only on ${f.days.join(", ")}` : "",
    f.after ? `starting at ${f.after} or later` : "",
    f.before ? `ending by ${f.before}` : "",
    f.credits !== "" ? `for ${f.credits} credit${f.credits === "1" ? "" : "s"}` : "",
    modes.length ? `taught ${modalityWords(modes)}` : "",
  ].filter(Boolean).join(", ");
}

function renderSearchFilters() {
  const f = searchFilters;
  const form = $("search-filters");
  form.querySelector("#sf-open").checked = f.open;
  for (const box of form.querySelectorAll("input[name=sf-day]")) box.checked = f.days.includes(box.value);
  for (const box of form.querySelectorAll("input[name=sf-level]")) box.checked = f.levels.includes(box.value);
  $("sf-after").value = f.after;
  $("sf-before").value = f.before;
  if ($("sf-credits").getAttribute("aria-invalid") !== "true") $("sf-credits").value = f.credits;
  const known = termModalities();
  $("sf-modes").hidden = known.length < 2;
  // drawn anew only for another term's modes: a box ticked from the keyboard keeps the focus
  const list = $("sf-mode-list");
  const drawn = known.map((m) => `${m.value}:${m.label}`).join(";");
  if (list.dataset.drawn !== drawn) {
    list.dataset.drawn = drawn;
    list.replaceChildren(...known.map((m) => el("label", { class: "day" },
      el("input", { type: "checkbox", name: "sf-mode", value: m.value }), ` ${m.label}`)));
  }
  for (const box of list.querySelectorAll("input")) box.checked = f.modes.includes(box.value);
  $("sf-fits").checked = f.fits;
  const said = [searchFiltersSaid(), f.fits ? "fitting my week" : ""].filter(Boolean).join(", ");
  const on = searchFilterParams().length || f.fits;
  form.querySelector("summary").textContent = on ? `Filters (${said})` : "Filters";
  $("sf-clear").hidden = !on;
}

const CREDITS_INVALID = "Credits must be a number from 0 to 999.";

/** The credits field as the search's parameter: "" when empty, null when it holds no number from 0
 * to 999 (“1000”, “-2”, or text a number field cannot read, “1e”: its value is "" then). */
function creditsTyped() {
  const field = $("sf-credits");
  const text = field.value.trim();
  if (field.validity.badInput) return null;
  if (text === "") return "";
  const credits = Number(text);
  return Number.isFinite(credits) && credits >= 0 && credits <= 999 ? String(credits) : null;
}

/** Marks the credits field invalid (its text kept, the message tied to it) or mended. */
function markCredits(invalid) {
  $("sf-credits-error").textContent = invalid ? CREDITS_INVALID : "";
  markInvalid([$("sf-credits")], "sf-credits-error", invalid);
}

function onSearchFiltersChange() {
  const form = $("search-filters");
  // a value out of range is kept as typed, said to be wrong and not filtered by until mended
  const credits = creditsTyped();
  markCredits(credits === null);
  searchFilters = {
    open: form.querySelector("#sf-open").checked,
    days: [...form.querySelectorAll("input[name=sf-day]:checked")].map((box) => box.value),
    after: $("sf-after").value,
    before: $("sf-before").value,
    credits: credits ?? "",
    modes: MODALITIES.filter((mode) => [...form.querySelectorAll("input[name=sf-mode]:checked")].some((box) => box.value === mode)),
    levels: [...form.querySelectorAll("input[name=sf-level]:checked")].map((box) => box.value),
    fits: $("sf-fits").checked,
  };
  try {
    sessionStorage.setItem(SEARCH_FILTERS_KEY, JSON.stringify(searchFilters));
  } catch {
    // private browsing: the filters hold for this page
  }
  renderSearchFilters();
  runSearch();
}

function setupSearchFilters() {
  searchFilters = loadSearchFilters();
  $("search-filters").addEventListener("change", onSearchFiltersChange);
  $("sf-clear").addEventListener("click", () => {
    searchFilters = noSearchFilters();
    markCredits(false);
    try {
      sessionStorage.removeItem(SEARCH_FILTERS_KEY);
    } catch {
      // see onSearchFiltersChange
    }
    renderSearchFilters();
    runSearch();
    $("course-search").focus();
  });
  renderSearchFilters();
}

// --- Fits my week ---------------------------------------------------------------------------
// With *Fits my week* ticked, the courses found that are not in the plan are sent with the plan
// (the generation request as it stands) to POST /api/v1/course-fits/, 20 at a time; those that
// cannot be added are hidden, counted below the list (“3 more hidden: they do not fit your
// week”, a button showing them, each with the engine's reason), and the check is made again when
// the plan changes.

const FIT_BATCH = 20;
let fitPlan = ""; // the plan the verdicts are of (its request body without k and preferences)
let fitVerdicts = new Map(); // course code → { fits, reason } for fitPlan
let fitAsking = new Set(); // codes asked about and not yet answered, for fitPlan
let fitFailed = ""; // why the last check failed for fitPlan, or ""
let fitShowHidden = false; // the hidden courses shown (reset by a new search)
let fitTimer = null;
let fitRetry = null; // the check again after a 429, once its Retry-After has passed

/** The plan as the check takes it: the generation request, its ranking left out (it changes nothing). */
function fitPlanBody() {
  const { k, preferences, ...plan } = toApiRequest(req);
  return plan;
}

/** The verdict on a found course under the plan now, or undefined (not asked, or not answered yet). */
function fitOf(code) {
  return searchFilters.fits && fitPlan === JSON.stringify(fitPlanBody()) ? fitVerdicts.get(code) : undefined;
}

/** Asks about the found courses not in the plan and not yet known, then draws the list again. */
async function checkFits() {
  if (!searchFilters.fits || !req.term) return;
  const plan = fitPlanBody();
  const key = JSON.stringify(plan);
  if (key !== fitPlan) {
    fitPlan = key;
    fitVerdicts = new Map();
    fitAsking = new Set();
    fitFailed = "";
  }
  if (fitFailed) return;
  const asking = searchHits.map((c) => c.code).filter((code) => !courseTaken(code) && !fitVerdicts.has(code) && !fitAsking.has(code)).slice(0, FIT_BATCH);
  if (!asking.length) return;
  for (const code of asking) fitAsking.add(code);
  const { status, data, message, retryAfter } = await api("POST", "/api/v1/course-fits/", { ...plan, candidates: asking });
  if (key !== fitPlan) return; // the plan changed meanwhile: its own check runs
  for (const code of asking) fitAsking.delete(code);
  if (status === 429) {
    // too many checks (the course_fits rate): not a failure of this plan; asked again once the
    // window the server names has passed (a few seconds when it names none), at most a minute on
    const seconds = Math.ceil(Number(retryAfter));
    const wait = retryAfter !== null && retryAfter !== "" && Number.isFinite(seconds) && seconds >= 0 ? Math.min(60, Math.max(1, seconds)) : 5;
    $("search-status").textContent = `Too many checks of which courses fit your week; checking again in ${wait} s.`;
    clearTimeout(fitRetry);
    fitRetry = setTimeout(checkFits, wait * 1000);
    return;
  }
  if (status !== 200) {
    fitFailed = message;
    $("search-status").textContent = `Could not check which courses fit your week: ${message}`;
    renderFitting();
    return;
  }
  for (const r of data.results) fitVerdicts.set(r.course, { fits: r.fits, reason: r.reason });
  renderFitting();
  checkFits(); // more found than one call takes
}

/** The plan changed (a course, busy time, kept section, filter…): the check again, shortly after. */
function fitsPlanChanged() {
  if (!searchFilters.fits || !searchHits.length) return;
  clearTimeout(fitTimer);
  fitTimer = setTimeout(() => {
    renderFitting();
    checkFits();
  }, 300);
}

/** The found courses drawn again for a verdict, the focus kept on the button it was on (a verdict
 * arrives while the student moves through the list); when that course is now hidden, on the list's
 * note of the hidden ones. */
function renderFitting() {
  const focused = document.activeElement?.closest("#search-results") ? document.activeElement : null;
  const code = focused?.closest("[data-code]")?.dataset.code;
  const label = focused?.getAttribute("aria-label");
  renderSearchResults();
  if (!focused) return;
  const list = $("search-results");
  const again = [...list.querySelectorAll(`[data-code="${CSS.escape(code || "")}"] button`)].find((b) => b.getAttribute("aria-label") === label);
  (again || list.querySelector(".fit-hidden button, .more-results button"))?.focus();
}

/** A found course's line when it does not fit, or whether it does is not known: "" otherwise. */
function fitWords(code) {
  const verdict = fitOf(code);
  if (!verdict || courseTaken(code) || verdict.fits === true) return "";
  if (verdict.fits === false) return `Does not fit your week: ${verdict.reason}.`;
  return "Not known whether it fits your week: the check ran out of time.";
}

function searchCountSaid() {
  const shown = searchHits.length;
  const listed = listedOf(searchShown ?? "");
  if (listed.length) return listedSaid(listed, searchHits);
  const filtered = searchFiltersSaid();
  return `${searchCount} course${searchCount === 1 ? "" : "s"} found${filtered ? ` ${filtered}` : ""}${searchCount > shown ? `, showing ${shown}` : ""}.`;
}

/** The listed codes of the term's courses found, in the list's order, and those not found. */
function listedFound(listed, hits) {
  const found = new Map(hits.map((c) => [c.code.toUpperCase(), c.code]));
  return { found: listed.filter((code) => found.has(code)).map((code) => found.get(code)), missing: listed.filter((code) => !found.has(code)) };
}

/** What the course search refused in a search's words, in the student's terms (the API's message
 * names its parameter: “q: Give at most 8 different words; this has 9.”); "" for another refusal. */
function searchRefusal(data) {
  const said = data?.error?.fields?.q;
  if (!said) return "";
  return said.map((m) => m
    .replace(/^Ensure this value has at most (\d+) characters \(it has (\d+)\)\.$/, "A search holds at most $1 characters; this one has $2.")
    .replace(/^Give at most (\d+) different words; this has (\d+)\.$/, "A search holds at most $1 different words; this one has $2 (a list of course codes may be longer).")).join(" ");
}

/** The courses of the listed codes: one search, or several for a list longer than a search
 * holds; only the courses listed (a part of one code is read as a code's start: CS 11..). Codes
 * of a subject the term lacks are not asked for: none is a course of it, and a part of them
 * alone would be no list to the server but a search of its words, refused past eight. */
async function searchListed(listed) {
  const subjects = new Set(termData()?.subjects || []);
  const asked = listed.filter((code) => subjects.has(code.split(" ")[0]));
  const answers = await Promise.all(listParts(asked).map((part) => api("GET", searchUrl(part, 100, 1, false))));
  const refused = answers.find((answer) => answer.status !== 200);
  if (refused) return refused;
  const wanted = new Set(listed);
  const results = answers.flatMap((answer) => answer.data.results).filter((c) => wanted.has(c.code.toUpperCase()));
  return { status: 200, data: { count: results.length, results }, message: "" };
}

function listedSaid(listed, hits) {
  const { found, missing } = listedFound(listed, hits);
  const typing = stillTyped(listed);
  const lacking = missing.filter((code) => code !== typing);
  const still = typing && missing.includes(typing) ? ` (${typing} still being typed)` : "";
  // a choice (“CS 2120 or CS 2130”): its courses are candidates, not all to take
  const choice = listOffersChoice(searchShown ?? "", termData()?.subjects || []) ? " The list offers a choice: add only the courses you will take." : "";
  return `${found.length} of the ${listed.length} courses listed found${lacking.length ? `; not in ${termName()}: ${lacking.join(", ")}` : ""}${still}.${choice}`;
}

/** The last code of the list shown while it is still being typed (typed, not pasted, the search
 * box focused, nothing after the code: “CS 2100, CS 21”), which is not yet a code the term lacks;
 * else null. Enter, *Add all*, a separator typed or the focus leaving the box make it one. */
function stillTyped(listed) {
  const box = $("course-search");
  const typing = searchTyped && document.activeElement === box && !/[\s,;]$/.test(box.value) && box.value.trim() === searchShown;
  return typing ? listed[listed.length - 1] : null;
}

/** The search box left: a list's last code is no longer being typed, so the status names it if
 * the term lacks it. */
function onSearchLeft() {
  if ($("search-status").textContent.includes(" still being typed).") && $("course-search").value.trim() === searchShown) {
    $("search-status").textContent = searchCountSaid();
  }
}

/** A pasted column of codes (one a line, from a degree audit or a spreadsheet) keeps its lines
 * apart: a search box drops line breaks, which would join “CS 2100” and “CS 2120” into one word.
 * Parted from the text around it too, and undone by Ctrl+Z as any typing. */
function onSearchPaste(event) {
  const text = event.clipboardData?.getData("text/plain");
  if (!text || !/[\r\n]/.test(text)) return; // the browser's own paste
  event.preventDefault();
  const box = event.target;
  const before = box.value.slice(0, box.selectionStart);
  const after = box.value.slice(box.selectionEnd);
  let lines = text.split(/[\r\n]+/).map((line) => line.trim()).filter(Boolean).join("; ");
  if (before && !/[\s,;]$/.test(before)) lines = `; ${lines}`;
  if (after && !/^[\s,;]/.test(after)) lines = `${lines}; `;
  pasting = true; // the input event the insertion sends is no typing
  try {
    if (!document.execCommand("insertText", false, lines)) { // kept on the undo stack where it can be
      box.setRangeText(lines, box.selectionStart, box.selectionEnd, "end");
      onSearchInput();
    }
  } finally {
    pasting = false;
  }
}

let pasting = false;
let searchTyped = false; // the search box's last change was typed (or deleted), not pasted or dropped

function onSearchInput(event) {
  searchTyped = !pasting && !["insertFromPaste", "insertFromDrop"].includes(event?.inputType);
  clearTimeout(searchTimer);
  searchTimer = setTimeout(runSearch, 180);
}

/** Shows the courses matching the search box; `quiet` leaves the status line alone (after a course
 * was added, its “added” must not be replaced by the count before a screen reader says it). */
async function runSearch({ quiet = false } = {}) {
  clearTimeout(searchTimer);
  const text = $("course-search").value.trim();
  const seq = ++searchSeq;
  const list = $("search-results");
  const say = (words) => {
    if (!quiet) $("search-status").textContent = words;
  };
  const filtersOnly = !text && searchFilterParams().length > 0; // the filters alone: the term's courses they leave
  if (text.length < 2 && !filtersOnly) {
    searchHits = [];
    searchCount = 0;
    searchSection = null;
    list.replaceChildren();
    $("add-all").replaceChildren();
    searchShown = text;
    say(text ? "Type one more letter or digit to search." : ""); // one letter would match too much
    return;
  }
  if (searchFilters.after && searchFilters.before && minutes(searchFilters.after) >= minutes(searchFilters.before)) {
    searchHits = [];
    searchCount = 0;
    searchSection = null;
    list.replaceChildren();
    $("add-all").replaceChildren();
    searchShown = null;
    say(`“Starts at or after” ${searchFilters.after} is not before “Ends by” ${searchFilters.before}: no class fits.`);
    return;
  }
  // a slow network: the list still shows the last answer's courses, so say this one is coming
  const slow = setTimeout(() => seq === searchSeq && say(`Searching for “${text}”…`), SEARCH_SLOW_MS);
  // the same number of courses again after one was added from a list that showed more; a list of
  // codes, all of them
  const listed = listedOf(text);
  const size = text === searchShown ? Math.max(SEARCH_PAGE, Math.min(searchHits.length, 100)) : SEARCH_PAGE;
  const [{ status, data, message }, found] = await Promise.all([
    listed.length ? searchListed(listed) : api("GET", searchUrl(text, size)),
    listed.length || filtersOnly ? null : sectionById(text),
  ]);
  clearTimeout(slow);
  if (seq !== searchSeq) return; // a newer search has been typed
  if (status !== 200) {
    searchHits = [];
    searchCount = 0;
    searchSection = null;
    list.replaceChildren();
    $("add-all").replaceChildren();
    searchShown = null;
    say(searchRefusal(data) || message);
    return;
  }
  searchCount = data.count;
  searchHits = data.results;
  if (text !== searchShown) fitShowHidden = false; // a new search: its unfitting courses hidden again
  searchShown = text;
  searchSection = found;
  if (found && !searchHits.some((c) => c.code === found.course)) {
    // a server whose course search does not read registrar ids yet: the section's course, first
    const course = await courseByCode(found.course);
    if (seq !== searchSeq) return;
    if (course) {
      searchHits = [course, ...searchHits];
      searchCount += 1;
    }
  }
  const which = found ? ` Section ${found.id} is ${found.course} ${found.component} ${found.code}.` : "";
  const none = filtersOnly ? `No course ${searchFiltersSaid()}.` : `No course matches “${text}”${searchFiltersSaid() ? ` ${searchFiltersSaid()}` : ""}.`;
  say(searchCount ? `${searchCountSaid()}${which}` : listed.length ? listedSaid(listed, []) : none);
  renderSearchResults();
  checkFits();
}

/** The section of the form's term whose registrar id `text` is (`sections/?id=`), as
 * `searchSection` holds one, or null: no id's shape, no such section, or no answer. The course
 * search finds its course; this says which of its sections it is. */
async function sectionById(text, institution = req.institution, term = req.term) {
  if (!REGISTRAR_ID.test(text)) return null;
  const url = `/api/v1/institutions/${encodeURIComponent(institution)}/terms/${encodeURIComponent(term)}/sections/?${new URLSearchParams({ id: text })}`;
  const { status, data } = await api("GET", url, undefined, 0);
  const s = status === 200 ? (data.results || []).find((x) => x.registrar_id === text) : null;
  if (!s) return null;
  return {
    id: s.registrar_id, course: s.course.code, title: s.course.title, component: s.component, code: s.code,
    when: weeklyWhen(s), instructors: s.instructors, problem: sectionProblem(s), term: `${institution}/${term}`,
  };
}

/** Why a section (as the section endpoint answers it) cannot be in a schedule, in words, or "". */
function sectionProblem(s) {
  if (s.withdrawn_at) return "withdrawn by the registrar";
  if (s.status === "cancelled") return "cancelled by the registrar";
  return s.schedulable ? "" : `cannot be scheduled${s.quarantine_reason ? ` (${s.quarantine_reason})` : ""}`;
}

/** The course of the form's term with this code, as the course search answers it, or null. */
async function courseByCode(code) {
  const { status, data } = await api("GET", searchUrl(code, SEARCH_PAGE, 1, false));
  return status === 200 ? data.results.find((c) => c.code === code) || null : null;
}

/** What a section found by its registrar id is, for its Keep button: “LEC 001, MoWe 09:00–09:50,
 * Ada Byron”. */
function foundWords(found) {
  return [`${found.component} ${found.code}`, found.when, found.instructors.join("; ")].filter(Boolean).join(", ");
}

/** The action on the hit of a section's course found by its registrar id: “Keep section 40003
 * (LEC 003, TuTh 14:00–15:15, Grace Hopper)”, which adds the course when needed and keeps the
 * section; said instead when it is kept already, or cannot be kept. */
function keepFoundButton(found) {
  if (found.problem) return el("span", { class: "hint found-section" }, `Section ${found.id} (${found.component} ${found.code}) cannot be kept: ${found.problem}.`);
  const kept = req.pinned.includes(found.id);
  return el("button", { type: "button", class: "small", "data-keep-found": found.id, disabled: kept, onclick: () => keepFound(found) },
    `${kept ? "Kept: section" : "Keep section"} ${found.id} (${foundWords(found)})`);
}

/** Keeps a section found by its registrar id: every schedule generated uses it. Its course is
 * added as required when the request does not ask for it yet (a kept section must be of a
 * requested course); a kept section of its component is replaced, as with the Keep buttons. */
function keepFound(found, focus = true) {
  if (found.term !== `${req.institution}/${req.term}`) return; // another term chosen meanwhile
  sectionsFor(req.institution, req.term);
  sections[found.id] = { course: found.course, component: found.component, code: found.code };
  titles[found.course] ??= found.title;
  const added = !courseTaken(found.course);
  if (added) req.courses.push(found.course);
  const avoided = req.excluded.includes(found.id);
  const { req: next, replaced } = keepSection(req, found.id, sections);
  req = next;
  afterCourseAdded(found.course, "required", focus);
  const name = sectionName(found.id);
  const instead = replaced.length ? ` instead of ${replaced.map(sectionName).join(", ")} (a schedule takes one section of each component)` : "";
  const course = added ? `${found.course} added to your required courses; ` : "";
  const kept = `${course}kept ${name}${instead}${avoided ? ", no longer avoided" : ""}: the schedules you generate now use it.`;
  $("search-status").textContent = capitalise(kept);
}

function renderSearchResults() {
  const left = searchCount - searchHits.length;
  const more = left > 0 && searchHits.length
    ? [el("li", { class: "more-results" }, el("button", { type: "button", class: "small secondary", onclick: showMoreResults }, `Show ${Math.min(left, SEARCH_PAGE)} more of ${left} left`))]
    : [];
  // a list of codes: its courses not yet taken added in one press, as Enter does (above the list
  // of courses, not one of its items)
  const listed = listedOf(searchShown ?? "");
  const { found, missing } = listedFound(listed, searchHits);
  const adding = found.filter((code) => !courseTaken(code));
  // a list offering a choice (“CS 1110 or MATH 1310”): its courses as one elective group too
  const choice = listOffersChoice(searchShown ?? "", termData()?.subjects || []);
  $("add-all").replaceChildren(...(listed.length && adding.length > 1
    ? [
      el("button", { type: "button", class: "small", "aria-label": `Add all ${adding.length} as required: ${adding.join(", ")}`, onclick: () => addAllRequired(adding, missing) }, `Add all ${adding.length} as required`),
      choice ? el("button", { type: "button", class: "small secondary", "aria-label": `Add all ${adding.length} as one elective group (pick 1): ${adding.join(", ")}`, onclick: () => addAllElective(adding, missing) }, `Add all ${adding.length} as one elective group (pick 1)`) : null,
    ].filter(Boolean)
    : []));
  const hidden = fitShowHidden ? [] : searchHits.filter((c) => fitOf(c.code)?.fits === false && !courseTaken(c.code));
  const shown = searchHits.filter((c) => !hidden.includes(c));
  const fitNote = hidden.length
    ? [el("li", { class: "fit-hidden hint" }, `${hidden.length} more hidden: ${hidden.length === 1 ? "it does" : "they do"} not fit your week. `,
      el("button", { type: "button", class: "small secondary", onclick: () => {
        fitShowHidden = true;
        renderSearchResults();
        $("search-results").querySelector(`[data-code="${CSS.escape(hidden[0].code)}"] button:not([disabled])`)?.focus();
      } }, `Show ${hidden.length === 1 ? "it" : "them"}`))]
    : [];
  const checking = searchFilters.fits && !fitFailed && searchHits.some((c) => !courseTaken(c.code) && !fitOf(c.code));
  $("search-results").setAttribute("aria-busy", String(checking));
  $("search-results").replaceChildren(...shown.map(searchResult), ...fitNote, ...more);
}

/** The courses of a pasted list, as required, in the list's order; the status names them, and
 * `missing`, those of the list the term does not have. */
function addAllRequired(codes, missing = [], focus = true) {
  const adding = codes.filter((code) => !courseTaken(code));
  const notFound = missing.length ? ` Not in ${termName()}: ${missing.join(", ")}.` : "";
  if (!adding.length) {
    const already = codes.length === 1 ? `${codes[0]} is already one of your courses.` : `${inWords(codes)} are already among your courses.`;
    $("search-status").textContent = codes.length ? `${already}${notFound}` : `None of the courses listed is in ${termName()}.`;
    return;
  }
  req.courses.push(...adding);
  afterCourseAdded(inWords(adding), "required", focus);
  $("search-status").textContent += notFound;
}

/** The courses of a pasted list offering a choice, as a new elective group taking one of them,
 * in the list's order; the status names the group, and `missing`, those the term does not have. */
function addAllElective(codes, missing = []) {
  const { req: next, added } = addElectiveGroup(req, codes);
  if (!added.length) {
    addAllRequired(codes, missing); // says they are all among the courses already
    return;
  }
  req = next;
  electiveTarget = null; // the new group, the last, is the one the Elective buttons fill
  afterCourseAdded(inWords(added), `elective group ${req.electives.length}`);
  const notFound = missing.length ? ` Not in ${termName()}: ${missing.join(", ")}.` : "";
  $("search-status").textContent = `${inWords(added)} added to elective group ${req.electives.length}: a schedule takes 1 of them.${notFound}`;
}

/** The next courses of the search shown, below the others; the focus on the first of them (its
 * Required button), where the student was going on reading. */
async function showMoreResults() {
  const text = searchShown;
  const seq = searchSeq;
  const shown = searchHits.length;
  // pages of SEARCH_PAGE: every page shown is whole while courses are left
  const { status, data, message } = await api("GET", searchUrl(text, SEARCH_PAGE, Math.floor(shown / SEARCH_PAGE) + 1));
  if (seq !== searchSeq || text !== searchShown) return; // another search typed meanwhile
  if (status !== 200) {
    $("search-status").textContent = message;
    return;
  }
  const known = new Set(searchHits.map((c) => c.code));
  searchHits = [...searchHits, ...data.results.filter((c) => !known.has(c.code))];
  searchCount = data.count;
  $("search-status").textContent = searchCountSaid();
  renderSearchResults();
  $("search-results").querySelectorAll(".result")[shown]?.querySelector("button:not([disabled])")?.focus();
  checkFits();
}

/** The index of the elective group the search's Elective buttons add to: the one chosen with its
 * “Add a course” button, else the last (a new group is the one being filled). */
function targetGroup() {
  const last = req.electives.length - 1;
  return electiveTarget === null || electiveTarget > last ? last : electiveTarget;
}

/** A component's name in the plural: “laboratories”, “lectures”, and “special studies” as it is
 * (a name ending in s is one already). */
function pluralOf(name) {
  if (name.endsWith("s")) return name;
  return /[^aeiou]y$/.test(name) ? `${name.slice(0, -1)}ies` : `${name}s`;
}

function searchResult(course) {
  titles[course.code] = course.title;
  const taken = courseTaken(course.code);
  // the sections a schedule can take (a cancelled or quarantined one is listed, never offered)
  const count = (c) => c.schedulable_sections ?? c.sections;
  const parts = course.components.map((c) => `${count(c)} ${count(c) === 1 ? c.name.toLowerCase() : pluralOf(c.name.toLowerCase())}`).join(", ");
  // the group it would go to (the first, made for it, when there is none); named when there are several
  const group = Math.max(0, targetGroup()) + 1;
  const required = taken ? "Added" : "Required";
  const elective = req.electives.length > 1 ? `Elective group ${group}` : "Elective";
  // a registrar id typed: its section, to keep, first (Enter keeps it)
  const found = searchSection?.course === course.code ? keepFoundButton(searchSection) : null;
  const fit = fitWords(course.code);
  return el("li", { class: fit ? "result no-fit" : "result", "data-code": course.code },
    el("div", { class: "result-text" }, el("strong", {}, course.code), ` ${course.title}`, el("span", { class: "hint" }, ` · ${parts}`),
      fit ? el("span", { class: "fit-words" }, fit) : null),
    el("div", { class: "result-actions" },
      found,
      // each name starts with the words it shows, then the course (“Required: CS 1110”, WCAG 2.5.3)
      el("button", { type: "button", class: "small", disabled: taken, "aria-label": `${required}: ${course.code}`, onclick: () => addRequired(course.code) }, required),
      el("button", { type: "button", class: "small secondary", disabled: taken, "aria-label": `${elective}: ${course.code}`, onclick: () => addElective(course.code) }, elective),
      detailsToggle(course)),
    detailsPanel(course));
}

// --- A found course's details (its description, credits, sections open, instructors) --------

// a course's details (`courses/{subject}/{number}/`), looked up once a page when first opened, by
// "institution/term code": { answer } once answered with 200, { error } after another answer
const courseDetails = new Map();
const detailsOpen = new Set(); // the same keys: open, so a list drawn again keeps them open

function detailsKey(code) {
  return `${req.institution}/${req.term} ${code}`;
}

/** A found course's *Details* button (“Details: CS 1110”), which shows or hides its panel. */
function detailsToggle(course) {
  const open = detailsOpen.has(detailsKey(course.code));
  return el("button", {
    type: "button", class: "small secondary", "data-details": course.code, "aria-expanded": String(open),
    "aria-controls": detailsPanelId(course.code), "aria-label": `Details: ${course.code}`, onclick: (e) => toggleDetails(course, e.currentTarget),
  }, "Details");
}

function detailsPanelId(code) {
  return `details-${code.replace(/[^0-9A-Za-z]+/g, "-")}`;
}

/** A found course's details panel: hidden until its *Details* is pressed, then what is known. */
function detailsPanel(course) {
  const key = detailsKey(course.code);
  const panel = el("div", { class: "course-details", id: detailsPanelId(course.code), role: "region", "aria-label": `Details of ${course.code}`, hidden: !detailsOpen.has(key) });
  if (detailsOpen.has(key)) fillDetails(panel, course);
  return panel;
}

async function toggleDetails(course, button) {
  const key = detailsKey(course.code);
  const open = !detailsOpen.has(key);
  if (open) detailsOpen.add(key);
  else detailsOpen.delete(key);
  button.setAttribute("aria-expanded", String(open));
  const panel = $(detailsPanelId(course.code));
  panel.hidden = !open;
  if (open) await fillDetails(panel, course);
}

/** Fills a course's details panel: from the page's copy of the course, or looked up (first open,
 * or Try again after an error), saying it is being looked up meanwhile. */
async function fillDetails(panel, course, again = false) {
  const key = detailsKey(course.code);
  const known = courseDetails.get(key);
  if (known?.answer) {
    panel.replaceChildren(...detailsContent(known.answer));
    return;
  }
  if (known?.error && !again) {
    panel.replaceChildren(...detailsError(panel, course, known.error));
    return;
  }
  const said = el("p", { class: "hint", role: "status" }, `Looking up the details of ${course.code}…`);
  panel.replaceChildren(said);
  if (!known?.pending) {
    const [subject, number] = course.code.split(" ");
    const pending = api("GET", `${courseUrl()}${encodeURIComponent(subject)}/${encodeURIComponent(number)}/`).then(({ status, data, message }) => {
      courseDetails.set(key, status === 200 ? { answer: data } : { error: status === 404 ? `${course.code} is no longer in ${termName()}.` : message });
    });
    courseDetails.set(key, { pending });
  }
  await courseDetails.get(key).pending;
  // the list may have been drawn again meanwhile: the panel in the page now, if still open
  const shown = $(detailsPanelId(course.code));
  if (shown && detailsOpen.has(key) && detailsKey(course.code) === key) await fillDetails(shown, course);
}

/** The panel's message when the look-up failed, with *Try again* (“Try again: details of CS 1110”). */
function detailsError(panel, course, error) {
  const retry = el("button", { type: "button", class: "small secondary", "aria-label": `Try again: details of ${course.code}`, onclick: () => {
    // the focus on the course's Details button, which stays, while the panel is looked up again
    panel.closest(".result")?.querySelector("button[data-details]")?.focus();
    fillDetails(panel, course, true);
  } }, "Try again");
  return [el("p", { class: "error", role: "status" }, `Could not look up the details of ${course.code}: ${error} `, retry)];
}

/** What a course's details say: its description, credits as the cards word them, each component
 * with its sections a schedule can take and how many of them have a seat, and its instructors. */
function detailsContent(detail) {
  const usable = (sec) => sec.schedulable && !sec.withdrawn_at;
  const hasSeat = (sec) => sec.status === "open" && (sec.capacity == null || sec.enrolled == null || sec.enrolled < sec.capacity);
  const components = detail.components.map((c) => {
    const sections = c.sections.filter(usable);
    const open = sections.filter(hasSeat).length;
    const name = sections.length === 1 ? c.name.toLowerCase() : pluralOf(c.name.toLowerCase());
    const said = `${sections.length} ${name}, ${open === sections.length && open > 1 ? "all" : open || "none"}`;
    // a catalog with no seat counts (Georgia Tech's) lists every section open: said as listed, not as seats left
    const counted = sections.some((sec) => sec.capacity != null && sec.enrolled != null);
    return el("li", {}, counted || !open ? `${said} open` : `${said} listed open (no seat counts in the catalog)`);
  });
  const names = [...new Set(detail.components.flatMap((c) => c.sections.filter(usable).flatMap((sec) => sec.instructors)).filter(Boolean))];
  const low = detail.credits_min ?? detail.credits_max;
  const high = detail.credits_max ?? detail.credits_min;
  const credits = low == null ? "Not given in the catalog" : capitalise(creditsWords({ min: low, max: high, unknown: [] }));
  return [
    el("p", { class: detail.description ? "description" : "description hint" }, detail.description || "No description in the catalog."),
    el("dl", {},
      el("dt", {}, "Credits"), el("dd", {}, credits),
      // in the catalog's words: a letter is the lowest grade that counts, "transfer" transfer credit (docs/web.md)
      el("dt", {}, "Prerequisites"), el("dd", {}, detail.prerequisites || "None listed in the catalog"),
      el("dt", {}, "Sections"), el("dd", {}, components.length ? el("ul", {}, components) : "None listed"),
      el("dt", {}, "Instructors"), el("dd", {}, names.length ? names.join("; ") : "None named in the catalog")),
  ];
}

/** The buttons of the found courses, *Add all* first when a list of codes shows one. */
function searchButtons() {
  return [...$("add-all").querySelectorAll("button"), ...$("search-results").querySelectorAll("button:not([disabled])")];
}

function onSearchKeys(event) {
  const buttons = searchButtons();
  if (event.key === "ArrowDown" && buttons.length) {
    event.preventDefault();
    buttons[0].focus();
  } else if (event.key === "Enter") {
    event.preventDefault();
    const text = $("course-search").value.trim();
    if (text === searchShown) {
      addFirstMatch();
    } else if (text.length < 2) {
      runSearch(); // says to type more
    } else {
      // typed faster than the search: the first match of what is typed, not of the list still shown
      addFirstMatchOf(text);
    }
  }
}

/** Enter pressed before the search of `text` answered: its first match is added when its own
 * answer comes, whatever was typed since (on a slow network, the next course: a search answered
 * after it was typed must not drop the course entered before), or the status says why not. */
async function addFirstMatchOf(text) {
  const term = `${req.institution}/${req.term}`;
  const key = `${term} ${text.toLowerCase()}`;
  if (entering.has(key)) return; // Enter again before the answer: it adds once, and says so once
  entering.add(key);
  const listed = listedOf(text);
  let answer;
  let found; // a registrar id typed: its section, kept
  try {
    [answer, found] = await Promise.all([listed.length ? searchListed(listed) : api("GET", searchUrl(text, 1)), listed.length ? null : sectionById(text)]);
  } finally {
    entering.delete(key);
  }
  const { status, data, message } = answer;
  if (listed.length && status === 200) { // a pasted list: all its courses
    if (`${req.institution}/${req.term}` !== term) {
      $("search-status").textContent = `${inWords(listed)} ${listed.length === 1 ? "was" : "were"} not added: the term changed before their search answered.`;
      return;
    }
    for (const course of data.results) titles[course.code] = course.title;
    const { found, missing } = listedFound(listed, data.results);
    addAllRequired(found, missing, stillSearching());
    return;
  }
  const course = status === 200 ? data.results[0] : null;
  if (found && !found.problem && (!course || course.code === found.course)) {
    if (`${req.institution}/${req.term}` !== term) {
      $("search-status").textContent = `Section ${found.id} was not kept: the term changed before its search answered.`;
    } else if (req.pinned.includes(found.id)) {
      $("search-status").textContent = `Section ${found.id} is already kept.`;
    } else {
      keepFound(found, stillSearching());
    }
    return;
  }
  if (!course) {
    $("search-status").textContent = status === 200 ? `No course matches “${text}”.` : searchRefusal(data) || message;
    return;
  }
  if (`${req.institution}/${req.term}` !== term) { // another term chosen meanwhile: not its course
    $("search-status").textContent = `${course.code} was not added: the term changed before its search answered.`;
    return;
  }
  titles[course.code] = course.title;
  // the focus back to the search box only from where the student still was (not from a field
  // tabbed on to while the answer came)
  const searching = stillSearching();
  if (courseTaken(course.code)) $("search-status").textContent = `${course.code} is already one of your courses.`;
  else addRequired(course.code, searching);
}

const entering = new Set(); // "term text" of each Enter whose own search has not answered yet

/** Whether the focus is still where the student searched (the search box, its results or *Add
 * all*), not on a field tabbed on to while a search answered. */
function stillSearching() {
  const at = document.activeElement;
  return !at || at === document.body || Boolean(at.closest("#course-search, #search-results, #add-all"));
}

function courseTaken(code) {
  return req.courses.includes(code) || req.electives.some((g) => g.courses.includes(code));
}

/** The arrows move through the found courses' buttons (↑ from the first back to the search box),
 * Escape goes back to the search box: the keyboard need not Tab through every result. */
function onResultsKeys(event) {
  if (!event.target.matches("button") || !["ArrowDown", "ArrowUp", "Escape"].includes(event.key)) return;
  event.preventDefault();
  const buttons = searchButtons();
  const at = buttons.indexOf(event.target);
  if (event.key === "Escape" || (event.key === "ArrowUp" && at <= 0)) $("course-search").focus();
  else if (event.key === "ArrowUp") buttons[at - 1].focus();
  else buttons[Math.min(at + 1, buttons.length - 1)].focus();
}

/** Enter in the search: the first match as required; when it is already one of the courses, says
 * so (adding the next match instead would add a course the student did not type). */
function addFirstMatch() {
  const listed = listedOf(searchShown ?? "");
  if (listed.length) { // a pasted list: all its courses
    const { found, missing } = listedFound(listed, searchHits);
    addAllRequired(found, missing);
    return;
  }
  const first = $("search-results").querySelector(".result");
  if (!first) return;
  // a registrar id typed: Enter keeps its section (and adds its course), unless kept already
  const keep = first.querySelector("button[data-keep-found]");
  if (keep && !keep.disabled) {
    keep.click();
    return;
  }
  const required = first.querySelector("button:not([data-keep-found])");
  if (!required.disabled) required.click();
  else $("search-status").textContent = `${first.dataset.code} is already one of your courses.`;
}

function addRequired(code, focus = true) {
  if (!req.courses.includes(code)) req.courses.push(code);
  afterCourseAdded(code, "required", focus);
}

function addElective(code) {
  if (!req.electives.length) req.electives.push({ pick: 1, courses: [] });
  const at = targetGroup();
  const group = req.electives[at];
  if (!group.courses.includes(code)) group.courses.push(code);
  afterCourseAdded(code, `elective group ${at + 1}`);
}

/** A group's “Add a course” button: the search's Elective buttons add to that group from now on. */
function chooseGroup(at) {
  electiveTarget = at;
  renderCourses();
  renderSearchResults();
  $("search-status").textContent = `Find a course, then press its Elective button to add it to elective group ${at + 1}.`;
  $("course-search").focus();
}

function afterCourseAdded(code, where, focus = true) {
  $("search-status").textContent = `${code} added to ${where}.`;
  // “Add at least one course” is answered: the search is no longer in error
  markInvalid([$("course-search")], "form-error", false);
  if ($("form-error").textContent === NO_COURSE) $("form-error").textContent = "";
  changed();
  runSearch({ quiet: true }); // the buttons of added courses now say so
  if (focus) $("course-search").focus();
}

function courseLabel(code) {
  return titles[code] ? `${code} ${titles[code]}` : code;
}

/** After a chip's remove button re-rendered its list, the focus goes to the remove button of the
 * chip now in its place (the one before for the last), else to `fallback`: a keyboard user goes on
 * from where they were instead of from the top of the page. */
function focusAfterRemoval(list, at, fallback) {
  const buttons = [...list.querySelectorAll(".chip button.remove")];
  (buttons[Math.min(at, buttons.length - 1)] || fallback).focus();
}

function renderCourses() {
  $("required").replaceChildren(...req.courses.map((code, at) => el("li", { class: "chip", "data-code": code },
    el("span", {}, courseLabel(code)),
    el("button", { type: "button", class: "remove", "aria-label": `Remove ${code}`, onclick: () => {
      req.courses = req.courses.filter((c) => c !== code);
      courseRemoved();
      focusAfterRemoval($("required"), at, $("course-search"));
    } }, "×"))));
  $("required-empty").hidden = req.courses.length > 0;
  const target = targetGroup();
  const several = req.electives.length > 1;
  $("electives").replaceChildren(...req.electives.map((group, i) => {
    // named after its group (“Elective group 2 Take any of these 3”): each group has one, and a
    // screen reader's list of fields would otherwise read “Take any” twice
    const pick = el("input", { type: "number", min: "1", max: String(Math.max(1, group.courses.length)), value: String(group.pick), class: "narrow", id: `pick-${i}`, "aria-labelledby": `group-title-${i} pick-label-${i} pick-of-${i}`, onchange: (event) => {
      group.pick = Math.max(1, Math.min(Number(event.target.value) || 1, Math.max(1, group.courses.length)));
      changed();
    } });
    return el("fieldset", { class: `group${several && i === target ? " target" : ""}`, "data-group": String(i) },
      el("legend", { id: `group-title-${i}` }, `Elective group ${i + 1}`),
      el("div", { class: "row" }, el("label", { for: `pick-${i}`, id: `pick-label-${i}` }, "Take any"), pick, el("span", { id: `pick-of-${i}` }, `of these ${group.courses.length}`)),
      el("ul", { class: "chips", "aria-label": `Courses of elective group ${i + 1}` }, group.courses.map((code, at) => el("li", { class: "chip", "data-code": code },
        el("span", {}, courseLabel(code)),
        el("button", { type: "button", class: "remove", "aria-label": `Remove ${code} from elective group ${i + 1}`, onclick: () => {
          group.courses = group.courses.filter((c) => c !== code);
          group.pick = Math.min(group.pick, Math.max(1, group.courses.length));
          courseRemoved();
          focusAfterRemoval(document.querySelector(`[data-group='${i}'] ul.chips`), at, $(`pick-${i}`));
        } }, "×")))),
      group.courses.length ? null : el("p", { class: "hint" }, "Empty: press “Add a course”, then a found course's “Elective” button."),
      several && i === target ? el("p", { class: "hint" }, "The search's Elective buttons add to this group.") : null,
      el("button", { type: "button", class: "small secondary add-to-group", "aria-label": `Add a course to elective group ${i + 1}`, onclick: () => chooseGroup(i) }, "Add a course"),
      " ",
      el("button", { type: "button", class: "small secondary remove-group", onclick: () => {
        req.electives.splice(i, 1);
        if (electiveTarget !== null && electiveTarget >= i) electiveTarget = electiveTarget === i ? null : electiveTarget - 1;
        courseRemoved();
        // the group now in its place (the one before for the last), else the button that makes one
        const buttons = [...$("electives").querySelectorAll("button.remove-group")];
        (buttons[Math.min(i, buttons.length - 1)] || $("new-group")).focus();
      } }, `Remove group ${i + 1}`));
  }));
  renderOverlaps();
}

// --- Courses that may overlap (the API's allowed_overlaps) ---------------------------------

/** The pairs of courses allowed to overlap, and the two choices that add one (shown once the
 * request has two courses). */
function renderOverlaps() {
  const codes = requestCourses(req);
  $("overlaps").replaceChildren(...req.overlaps.map(([a, b], at) => el("li", { class: "chip", "data-overlap": `${a},${b}` },
    el("span", {}, `${a} and ${b} may overlap`),
    el("button", { type: "button", class: "remove", "aria-label": `Do not let ${a} and ${b} overlap`, onclick: () => {
      req.overlaps = req.overlaps.filter((pair) => pair[0] !== a || pair[1] !== b);
      changed();
      $("status").textContent = `${a} and ${b} may no longer overlap.`;
      focusAfterRemoval($("overlaps"), at, $("overlap-a"));
    } }, "×"))));
  $("overlaps-empty").hidden = req.overlaps.length > 0;
  $("overlap-form").hidden = codes.length < 2;
  for (const id of ["overlap-a", "overlap-b"]) {
    const select = $(id);
    const was = select.value;
    select.replaceChildren(...codes.map((code) => el("option", { value: code }, courseLabel(code))));
    if (codes.includes(was)) select.value = was;
  }
  if (codes.length >= 2 && $("overlap-a").value === $("overlap-b").value) $("overlap-b").value = codes.find((c) => c !== $("overlap-a").value);
}

function onAllowOverlap() {
  const [a, b] = [$("overlap-a").value, $("overlap-b").value];
  const error = $("overlap-error");
  if (a === b) {
    error.textContent = `Choose two different courses: ${a} cannot overlap itself.`;
    $("overlap-b").setAttribute("aria-invalid", "true");
    $("overlap-b").focus();
    return;
  }
  error.textContent = "";
  $("overlap-b").removeAttribute("aria-invalid");
  const before = req.overlaps.length;
  req = allowOverlap(req, a, b);
  changed();
  $("status").textContent = req.overlaps.length > before
    ? `${[a, b].sort().join(" and ")} may overlap: a schedule using it says where.`
    : `${[a, b].sort().join(" and ")} may already overlap.`;
}

/** After a course left the request: its kept and avoided sections leave with it (the status says which). */
function courseRemoved() {
  const before = [
    ...req.pinned.map((id) => `kept ${sectionName(id)}`), ...req.excluded.map((id) => `avoided ${sectionName(id)}`),
    ...req.overlaps.map(([a, b]) => `${a} and ${b} may overlap`),
  ];
  req = overlapsOfCourses(sectionsOfCourses(req, sections));
  const after = new Set([
    ...req.pinned.map((id) => `kept ${sectionName(id)}`), ...req.excluded.map((id) => `avoided ${sectionName(id)}`),
    ...req.overlaps.map(([a, b]) => `${a} and ${b} may overlap`),
  ]);
  const gone = before.filter((name) => !after.has(name));
  changed();
  if (gone.length) $("status").textContent = `Removed with the course: ${gone.join(", ")}.`;
}

// --- Kept and avoided sections -------------------------------------------------------------

function sectionName(id) {
  const s = sections[id];
  return s?.course ? `${s.course} ${s.component} ${s.code} (${id})` : `section ${id}`;
}

/** What the page knows of sections starts afresh for another term: registrar ids repeat from term
 * to term, so a label (or a lookup still pending) of one term must not name a section of another. */
function sectionsFor(institution, term) {
  const key = `${institution}/${term}`;
  if (key === sectionsTerm) return;
  sectionsTerm = key;
  sections = {};
  lookups = new Map();
}

/** Learns the labels of a job's sections: those of its schedules and of its viability. */
function learnSections(state) {
  for (const r of state.results || []) {
    for (const s of [...r.sections, ...r.tba]) sections[s.id] ??= { course: s.course, component: s.component, code: s.code };
  }
  for (const c of state.viability || []) {
    for (const s of c.sections) sections[s.id] ??= { course: c.course, component: c.component, code: s.code };
  }
}

/** Looks up the sections kept or avoided whose labels the page does not know (a request from a
 * URL alone), LOOKUP_BATCH to a request: a link can name hundreds of avoided sections, and one
 * request each would run into the rate limit. Each look-up is kept in `lookups` as
 * `{ state, done }`, `done` a promise that settles once its request has answered. */
function lookUpSections() {
  sectionsFor(req.institution, req.term);
  const missing = [...new Set([...req.pinned, ...req.excluded])].filter((id) => !sections[id] && !lookups.has(id));
  // at most LOOKUP_BATCH ids, and a query short enough for any server's request line
  let batch = [];
  let length = 0;
  for (const id of missing) {
    const more = encodeURIComponent(id).length + 4; // "id=" and "&"
    if (batch.length && (batch.length === LOOKUP_BATCH || length + more > LOOKUP_QUERY_CHARS)) {
      lookUpBatch(batch);
      batch = [];
      length = 0;
    }
    batch.push(id);
    length += more;
  }
  if (batch.length) lookUpBatch(batch);
}

/** Looks up these sections' labels in one request (`tries` times at most, with back-off while it
 * fails other than with 404); an id the answer does not hold is no section of this term. The
 * promise settles once it has answered or given up. */
function lookUpBatch(ids, tries = LOOKUP_TRIES) {
  const asked = lookups;
  const query = ids.map((id) => `id=${encodeURIComponent(id)}`).join("&");
  const url = `/api/v1/institutions/${encodeURIComponent(req.institution)}/terms/${encodeURIComponent(req.term)}/sections/?${query}`;
  const entries = ids.map(() => ({ state: "pending" }));
  const done = (async () => {
    let answer;
    for (let attempt = 1; ; attempt += 1) {
      answer = await api("GET", url, undefined, 0);
      if (asked !== lookups) return; // another term meanwhile
      // a refusal (4xx but 404 or 429) would only be refused again
      const final = answer.status >= 400 && answer.status < 500 && answer.status !== 429;
      if (answer.status === 200 || answer.status === 404 || final || attempt >= tries) break;
      await new Promise((resolve) => setTimeout(resolve, LOOKUP_BACKOFF_MS * 2 ** (attempt - 1)));
      if (asked !== lookups) return;
    }
    const { status, data } = answer;
    const answered = status === 200 || status === 404; // 404: no such term, so no such section
    const found = new Map(status === 200 ? data.results.map((s) => [s.registrar_id, s]) : []);
    const why = status ? `the server answered ${status}` : "the server did not answer";
    ids.forEach((id, k) => {
      const entry = entries[k];
      entry.state = answered ? "done" : "failed";
      const s = found.get(id);
      if (s) {
        const problem = sectionProblem(s);
        sections[id] ??= { course: s.course.code, component: s.component, code: s.code, ...(problem ? { problem } : {}) };
      } else if (answered) {
        sections[id] ??= { unknown: true };
      } else {
        entry.why = why;
      }
    });
    renderKept();
    persist(); // with their labels, so a reload need not look them up again
    const named = new Set([...req.pinned, ...req.excluded]);
    const failed = answered ? [] : ids.filter((id) => named.has(id));
    if (failed.length === 1) {
      const [id] = failed;
      $("status").textContent = `Could not look up section ${id} (${why}): it is still ${req.pinned.includes(id) ? "kept" : "avoided"}; “Try again” beside it looks it up again.`;
    } else if (failed.length) {
      $("status").textContent = `Could not look up sections ${listed(failed)} (${why}): they are still kept or avoided; “Try again” beside each looks it up again.`;
    }
    keepOnePerComponent();
  })();
  ids.forEach((id, k) => {
    entries[k].done = done;
    lookups.set(id, entries[k]);
  });
  return done;
}

/** The first ids, then how many more; instructors' names apart with “; ” (`between`), since a
 * catalog may write them “Last, First”. */
function listed(ids, most = 5, between = ", ") {
  return ids.slice(0, most).join(between) + (ids.length > most ? ` and ${ids.length - most} more` : "");
}

/** Settles once no kept section's label is being looked up any more: until then the page cannot
 * tell whether two kept sections share a component. With one kept section there is nothing to tell. */
async function keptLabelsSettled() {
  for (let pending = pendingKept(); pending.length; pending = pendingKept()) await Promise.all(pending.map((l) => l.done));
}

/** The look-ups still pending of kept sections' labels, when more than one section is kept. */
function pendingKept() {
  lookUpSections();
  return req.pinned.length > 1 ? req.pinned.map((id) => lookups.get(id)).filter((l) => l?.state === "pending") : [];
}

/** Of kept sections that the labels now say share a component (a link can hold both, and the
 * engine would find nothing fits), the last stays, as with the Keep buttons; the status says so. */
function keepOnePerComponent() {
  const { req: next, replaced } = oneKeptPerComponent(req, sections);
  if (!replaced.length) return;
  req = next;
  changed();
  const several = replaced.some((r) => r.instead.length > 1) ? "several" : "two";
  const which = replaced.map((r) => `Kept ${sectionName(r.kept)} instead of ${r.instead.map(sectionName).join(", ")}`).join("; ");
  replacedNote = `${which}: the link kept ${several} sections of one component, and a schedule takes one section of each.`;
  $("status").textContent = replacedNote;
}

function renderKept() {
  const entry = (id, kept) => {
    const s = sections[id];
    const name = sectionName(id);
    const lookup = s ? null : lookups.get(id);
    const failed = lookup?.state === "failed";
    const note = s?.unknown ? ": no such section in this term" : s?.problem ? `: ${s.problem}` : lookup?.state === "pending" ? " (looking it up…)" : failed ? `: could not look it up (${lookup.why})` : "";
    return el("li", { class: "chip", "data-section": id, "data-kind": kept ? "kept" : "avoided" },
      el("span", {}, el("strong", {}, kept ? "Keep" : "Avoid"), ` ${name}${note}`),
      failed ? el("button", { type: "button", class: "small secondary retry", "aria-label": `Try again: look up section ${id}`, onclick: () => {
        lookUpBatch([id]);
        renderKept();
      } }, "Try again") : null,
      el("button", { type: "button", class: "remove", "aria-label": `Remove ${kept ? "kept" : "avoided"} ${name}`, onclick: () => {
        req = forgetSection(req, id);
        changed();
        $("status").textContent = `${capitalise(name)} is no longer ${kept ? "kept" : "avoided"}.`;
      } }, "×"));
  };
  lookUpSections();
  // a remove button with the focus (a removal by keyboard, or a label arriving) hands it to the same
  // entry, else the one now in its place (the one before for the last), else the list's heading
  const focused = document.activeElement?.closest("#kept .chip");
  const retrying = Boolean(focused) && document.activeElement.classList.contains("retry");
  const at = focused ? [...$("kept").children].indexOf(focused) : -1;
  $("kept").replaceChildren(...req.pinned.map((id) => entry(id, true)), ...req.excluded.map((id) => entry(id, false)));
  $("kept-empty").hidden = req.pinned.length + req.excluded.length > 0;
  if (focused) {
    const chips = [...$("kept").children];
    const chip = chips.find((c) => c.dataset.section === focused.dataset.section && c.dataset.kind === focused.dataset.kind) || chips[Math.min(at, chips.length - 1)];
    // the same button of the entry (Try again, once it is gone the remove button)
    const button = chip && (chip.querySelector(`button.${retrying ? "retry" : "remove"}`) || chip.querySelector("button.remove"));
    (button || $("kept-title")).focus();
  }
}

/** Whether the section shown (in schedules made before) is of a course the form no longer asks for,
 * said in the status: keeping it would be refused by the API, avoiding it would mean nothing. */
function notAsked(section) {
  if (req.courses.includes(section.course) || req.electives.some((g) => g.courses.includes(section.course))) return false;
  $("status").textContent = `${section.course} is no longer one of your courses: add it again to keep or avoid its sections.`;
  return true;
}

/** Keep (every schedule uses it) or stop keeping a section shown in a schedule or in "Which sections can fit". */
function onKeep(section) {
  const { id } = section;
  sections[id] ??= { course: section.course, component: section.component, code: section.code };
  const name = sectionName(id);
  if (req.pinned.includes(id)) {
    req = forgetSection(req, id);
    changed();
    $("status").textContent = `${capitalise(name)} is no longer kept.`;
    return;
  }
  if (notAsked(section)) return;
  const avoided = req.excluded.includes(id);
  const { req: next, replaced } = keepSection(req, id, sections);
  req = next;
  changed();
  const instead = replaced.length ? ` instead of ${replaced.map(sectionName).join(", ")} (a schedule takes one section of each component)` : "";
  $("status").textContent = `Kept ${name}${instead}${avoided ? ", no longer avoided" : ""}: the schedules you generate now use it.`;
}

/** Avoid (no schedule uses it) or stop avoiding a section shown in a schedule. */
function onAvoid(section) {
  const { id } = section;
  sections[id] ??= { course: section.course, component: section.component, code: section.code };
  const name = sectionName(id);
  if (req.excluded.includes(id)) {
    req = forgetSection(req, id);
    changed();
    $("status").textContent = `${capitalise(name)} is no longer avoided.`;
    return;
  }
  if (notAsked(section)) return;
  const kept = req.pinned.includes(id);
  req = avoidSection(req, id);
  changed();
  $("status").textContent = `Avoided ${name}${kept ? ", no longer kept" : ""}: the schedules you generate do not use it.`;
}

/** A toggle that keeps `section` (`{ id, course, component, code }`); its name says which, its text
 * may be shorter: “Keep”, or the parts of *Which sections can fit*'s (the section's code, then
 * when it meets and who teaches it: “002 (closed)”, “MoWeFr 11:00–11:50”, “Ada Byron”), a line
 * each, its name then “Keep CS 1110 LEC ” and the parts (WCAG 2.5.3). */
function keepButton(section, text = "Keep", focus = null) {
  const parts = Array.isArray(text) ? text : null;
  const name = parts ? `Keep ${section.course} ${section.component} ${parts.join(" · ")}` : `Keep ${section.course} ${section.component} ${section.code}`;
  // the parts apart with “ · ” in the text too (hidden: each is a line of its own)
  const content = parts ? parts.flatMap((part, i) => [i ? el("span", { class: "sep" }, " · ") : null, el("span", { class: "part" }, part)]) : text;
  return el("button", {
    type: "button", class: `small secondary toggle${parts ? " fit-keep" : ""}`, "data-keep": section.id, "aria-pressed": String(req.pinned.includes(section.id)),
    "aria-label": name, "data-focus": focus, onclick: () => onKeep(section),
  }, content);
}

/** The Keep and Avoid buttons of a card's section (`{ id, course, component, code }`); their
 * `data-focus` names them by course and component, which the next card shown has too. */
function sectionButtons(section) {
  const place = `${section.course} ${section.component}`;
  return el("span", { class: "pin-actions" }, keepButton(section, "Keep", `keep ${place}`),
    el("button", {
      type: "button", class: "small secondary toggle", "data-avoid": section.id, "aria-pressed": String(req.excluded.includes(section.id)),
      "aria-label": `Avoid ${section.course} ${section.component} ${section.code}`, "data-focus": `avoid ${place}`, onclick: () => onAvoid(section),
    }, "Avoid"));
}

/** The buttons already shown say whether their section is kept or avoided now (in place, so focus stays). */
function refreshSectionButtons() {
  for (const b of document.querySelectorAll("[data-keep]")) b.setAttribute("aria-pressed", String(req.pinned.includes(b.dataset.keep)));
  for (const b of document.querySelectorAll("[data-avoid]")) b.setAttribute("aria-pressed", String(req.excluded.includes(b.dataset.avoid)));
}

// --- Busy times ----------------------------------------------------------------------------

let paintGrid = () => {};

function addBusy(block) {
  const b = block;
  const when = `${b.days.join(", ")} ${b.start}–${b.end}${b.buffer_after ? ` with ${b.buffer_after} minutes' rest after` : ""}`;
  // the same busy time twice would be drawn twice and listed twice, and ask nothing more
  const same = (o) => o.days.join() === b.days.join() && o.start === b.start && o.end === b.end && (o.buffer_after || 0) === (b.buffer_after || 0) && (o.label || "") === (b.label || "");
  const at = req.busy.findIndex(same);
  if (at >= 0) {
    $("status").textContent = `Busy ${when} is already busy time ${at + 1}.`;
    return;
  }
  req.busy.push(block);
  changed();
  $("status").textContent = `Busy ${when} added.`;
}

/** Marks `fields` invalid, described by the error `errorId` says (WCAG 3.3.1), or, `invalid` false, no longer. */
function markInvalid(fields, errorId, invalid = true) {
  for (const field of fields) {
    const described = (field.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && id !== errorId);
    if (invalid) described.push(errorId);
    if (described.length) field.setAttribute("aria-describedby", described.join(" "));
    else field.removeAttribute("aria-describedby");
    if (invalid) field.setAttribute("aria-invalid", "true");
    else field.removeAttribute("aria-invalid");
  }
}

const busyDayBoxes = () => [...document.querySelectorAll("input[name=busy-day]")];

function addBusyFromForm() {
  const days = busyDayBoxes().filter((box) => box.checked).map((box) => box.value);
  const start = $("busy-start").value;
  const end = $("busy-end").value;
  const error = $("busy-form-error");
  markInvalid([$("busy-days"), ...busyDayBoxes(), $("busy-start"), $("busy-end")], "busy-form-error", false);
  let wrong = [];
  if (!days.length) {
    error.textContent = "Choose at least one day.";
    wrong = [$("busy-days"), ...busyDayBoxes()];
  } else if (!start || !end) {
    error.textContent = "Give a start and an end time.";
    wrong = [$("busy-start"), $("busy-end")].filter((field) => !field.value);
  } else if (minutes(start) >= minutes(end)) {
    error.textContent = "The end must be after the start.";
    wrong = [$("busy-end")];
  } else {
    error.textContent = "";
    addBusy({ days, start, end, buffer_after: Number($("busy-buffer").value), label: $("busy-label").value.trim() });
  }
  markInvalid(wrong, "busy-form-error");
}

/** A field in error changed: it is no longer marked so (its error stays until the next try). */
function onBusyFormChange(event) {
  if (event.target.name === "busy-day") markInvalid([$("busy-days"), ...busyDayBoxes()], "busy-form-error", false);
  else if (["busy-start", "busy-end"].includes(event.target.id)) markInvalid([event.target], "busy-form-error", false);
}

function renderBusy() {
  paintGrid(req.busy);
  const words = (b) => `${b.label ? `${b.label}: ` : ""}${b.days.join(" ")} ${b.start}–${b.end}${b.buffer_after ? ` + ${b.buffer_after} min rest` : ""}`;
  $("busy-list").replaceChildren(...req.busy.map((b, i) => el("li", { class: "chip" },
    el("span", {}, words(b)),
    // named after its busy time, as a kept section's: a list of buttons read out says which
    el("button", { type: "button", class: "remove", "aria-label": `Remove busy time ${i + 1}, ${words(b)}`, onclick: () => {
      req.busy.splice(i, 1);
      changed();
      focusAfterRemoval($("busy-list"), i, $("step-busy"));
    } }, "×"))));
}

// --- Preferences ---------------------------------------------------------------------------

function setupPreferences() {
  for (const li of document.querySelectorAll("[data-pref]")) {
    const name = li.dataset.pref;
    const select = el("select", { name: "level", "aria-label": `Importance of ${PREF_NAMES[name]}`, class: "level" },
      el("option", { value: "nice" }, "nice to have"), el("option", { value: "important" }, "important"));
    li.append(select);
    li.addEventListener("change", (event) => {
      let note = readPreference(li);
      if (event.target.name === "level" && INSTRUCTOR_PREFS.includes(name)) note = instructorLevels(name);
      if (event.target.name === "never") note = neverNote();
      changed(); // the fields show what is used
      // the form is novalidate: a value changed or left unused is said, as for How many schedules
      if (note) $("status").textContent = note;
      if ("hours" in req.prefs[name]) adjustedNotes.hours = note.startsWith("Hours in a row") ? note : ""; // “Keep free”'s is said again anyway
    });
  }
  $("open-only").addEventListener("change", (event) => {
    req.openOnly = event.target.checked;
    changed();
  });
  $("k").addEventListener("change", (event) => {
    const typed = Number(event.target.value);
    req.k = event.target.value === "" || Number.isNaN(typed) ? 10 : Math.max(1, Math.min(20, Math.round(typed)));
    changed(); // the field shows the number used
    // the form is novalidate: a number out of range is changed, and the student told so
    adjustedNotes.k = event.target.value !== "" && req.k !== typed ? `How many schedules is a whole number from 1 to 20: set to ${req.k}.` : "";
    if (adjustedNotes.k) $("status").textContent = adjustedNotes.k;
  });
}

/** Reads a preference's fields into the request; returns what the status line should say when a
 * value typed was changed to the nearest allowed one, or the preference will not be sent. */
function readPreference(li) {
  const pref = req.prefs[li.dataset.pref];
  const field = (name) => li.querySelector(`[name=${name}]`);
  let note = "";
  pref.on = field("on").checked;
  pref.level = field("level").value;
  if ("time" in pref && field("time").value) pref.time = field("time").value;
  if ("start" in pref && field("start").value) pref.start = field("start").value;
  if ("end" in pref && field("end").value) pref.end = field("end").value;
  if ("hours" in pref) {
    const typed = field("hours").value;
    const hours = Number(typed);
    // the nearest allowed value (0 is 1, not the default 3); an emptied field is the default
    pref.hours = typed === "" || Number.isNaN(hours) ? 3 : Math.max(1, Math.min(8, hours));
    if (typed !== "" && pref.hours !== hours) note = `Hours in a row is a number from 1 to 8: set to ${pref.hours}.`;
  }
  if ("names" in pref) pref.names = field("names").value;
  if ("never" in pref) pref.never = field("never").checked;
  if (li.dataset.pref === "free") {
    pref.days = [...li.querySelectorAll("[name=days]:checked")].map((i) => i.value);
    note = freeDaysNote();
  }
  if (li.dataset.pref === "friends") {
    pref.schedules = [...li.querySelectorAll("[name=friend]:checked")].map((i) => Number(i.value));
    note = friendsUnusedNote();
  }
  return note;
}

/** “Classes with” and “Avoid instructors” are one preference in the API, with one weight: the
 * importance chosen for one is the other's too (else the form would show a level not sent), and
 * the status line says so when both are ticked. */
function instructorLevels(name) {
  const { level } = req.prefs[name];
  for (const other of INSTRUCTOR_PREFS) req.prefs[other].level = level;
  const both = INSTRUCTOR_PREFS.every((other) => req.prefs[other].on) && !req.prefs.without.never;
  return both ? `“Classes with” and “Avoid instructors” weigh the same: both are ${level === "important" ? "important" : "nice to have"} now.` : "";
}

/** What ticking or unticking “never” beside “Avoid instructors” does, for the status line: a must
 * has no importance (its menu is disabled meanwhile). */
function neverNote() {
  const { on, never } = req.prefs.without;
  if (!never) return "“Avoid instructors” is a preference again: their sections cost, and are taken when nothing else fits.";
  return `“Avoid instructors” is a must now: no schedule has a section they teach${on ? "" : " (tick “Avoid instructors” to use it)"}.`;
}

/** “Classes with friends” ticked (signed in) with no friend's schedule ticked asks for nothing: said,
 * as for “Keep free”. Empty otherwise (signed out, `friendsNote` says why instead). */
function friendsUnusedNote() {
  const friends = req.prefs.friends;
  return initial.user && friends.on && !friends.schedules.length ? "“Classes with friends” has no friend's schedule ticked, so it changes nothing: tick the schedules of the friends to plan with." : "";
}

/** “Keep free” ticked with no day ticked asks for nothing (the request sends no free days): said
 * rather than dropped without a word. Empty otherwise. */
function freeDaysNote() {
  const free = req.prefs.free;
  return free.on && !free.days.length ? "“Keep free” has no day ticked, so no day is kept free: tick the days to keep free." : "";
}

function renderPreferences() {
  for (const li of document.querySelectorAll("[data-pref]")) {
    const pref = req.prefs[li.dataset.pref];
    const field = (name) => li.querySelector(`[name=${name}]`);
    field("on").checked = pref.on;
    field("level").value = pref.level;
    for (const name of ["time", "start", "end", "hours", "names"]) if (name in pref) field(name).value = pref[name];
    if ("never" in pref) {
      field("never").checked = pref.never;
      field("level").disabled = pref.never; // a must weighs nothing
    }
    if (li.dataset.pref === "free") for (const box of li.querySelectorAll("[name=days]")) box.checked = pref.days.includes(box.value);
    if (li.dataset.pref === "friends") for (const box of li.querySelectorAll("[name=friend]")) box.checked = pref.schedules.includes(Number(box.value));
  }
  $("open-only").checked = req.openOnly;
  $("k").value = String(req.k);
}

let friendsAsked = 0; // bumped by each look-up: an answer for an earlier term is dropped
let friendsLoading = Promise.resolve(); // the look-up under way, which Generate waits for
let friendsNote = ""; // friends' schedules left out of the request, said again with the next outcome

/** Which of these schedule ids are the student's own (`GET /api/v1/schedules/{id}/` answers only
 * its owner), as a set; none when the server does not say. */
async function ownSchedules(ids) {
  const answers = await Promise.all(ids.map((id) => api("GET", `/api/v1/schedules/${encodeURIComponent(id)}/`)));
  return new Set(ids.filter((id, k) => answers[k].status === 200));
}

/** Friends' schedules held by the request (a link's, local storage's) that the friends list does not
 * hold (a share revoked, a friend no more, a schedule deleted, another student's link) would make
 * every Generate refused: they are dropped, and the status line says so. */
function loadFriends() {
  friendsLoading = listFriends();
  return friendsLoading;
}

async function listFriends() {
  const mine = ++friendsAsked;
  const status = $("friends-status");
  const list = $("friends-list");
  list.replaceChildren();
  friendsNote = "";
  if (!initial.user) {
    status.replaceChildren(el("a", { href: signInHref(), class: "sign-in" }, "Sign in"), " to plan classes with friends who share their schedules.");
    // kept in the address, so signing in from this page brings them back, but never sent (sendable)
    if (req.prefs.friends.on && req.prefs.friends.schedules.length) {
      friendsNote = "“Classes with friends” is left out while you are signed out: sign in to plan classes with friends.";
      $("status").textContent = friendsNote;
    }
    return;
  }
  const { status: code, data, message } = await api("GET", `/api/v1/friends/schedules/?${new URLSearchParams({ term: req.term })}`);
  if (mine !== friendsAsked) return; // another term meanwhile (a slow answer): its friends are shown
  if (code === 404) {
    status.textContent = "Classes with friends is not available on this server yet.";
    return;
  }
  if (code !== 200) {
    status.textContent = message;
    return;
  }
  const schedules = Array.isArray(data) ? data : data?.results || [];
  status.textContent = schedules.length ? "" : "None of your friends has shared a schedule for this term yet.";
  const held = new Set(schedules.map((s) => s.id));
  const gone = req.prefs.friends.schedules.filter((id) => !held.has(id));
  if (gone.length) {
    // one's own schedules are no friend's (a friend's link naming one of them): said so, not that
    // they are no longer shared, which would alarm the student about a schedule still shared
    const owned = await ownSchedules(gone);
    if (mine !== friendsAsked) return;
    req.prefs.friends.schedules = req.prefs.friends.schedules.filter((id) => held.has(id));
    const others = gone.filter((id) => !owned.has(id));
    const own = gone.filter((id) => owned.has(id));
    const them = (ids) => (ids.length === 1 ? "it" : "them");
    const notes = [];
    if (own.length) {
      const which = own.length === 1 ? `Schedule ${own[0]} is your own` : `Schedules ${listed(own.map(String))} are your own`;
      notes.push(`${which}, so “Classes with friends” leaves ${them(own)} out.`);
    }
    if (others.length) {
      const which = others.length === 1 ? `Friend's schedule ${others[0]} is` : `Friends' schedules ${listed(others.map(String))} are`;
      notes.push(`${which} no longer shared with you (unshared, deleted, or no longer a friend's), so “Classes with friends” leaves ${them(others)} out.`);
    }
    friendsNote = notes.join(" ");
    $("status").textContent = friendsNote;
    persist(); // the address and local storage no longer hold them
  }
  list.replaceChildren(...schedules.map((s) => el("label", { class: "day" },
    el("input", { type: "checkbox", name: "friend", value: String(s.id), checked: req.prefs.friends.schedules.includes(s.id) }),
    ` ${s.owner?.username || s.owner || "friend"}: ${s.name}`)));
}

// --- Rendering the form --------------------------------------------------------------------

function renderAll() {
  renderTerm();
  renderCampus();
  renderModality();
  renderSearchFilters(); // its delivery modes are the term's
  renderCourses();
  renderKept();
  renderBusy();
  renderPreferences();
}

function changed() {
  openedJob = null; // the form no longer asks what the opened job did
  persist();
  renderCampus();
  renderModality();
  renderCourses();
  renderKept();
  renderBusy();
  renderPreferences();
  refreshSectionButtons();
  // what the search's buttons say: whether a course is added, which elective group they add to
  if (!document.activeElement?.closest("#search-results, #add-all")) renderSearchResults();
}

// --- Generation ----------------------------------------------------------------------------

function clearOutcome() {
  job = null;
  openedJob = null;
  wantedRank = 0; // a new outcome starts at its best schedule
  $("job-note").hidden = true;
  $("results").hidden = true;
  $("explanation").hidden = true;
  $("with-status").textContent = ""; // it spoke of the job shown
  $("without-status").textContent = "";
  $("seats-status").textContent = "";
}

function setBusy(running) {
  // the button pressed by keyboard is disabled or hidden now: the focus goes to the one beside it
  // that is shown instead (Cancel while it runs, Generate after), not to the page's body
  const focused = document.activeElement;
  busy = running;
  $("generate").disabled = running;
  $("cancel").hidden = !running;
  $("progress").hidden = !running;
  if (running && focused === $("generate")) $("cancel").focus();
  if (!running && focused === $("cancel")) $("generate").focus();
}

const lunchFields = () => [$("pref-lunch-start"), $("pref-lunch-end")];
const NO_COURSE = "Add at least one course (required or in an elective group) first.";

async function generate() {
  const applied = appliedNote; // a repair pressed: said with the outcome, once
  appliedNote = "";
  if (!applied.startsWith("Applied")) undoable = null; // a request of the student's own: nothing to undo
  $("undo-repair").hidden = !undoable;
  if (undoable) $("undo-repair").textContent = `Undo “${undoable.label}”`;
  $("form-error").textContent = "";
  markInvalid([...lunchFields(), $("course-search")], "form-error", false);
  if (!req.courses.length && !req.electives.some((g) => g.courses.length)) {
    $("form-error").textContent = NO_COURSE;
    markInvalid([$("course-search")], "form-error");
    $("course-search").focus();
    return;
  }
  // the API would refuse it as "preferences.lunch.minutes: 30 minutes do not fit between …"
  const lunch = req.prefs.lunch;
  if (lunch.on && minutes(lunch.end) - minutes(lunch.start) < LUNCH_MINUTES) {
    $("form-error").textContent = `Lunch between ${lunch.start} and ${lunch.end} leaves no room for a ${LUNCH_MINUTES}-minute lunch: make the window end at least ${LUNCH_MINUTES} minutes after it starts.`;
    markInvalid(lunchFields(), "form-error");
    $("pref-lunch-start").focus();
    return;
  }
  clearOutcome();
  persist(); // the address and local storage now name this request alone, no longer the opened job
  setBusy(true);
  const mine = ++following;
  // two kept sections of one component (a link can hold both) would make the engine find nothing
  // fits: the labels still being looked up say which component each is, and only one is sent
  const failed = () => (req.pinned.length > 1 ? req.pinned.filter((id) => lookups.get(id)?.state === "failed") : []);
  const again = failed();
  if (again.length) lookUpBatch(again, 1); // once more, now that the student asks
  replacedNote = "";
  if (pendingKept().length) {
    renderKept();
    $("status").textContent = "Looking up your kept sections before sending…";
    await keptLabelsSettled();
    if (mine !== following) return; // cancelled, or another term, meanwhile
  }
  // friends' schedules no longer shared are dropped once the friends list answers: not sent before
  if (req.prefs.friends.on && req.prefs.friends.schedules.length) {
    await friendsLoading;
    if (mine !== following) return;
  }
  const unknown = failed();
  if (unknown.length) {
    setBusy(false);
    $("status").textContent = "";
    const which = unknown.map((id) => `${id} (${lookups.get(id).why})`).join(", ");
    $("form-error").textContent = `Could not look up the kept section${unknown.length === 1 ? "" : "s"} ${which}, so the planner cannot tell whether two kept sections are of one component (a schedule takes one section of each). Generate again to try once more, or remove ${unknown.length === 1 ? "it" : "them"} under “Kept and avoided sections”.`;
    return;
  }
  // whichever way the labels came (a job, the look-ups, local storage), one kept section per component
  keepOnePerComponent();
  // which kept section replaced another is said again with the schedules, not lost under them
  outcomeNote = [applied, replacedNote, friendsNote, adjustedNotes.k, adjustedNotes.hours, freeDaysNote(), friendsUnusedNote()].filter(Boolean).map((note) => `${note} `).join("");
  adjustedNotes.k = adjustedNotes.hours = "";
  if (initial.user) friendsNote = ""; // signed out, it stays true for every Generate
  $("status").textContent = "Sending your request…";
  const query = toQuery(req);
  const body = toApiRequest(req);
  if (!initial.user) delete body.preferences.friends; // the API refuses it: saved schedules need an account
  const { status, data, message, retryAfter } = await api("POST", "/api/v1/generations/", body);
  if (mine !== following) {
    // cancelled, or the term changed, while it was sent: the job it made is not wanted
    if (status === 202) api("DELETE", data.url);
    return;
  }
  if (status !== 202) {
    setBusy(false);
    $("status").textContent = "";
    $("form-error").textContent = status === 429 ? tooManyRequests(retryAfter) : refusal(data, message);
    if (status === 400) offerUnkeeping(data?.error?.refused_pins);
    return;
  }
  storeJob(localStorage, query, data.url);
  follow(data);
}

/** A refused request in words: a course the term does not have, or a kept or avoided section the
 * API cannot use, says which and what to do. */
function refusal(data, message) {
  const fields = data?.error?.fields || {};
  // a link (or local storage) naming a course the term does not have, required or in a group
  const where = { courses: "your courses", electives: "your elective groups" };
  for (const [field, place] of Object.entries(where)) {
    const unknown = (fields[field] || []).filter((text) => text.startsWith("unknown course"));
    if (!unknown.length) continue;
    const it = unknown.some((text) => text.slice(text.lastIndexOf(": ")).includes(",")) ? "them" : "it"; // courses, not the term's name
    return `${capitalise(unknown.join("; "))}. Remove ${it} from ${place} and generate again.`;
  }
  const words = { pinned: "A kept section cannot be used", excluded: "An avoided section cannot be used" };
  const parts = Object.entries(words).filter(([field]) => fields[field]?.length).map(([field, lead]) => `${lead}: ${fields[field].join("; ")}.`);
  if (parts.length) return `${parts.join(" ")} Remove it under “Kept and avoided sections” and generate again.`;
  // anything else: the form control at fault and what is wrong with it, not the API's field path
  // (“preferences.instructors.prefer.0: Ensure this field …”) nor the framework's words
  const said = Object.entries(fields).filter(([path]) => path !== "request").map(([path, texts]) => `${controlOf(path)}: ${texts.map(refusedInWords).join("; ")}.`);
  return said.length ? `${[...new Set(said)].join(" ")} Change ${said.length === 1 ? "it" : "them"} and generate again.` : message;
}

// the API's field paths by the form controls that fill them, the longest first
const CONTROLS = [
  ["preferences.instructors.avoid", "“Avoid instructors”"], ["preferences.instructors", "“Classes with”"],
  ["preferences.friends", "“Classes with friends”"],
  ["preferences.no_classes_before", "“No classes before”"], ["preferences.no_classes_after", "“No classes after”"],
  ["preferences.free_days", "“Keep free”"], ["preferences.lunch", "“Lunch between”"],
  ["preferences.max_in_a_row", "“Hours in a row”"], ["preferences.compact", "“Few gaps between classes”"],
  ["preferences.fewer_days", "“Fewer days with classes”"], ["preferences.open_seats", "“Prefer sections with open seats”"],
  ["preferences", "Preferences"], ["filters.campuses", "“Campus”"], ["filters.modalities", "“Delivery mode”"], ["filters.excluded_instructors", "“Avoid instructors” (never)"],
  ["filters", "“Only sections with open seats”"],
  ["allowed_overlaps", "“Courses that may overlap”"],
  ["courses", "Your courses"], ["k", "“How many schedules”"], ["term", "The term"], ["institution", "The institution"],
];

/** The form control an API field path comes from: “Busy time 2” for `busy.1.label`, “Elective
 * group 1” for `electives.0.pick`, “Classes with” for `preferences.instructors.prefer.0`. */
function controlOf(path) {
  const [head, index] = path.split(".");
  const name = /^preferences\.instructors\.(prefer|avoid)\.(\d+)$/.exec(path);
  if (name) return `${name[1] === "avoid" ? "“Avoid instructors”" : "“Classes with”"}, name ${Number(name[2]) + 1}`;
  if (head === "busy") return /^\d+$/.test(index ?? "") ? `Busy time ${Number(index) + 1}` : "Your busy times";
  if (head === "electives") return /^\d+$/.test(index ?? "") ? `Elective group ${Number(index) + 1}` : "Your elective groups";
  const found = CONTROLS.find(([prefix]) => path === prefix || path.startsWith(`${prefix}.`));
  return found ? found[1] : capitalise(path.replaceAll(".", " ").replaceAll("_", " "));
}

/** An API message in a student's words: the framework's “Ensure this field has no more than 200
 * characters.” reads “longer than the 200 characters allowed”. */
function refusedInWords(text) {
  const rules = [
    [/^Ensure this field has no more than (\d+) characters?\.?$/, (n) => `longer than the ${n} characters allowed`],
    [/^Ensure this field has at least (\d+) characters?\.?$/, (n) => `shorter than the ${n} characters needed`],
    [/^Ensure this field has no more than (\d+) elements?\.?$/, (n) => `more than the ${n} allowed`],
    [/^Ensure this value is less than or equal to (\S+?)\.?$/, (n) => `more than ${n}, the most allowed`],
    [/^Ensure this value is greater than or equal to (\S+?)\.?$/, (n) => `less than ${n}, the least allowed`],
    [/^This field may not be blank\.?$/, () => "empty; fill it in or remove it"],
    [/^(.+) is already required$/, (codes) => `${codes} is both required and in an elective group; remove it from one of them`],
    [/^(.+) is also preferred: prefer or avoid$/, (names) => `${names} is under “Classes with” too; remove the name from one of them`],
    [/^(.+) is also preferred: prefer or never take, not both$/, (names) => `${names} is under “Classes with” too; remove the name from one of them`],
    [/^no schedule (\d+) of yours or shared by a friend of yours$/, (id) => `schedule ${id} is neither yours nor shared with you by a friend (any more); untick “Classes with friends”, or reload to see the schedules shared with you`],
  ];
  for (const [pattern, say] of rules) {
    const match = pattern.exec(text);
    if (match) return say(match[1]);
  }
  return text.replace(/\.$/, "");
}

/** A way on from kept sections the API refused (`error.refused_pins`: withdrawn, cancelled or
 * quarantined since they were kept, as a saved schedule's or an opened job's may be): the other
 * sections of each one's component a schedule can take, and a button that stops keeping them and
 * generates again, so the schedules choose among those (and “Which sections can fit” keeps one). */
function offerUnkeeping(refused) {
  if (!refused?.length) return;
  const names = refused.map((p) => `${p.course} ${p.component} ${p.code}`);
  const others = refused.map((p) => (p.others.length
    ? ` Other ${p.course} ${p.component} sections a schedule can take: ${listed(p.others.map((o) => o.code), 8)}.`
    : ` ${p.course} has no other ${p.component} section to take this term.`));
  const label = `Stop keeping ${names.length === 1 ? names[0] : `these ${names.length} sections`} and generate again`;
  const unkeep = () => {
    for (const p of refused) req = forgetSection(req, p.id);
    appliedNote = `No longer keeping ${listed(refused.map((p) => `${p.course} ${p.component} ${p.code} (${p.id})`))}.`;
    openedJob = null; // the request is no longer what an opened job asked
    persist();
    renderAll();
    generate();
  };
  $("form-error").append(...[...new Set(others)], " ", el("button", { type: "button", class: "small", onclick: unkeep }, label));
}

function follow(current) {
  const mine = following;
  const started = performance.now();
  let misses = 0; // polls in a row that got no answer
  const poll = (url, delay) => {
    polling = { url, timer: setTimeout(async () => {
      const { status, data, message } = await api("GET", url);
      if (!polling || mine !== following) return; // cancelled meanwhile
      if (status === 200) {
        misses = 0;
        step(data);
        return;
      }
      const transient = status === 0 || status >= 500 || status === 429;
      if (transient && misses < POLL_RETRIES) {
        misses += 1;
        $("status").textContent = "No answer from the server: still following your schedules…";
        poll(url, POLL_MS * 2 ** misses);
        return;
      }
      polling = null;
      setBusy(false);
      $("status").textContent = "";
      $("form-error").textContent = transient ? `${message} The schedules may still be made: reload the page to see them.` : message;
    }, delay) };
  };
  const step = async (state) => {
    if (mine !== following) return; // no longer followed
    if (state.status === "succeeded" || state.status === "failed" || state.status === "cancelled") {
      polling = null;
      setBusy(false);
      finished(state);
      return;
    }
    // the live region changes with the state only; the seconds tick outside it, unannounced
    const text = state.status === "queued" ? "Queued, waiting for a worker…" : "Running: searching for the best schedules…";
    if ($("status").textContent !== text) $("status").textContent = text;
    $("elapsed").textContent = `${((performance.now() - started) / 1000).toFixed(1)} s`;
    poll(state.url, POLL_MS);
  };
  step(current);
}

function cancel() {
  if (stopFollowing()) $("status").textContent = "Cancelled.";
}

/** Stops following the job being generated (its later answers are dropped) and cancels it on the
 * server (`DELETE`; one still being sent is cancelled when its answer arrives): whether there was one. */
function stopFollowing() {
  following += 1;
  const was = busy;
  if (polling) {
    clearTimeout(polling.timer);
    api("DELETE", polling.url);
    polling = null;
  }
  setBusy(false);
  return was;
}

function finished(state) {
  const note = outcomeNote;
  outcomeNote = "";
  if (state.status === "failed") {
    // a worker lost, the engine stopped: nothing the student asked is wrong, so try once more
    $("form-error").textContent = `The generation failed: ${(state.error || "unknown error").replace(/\.$/, "")}. Generate again to try once more; if it fails again, try again in a few minutes.`;
    $("status").textContent = "";
    return;
  }
  if (state.status === "cancelled") {
    $("status").textContent = "Cancelled.";
    return;
  }
  job = state;
  savedByRank = new Map();
  saves = new Map();
  savesWaiting = new Map();
  // the schedule the address named (a sign-in, or Back, from schedule 3), else the best
  index = Math.max(0, (state.results || []).findIndex((r) => r.rank === wantedRank));
  wantedRank = 0;
  learnSections(state);
  // the titles of courses that came with a link (not searched here) name their chips from now on
  const untitled = Object.keys(titles).length;
  for (const s of (state.results || []).flatMap((r) => [...r.sections, ...r.tba])) titles[s.course] ??= s.title;
  if (Object.keys(titles).length !== untitled) renderCourses();
  persist(); // the address names the schedule shown
  renderKept();
  if (!state.results.length && state.proven_optimal === false) {
    // the budget ran out before any schedule was found: nothing is proven, so no "nothing fits"; a
    // smaller request is the sure way on (the same one again runs again, as an answer cut short is
    // not reused, but may run out as this one did)
    $("status").textContent = `${note}The search ran out of time before it found a schedule, so it cannot tell whether one fits. Ask for less at once (fewer courses, busy times or preferences), then generate again.`;
    return;
  }
  if (!state.results.length) {
    $("status").textContent = `${note}No schedule fits everything you asked for.`;
    showExplanation(state);
    return;
  }
  const n = state.results.length;
  const proof = state.proven_optimal ? "proven best" : "best found in the time allowed";
  $("status").textContent = `${note}Found ${n} schedule${n === 1 ? "" : "s"} (${proof}) in ${Math.round(state.engine_ms ?? 0)} ms.${leftOut(state)}`;
  $("results").hidden = false;
  renderResults();
  lookUpAlternatives(state);
  renderFit(state.viability);
  lookUpFitSections(state);
  $("results-title").focus();
  checkUnmetPreferences(state);
  recallSaved(state);
}

const SAVED_PAGES = 10; // pages of 100 saved schedules read at most, for one term

/** The sections of a schedule, a generated or a saved one, as one key: the same key is the same
 * schedule (a saved schedule keeps its registrar ids, not the job and rank it came from). */
function sectionsKey(schedule) {
  return [...schedule.sections, ...schedule.tba].map((s) => s.id).sort().join(" ");
}

/** Marks the job's schedules the student has already saved, from the saved schedules themselves
 * (`GET /api/v1/schedules/` of the job's term), so a reload, or Back from another page, shows
 * “Saved as …” with its links instead of offering to save a second copy, and a schedule deleted
 * meanwhile (another tab, the Saved schedules page) is not said to be saved. */
async function recallSaved(state) {
  if (!initial.user || !state.results?.length) return;
  const mine = ++savedAsked;
  holdSaves(true);
  const before = new Set(savedByRank.keys());
  const byKey = new Map();
  let url = `/api/v1/schedules/?${new URLSearchParams({ term: state.term, institution: state.institution, page_size: "100" })}`;
  for (let page = 0; url && page < SAVED_PAGES; page += 1) {
    const { status, data } = await api("GET", url);
    if (mine !== savedAsked) return; // asked again meanwhile: that look-up lets Save go
    if (status !== 200) {
      // saving not installed, the session ended, no answer: nothing to recall, and Save says why
      holdSaves(false);
      return;
    }
    // newest change first: the latest of two saves of the same sections is the one named
    for (const saved of data.results || []) if (!byKey.has(sectionsKey(saved))) byKey.set(sectionsKey(saved), saved);
    const next = data.next ? new URL(data.next, location.origin) : null; // absolute: asked of this origin
    url = next ? next.pathname + next.search : null;
  }
  if (mine !== savedAsked) return; // asked again meanwhile
  if (job !== state) { // another job shown meanwhile, whose own look-up holds its Save
    holdSaves(false);
    return;
  }
  const recalled = new Map();
  for (const schedule of state.results) {
    const saved = byKey.get(sectionsKey(schedule));
    if (saved) recalled.set(schedule.rank, saved);
  }
  // one saved on this page while the list was being read is saved, whatever the list said
  for (const [rank, saved] of savedByRank) if (!before.has(rank)) recalled.set(rank, saved);
  const shown = [...$("cards").children].map((card) => Number(card.dataset.rank));
  const redraw = shown.some((rank) => recalled.get(rank)?.id !== savedByRank.get(rank)?.id);
  savedByRank = recalled;
  if (redraw) renderResults(); // the cards shown say what is saved now (paging draws the others)
  holdSaves(false);
}

/** Holds (or lets go) every Save shown while the saved schedules are looked up: `aria-disabled`
 * (a disabled button would drop the keyboard's focus), and the card's status says why. */
function holdSaves(hold) {
  savedChecking = hold;
  for (const card of $("cards").children) {
    const button = card.querySelector("button[data-focus=save]");
    const message = card.querySelector(".save-status");
    if (!button || saves.get(Number(card.dataset.rank))?.pending) continue; // saving: it says so
    if (hold) {
      button.setAttribute("aria-disabled", "true");
      message.textContent = CHECKING_SAVED;
    } else {
      button.removeAttribute("aria-disabled");
      if (message.textContent.startsWith(CHECKING_SAVED)) message.textContent = "";
    }
  }
  if (hold) return;
  const pressed = [...savesWaiting];
  savesWaiting = new Map();
  for (const [rank, { schedule, name }] of pressed) {
    if (savedByRank.has(rank)) continue;
    const button = $("cards").querySelector(`.card[data-rank="${rank}"] button[data-focus=save]`);
    if (button) {
      button.click(); // its card says how it went
      continue;
    }
    // paged away from while held: saved all the same, and said in the status line, as no card is there to say it
    sendSave(schedule, name).then((answer) => {
      if (!answer) return;
      if (answer.status === 201) {
        $("status").textContent = `Saved schedule ${rank} as “${answer.data.name}”.`;
        if ([...$("cards").children].some((card) => Number(card.dataset.rank) === rank)) renderResults();
      } else {
        const why = answer.message || `The server answered ${answer.status}.`;
        $("status").textContent = `Schedule ${rank} was not saved: ${why} Page to it and press Save again.`;
      }
    });
  }
}

/** Says beside “Classes with”, and in the status line, which of the instructors the job asked for
 * teach no section of its courses: the engine counts a preference nobody can meet as met (“It
 * meets every preference you set”), so without this a misspelt name would look honoured. Likewise
 * beside “open seats” when the catalog gives no seat counts for the courses (Georgia Tech's lists
 * every section open, with no capacity), so neither the preference nor the filter can tell. */
async function checkUnmetPreferences(state) {
  $("with-status").textContent = "";
  $("without-status").textContent = "";
  $("seats-status").textContent = "";
  const asked = state.request?.preferences?.instructors;
  const never = state.request?.filters?.excluded_instructors || [];
  const seats = Boolean(state.request?.preferences?.open_seats || state.request?.filters?.open_seats_only);
  if (!asked?.prefer?.length && !asked?.avoid?.length && !never.length && !seats) return;
  const codes = [...new Set([...(state.request.courses || []), ...(state.request.electives || []).flatMap((g) => g.courses)])];
  const courses = courseUrl(state.institution, state.term);
  const answers = await Promise.all(codes.map((code) => {
    const [subject, number] = code.split(" ");
    return api("GET", `${courses}${encodeURIComponent(subject)}/${encodeURIComponent(number)}/`);
  }));
  if (job !== state || answers.some((a) => a.status !== 200)) return; // another job shown meanwhile, or no telling
  const sections = answers.flatMap((a) => a.data.components.flatMap((c) => c.sections));
  if (seats && sections.length && sections.every((s) => s.status === "open" && s.capacity === null)) {
    const words = `The catalog gives no seat counts for these courses (every section is listed open), so “open seats” changed nothing.`;
    $("seats-status").textContent = words;
    $("status").textContent += ` ${words}`;
  }
  const teaching = new Set(sections.flatMap((s) => s.instructors));
  for (const [names, field, control, status] of [
    [asked?.prefer || [], "pref-with-names", "“Classes with”", "with-status"],
    never.length ? [never, "pref-without-names", "“Avoid instructors” (never)", "without-status"] : [asked?.avoid || [], "pref-without-names", "“Avoid instructors”", "without-status"],
  ]) {
    const words = namesUnmet(names, teaching, instructorNames($(field).value), control);
    if (!words) continue;
    $(status).textContent = words;
    $("status").textContent += ` ${words}`;
  }
}

/** What the job's instructor `names` for `control` did, in words, "" when nothing needs saying:
 * the names read as the catalog writes them (the server reads "hopper" as "Grace Hopper": said
 * when the form, `typed`, has other words), and those of nobody `teaching` the courses. */
function namesUnmet(names, teaching, typed, control) {
  const read = names.filter((name) => teaching.has(name) && !typed.includes(name));
  const readAs = read.length ? `${control} reads ${listed(read, 5, "; ")}, as the catalog writes ${read.length === 1 ? "the name" : "them"}.` : "";
  const absent = names.filter((name) => !teaching.has(name));
  if (!absent.length) return readAs;
  const who = absent.length === 1 ? `${absent[0]} teaches` : `${listed(absent, 5, "; ")} teach`;
  const moot = absent.length === names.length ? `, so ${control} changed nothing` : "";
  return `${readAs ? `${readAs} ` : ""}${who} no section of these courses in ${termName()}${moot}: write names as the catalog does (the course search finds courses by instructor).`;
}

/** The required courses no schedule has, in words: "" when none. The engine now answers a
 * course with no section to schedule (a link's, or one whose sections were all withdrawn) with
 * no schedule and an explanation; a job answered before it did, and reused, left it out. */
function leftOut(state) {
  const taken = new Set(state.results.flatMap((r) => [...r.sections, ...r.tba]).map((s) => s.course));
  const missing = (state.request?.courses || []).filter((code) => !taken.has(code));
  if (!missing.length) return "";
  const [has, it] = missing.length === 1 ? ["has", "it"] : ["have", "them"];
  return ` ${listed(missing)} ${has} no section to schedule in ${termName()}, so the schedules leave ${it} out: remove ${it}, or check the course code.`;
}

// --- Nothing fits --------------------------------------------------------------------------

// a busy time of the conflict by its hours too (“work (Tu 18:00–22:00)”), so the clash can be seen;
// not when the engine's label says them already (an unnamed block, or two of one name)
const busyWhen = (b, label) => (b?.label && label === b.label ? ` (${b.days.join("")} ${b.start}–${b.end})` : "");

// one-click fixes listed at once; the rest behind "N more fixes"
const REPAIRS_SHOWN = 6;

function showExplanation(state) {
  const e = state.explanation;
  $("explanation").hidden = false;
  const group = groupNames(state);
  $("explanation-message").textContent = e ? keptWords(group.words(e.message)) : "No schedule fits, and the engine could not say why in time.";
  const kinds = {
    course: "Course", elective: "Elective group", busy: "Busy time", pin: "Kept section", filter: "Filter",
    exclusion: "Avoided sections",
  };
  // a kept section by the page's own name of it (the engine's label says "pinned"); avoided ones
  // without the engine's "excluded" before them (“Avoided sections: PSYC 1010 LEC 001”)
  const label = (c) => (c.kind === "pin" ? sectionName(c.ref) : c.kind === "exclusion" ? c.label.replace(/^excluded /, "") : c.kind === "busy" ? c.label + busyWhen(state.request?.busy?.[Number(c.ref)], c.label) : c.label);
  // an elective group by the form's name of it, its courses once (here unless the message said them)
  const item = (c) => (c.kind === "elective" ? capitalise(group.words(c.label))
    : c.ref === "excluded_instructors" && c.kind === "filter" ? capitalise(c.label) // “Never with: Ada Byron”
      : `${kinds[c.kind] || c.kind}: ${label(c)}`);
  $("conflicts").replaceChildren(...(e?.conflicts || []).map((c) => el("li", {}, item(c))));
  const fixes = (e?.repairs || []).map((given) => {
    const r = { ...given, description: group.words(given.description) }; // “drop elective group 1”
    const then = r.best_score ? `, then the best schedule costs ${r.best_score} preference points` : ", then a schedule fits every preference";
    // dropping the only course (or every one) "fits" by asking for nothing: no schedule to show
    const after = applyRepair(req, r.drops, state.request, sections);
    const empty = !after.courses.length && !after.electives.some((g) => g.courses.length);
    const limit = repairLimit(r.drops) || (empty ? "it would leave no course to schedule; remove or change a busy time, a kept section or a filter instead, or add another course" : "");
    // a repair the form cannot express would generate something other than what it says: advice only
    if (limit) return el("li", { class: "repair-advice" }, capitalise(keptWords(r.description)), el("span", { class: "hint" }, `${then} (not applied here: ${limit})`));
    const { label: engines, takes } = repairLabel(r, state);
    const label = keptWords(engines);
    const seats = takenSeats(r.description, state);
    const hint = `${takes ? ` (${takes})` : ""}${seats ? ` (${seats})` : ""}${then}`;
    // the hint's first word (“,” of “, then …”) kept on its button's line: a narrow screen wraps
    // the hint after it, never before it, so no line starts with a comma
    const [, glued, rest] = hint.match(/^(\S*)([\s\S]*)$/);
    const button = el("button", { type: "button", class: "secondary", onclick: () => repair(r, label) }, label);
    return el("li", {}, glued ? el("span", { class: "repair-line" }, button, el("span", { class: "hint" }, glued)) : button, el("span", { class: "hint" }, rest));
  });
  // the engine lists them best first; past REPAIRS_SHOWN (pairs of changes can run to dozens)
  // the rest are one click away, not a wall of buttons
  const [items, rest] = fold(fixes, REPAIRS_SHOWN);
  $("repairs").replaceChildren(...items, ...(rest.length ? [el("li", { class: "repairs-more" }, el("details", {},
    el("summary", { text: `${rest.length} more fixes` }), el("ul", { class: "repairs" }, ...rest)))] : []));
  // two clashes at once get repairs of two changes from the engine; three or more get none, so say
  // how to go on: remove one clashing item, then generate again
  if (!e?.repairs?.length) $("repairs").append(el("li", {}, "No change of one or two items makes everything fit, so there is no one-click fix: remove one of the clashing items above (under Courses, Busy times or Kept and avoided sections), then generate again to see what still clashes."));
  $("explanation-title").focus();
}

/** The engine's words for the API's pins in the page's (“kept”, as the form and its chips say):
 * “pinned CS 1110 LEC 001” is “kept CS 1110 LEC 001”, “instead of pinned …” “instead of the kept …”,
 * “unpin …” “stop keeping …” and “, unpinning …” “, no longer keeping …”. */
function keptWords(text) {
  return text
    .replace(/\binstead of pinned /g, "instead of the kept ")
    .replace(/, unpinning /g, ", no longer keeping ")
    .replace(/\bunpin /g, "stop keeping ")
    .replace(/\bpinned /g, "kept ");
}

/** “, closed” for a section with no open seat (“” when open or not known). */
function seatsNote(status) {
  return status && status !== "open" ? `, ${status}` : "";
}

/** What a repair's “take CS 1110 LEC 002 …” says of that section's seats, read off the job's
 * `viability` (“CS 1110 LEC 002 is closed”): “” when every section it takes is open, or not known
 * (a job answered before viability gave the status). */
function takenSeats(description, state) {
  const takes = (name) => {
    const at = description.indexOf(`take ${name}`);
    return at >= 0 && !/\w/.test(description.charAt(at + name.length + 5)); // not LEC 0021 for LEC 002
  };
  return (state.viability || []).flatMap((c) => c.sections.map((s) => ({ ...s, name: `${c.course} ${c.component} ${s.code}` })))
    .filter((s) => s.status && s.status !== "open" && takes(s.name))
    .map((s) => `${s.name} is ${s.status}`)
    .join("; ");
}

/** The explanation's words with each elective group named as the form names it: the engine
 * labels a group by its courses (“2 of HIST 2001, MUSI 1310, SPAN 2020”) in the message, the
 * conflicts and every repair; `words(text)` says the courses the first time (“elective group 1
 * (2 of HIST 2001, MUSI 1310, SPAN 2020)”) and “elective group 1” after, so a long group is read
 * once. Groups are matched by their courses (the job's stored request sorts them); one the form
 * no longer has is numbered as the job's request lists it. Call `words` in reading order. */
function groupNames(state) {
  const sent = state.request?.electives || [];
  const key = (courses) => [...courses].sort().join(",");
  const names = sent.map((g, i) => {
    const mine = req.electives.findIndex((f) => key(f.courses) === key(g.courses));
    return { label: `${g.pick} of ${listed(g.courses)}`, name: `elective group ${(mine >= 0 ? mine : i) + 1}` };
  });
  const said = new Set();
  // the longest first, so a group whose label starts another's is not taken for it
  const labels = names.map((n) => n.label).sort((a, b) => b.length - a.length);
  const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = labels.length ? new RegExp(`(the elective group )?(${labels.map(escape).join("|")})`, "g") : null;
  const words = (text) => (pattern ? text.replace(pattern, (_, the, label) => {
    const { name } = names.find((n) => n.label === label);
    if (said.has(label)) return name;
    said.add(label);
    return `${name} (${label})`;
  }) : text);
  return { words };
}

/** A repair's button label, `{ label, takes }`: the engine's description, except that a dropped
 * exclusion says it allows every avoided section of its component again (as `applyRepair` does),
 * not only the one the best schedule then takes (“take ENWR 1510 SEM 001, which you excluded”),
 * which `takes` says instead. */
function repairLabel(r, state) {
  // the engine's words, unless an exclusion is dropped (a busy time may be named “Work and gym”)
  if (!r.drops.some((drop) => drop.kind === "exclusion")) return { label: capitalise(r.description), takes: "" };
  // the pins of a dropped course are said after the changes (“, unpinning …”), marked `unpinned`
  const [changes, ...unpinning] = r.description.split(", unpinning ");
  const drops = r.drops.filter((drop) => !drop.unpinned);
  const parts = changes.split(" and "); // the engine joins a repair's changes so
  const own = parts.length === drops.length;
  let takes = "";
  const words = drops.map((drop, i) => {
    if (drop.kind !== "exclusion") return own ? parts[i] : null;
    const taken = own && /^take (.+), which you excluded$/.exec(parts[i]);
    if (taken) takes += `${takes ? "; " : ""}the best schedule then takes ${taken[1]}`;
    return allowAgain(drop.ref, state);
  });
  const unpins = unpinning.length ? `, unpinning ${unpinning.join(", unpinning ")}` : "";
  const label = words.every(Boolean) ? words.join(" and ") + unpins : `${words.filter(Boolean).join(" and ")} (${r.description})`;
  return { label: capitalise(label), takes };
}

/** “allow the avoided ENWR 1510 seminars again (78)”: what dropping the exclusion of the component
 * `ref` (“<course> <component kind>”) does to the form's avoided sections. */
function allowAgain(ref, state) {
  const ids = req.excluded.filter((id) => sections[id]?.course && `${sections[id].course} ${sections[id].component}` === ref);
  const component = (state.viability || []).find((c) => `${c.course} ${c.component}` === ref);
  const course = component?.course || ref.slice(0, ref.lastIndexOf(" "));
  const name = (component?.component_name || "").toLowerCase();
  if (ids.length === 1) return `allow the avoided ${ref} ${sections[ids[0]].code} again`;
  if (!name) return `allow the avoided ${ref} sections again${ids.length ? ` (${ids.length})` : ""}`;
  return `allow the avoided ${course} ${pluralOf(name)} again${ids.length ? ` (${ids.length})` : ""}`;
}

function repair(r, label = capitalise(r.description)) {
  const before = structuredClone(req);
  req = applyRepair(req, r.drops, job?.request, sections);
  undoable = { before, label, after: toQuery(req) };
  // the form changed without the student touching it (a busy time gone, a course dropped): the
  // status says which, before the schedules it led to
  appliedNote = `Applied “${label}”.`;
  openedJob = null; // the repaired request is no longer what the opened job asked
  persist();
  renderAll();
  generate();
}

/** Puts back the request as it was before the last one-click repair, and generates it again. */
function undoRepair() {
  if (!undoable) return;
  const { before, label } = undoable;
  undoable = null;
  req = before;
  appliedNote = `Undid “${label}”: the request is as it was.`;
  openedJob = null;
  persist();
  renderAll();
  generate();
  $("generate").focus(); // the Undo button hides
}

function capitalise(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// --- Results -------------------------------------------------------------------------------

function renderResults() {
  const schedules = job.results;
  const compare = $("compare").checked && schedules.length > 1;
  index = Math.max(0, Math.min(index, schedules.length - 1));
  const shown = compare ? [Math.min(index, schedules.length - 2), Math.min(index, schedules.length - 2) + 1] : [index];
  $("position").textContent = compare
    ? `Schedules ${shown[0] + 1} and ${shown[1] + 1} of ${schedules.length}`
    : `Schedule ${index + 1} of ${schedules.length}`;
  const pager = document.activeElement; // before a disabled button drops the focus to the page
  $("prev").disabled = index === 0;
  $("next").disabled = index >= schedules.length - (compare ? 2 : 1);
  // Previous pressed onto the first schedule (Next onto the last) is disabled now: the keyboard
  // goes on from the other one, not from the top of the page
  if ((pager === $("prev") || pager === $("next")) && pager.disabled) {
    const other = pager === $("prev") ? $("next") : $("prev");
    (other.disabled ? $("results-title") : other).focus();
  }
  $("cards").classList.toggle("side-by-side", compare);
  // a control focused in a card (Keep, Avoid, Save…) goes with the card: the card shown in its place
  // gets the focus on its equivalent (`data-focus`), or the results heading when it has none
  const focused = document.activeElement?.closest("#cards .card") ? document.activeElement : null;
  const slot = focused ? [...$("cards").children].indexOf(focused.closest(".card")) : -1;
  for (const region of $("cards").querySelectorAll(".table-scroll")) scrollRegions.unobserve(region);
  $("cards").replaceChildren(...shown.map((i) => withCampuses(scheduleCard(schedules[i], schedules), schedules[i])));
  watchScrollRegions($("cards"));
  if (focused) {
    const cards = $("cards").children;
    const card = cards[Math.min(slot, cards.length - 1)];
    const key = focused.dataset.focus;
    const same = key ? [...card.querySelectorAll("[data-focus]")].find((node) => node.dataset.focus === key && !node.hidden) : null;
    (same || $("results-title")).focus();
  }
}

/** Per component, the sections that some valid schedule can use and those none can (a job
 * answered before the engine said so has no `viability`: the panel stays hidden). */
function renderFit(components) {
  $("fit").hidden = !components?.length;
  $("fit-rows").replaceChildren(...(components || []).map((c) => {
    const codes = (viable) => c.sections.filter((s) => s.viable === viable).map(fitName);
    const [can, cannot, unknown] = [codes(true), codes(false), codes(null)];
    const late = unknown.length ? `Not checked in time: ${unknown.join(", ")}` : "";
    // each section that can fit is a button that keeps it, saying when it meets and who teaches it
    // once the courses are looked up (lookUpFitSections): codes alone (“101”, “102”…) tell a
    // student nothing of which to keep
    const keep = c.sections.filter((s) => s.viable === true).flatMap((s) => [" ", keepButton({ id: s.id, course: c.course, component: c.component, code: s.code }, fitText(s, fitName(s)))]);
    return el("tr", { "data-course": c.course, "data-component": c.component },
      el("td", {}, c.course),
      el("td", {}, c.component_name || c.component),
      el("td", {}, `${can.length} of ${c.sections.length}${can.length ? ":" : ""}`, can.length ? el("span", { class: "pin-actions" }, keep) : null),
      el("td", {}, [cannot.join(", ") || "—", late].filter(Boolean).join(". ")));
  }));
  addWatchButtons(components);
  watchScrollRegions($("fit"));
}

// --- Seat alerts: a Watch button for each full section of *Which sections can fit* -------------

const FULL_STATUSES = ["closed", "waitlist"];
const watched = new Map(); // "institution/term/registrar id" → the watch's id, of the sections watched
const watchesChanged = new Set(); // the keys watched or stopped on this page: a lookup answered later keeps them
const watchesRead = new Map(); // "institution/term" → the lookup of the student's watches of that term

/** Under *Which sections can fit*, a Watch button for each full section of its courses (closed or
 * on a wait list, which can fit or not), which emails the student when it opens (docs/web.md,
 * "Seat alerts"); signed out, a link to sign in that comes back to this request, as a card's
 * “Sign in to save” does. Beside the table, not in it: its rows say what can fit. Signed in, the
 * student's watches of the term are read once a term and page, and a watched section's button
 * says “Watching …”, with a Stop watching button beside it. */
function addWatchButtons(components) {
  $("fit-watch")?.remove();
  const full = (components || []).flatMap((c) => c.sections.filter((s) => FULL_STATUSES.includes(s.status)).map((s) => [c, s]));
  if (!full.length) return;
  const box = el("p", { id: "fit-watch", class: "watch-actions" });
  if (initial.user) {
    const note = el("span", { class: "watch-note", role: "status" });
    box.append("Full sections: watch one to get an email when it opens. ", ...full.flatMap(([c, s], i) => [i ? " " : "", watchButton(c, s)]), note);
    watchesOfTerm(job.institution, job.term).then((found) => {
      if (!box.isConnected) return; // the panel was drawn again meanwhile: that one shows them
      for (const span of box.querySelectorAll(".watch")) watchShown(span);
      // the buttons stay usable: watching a section watched already answers its watch
      if (!found) note.textContent = " We could not read which sections you watch, so a button may say Watch for one you watch already (pressing it does no harm).";
    });
  } else {
    const names = full.map(([c, s]) => `${c.course} ${c.component} ${s.code}`);
    box.append(`Full sections (${names.join(", ")}): `, el("a", { href: signInHref(), class: "sign-in" }, "Sign in to watch them"), " and get an email when one opens.");
  }
  $("fit").querySelector(".table-scroll").after(box);
}

/** The student's watches of a term, read once a term and page (`GET watches/?term=`, every
 * page) into `watched`: true when read, false when the lookup failed (tried again next time). */
function watchesOfTerm(institution, term) {
  const key = `${institution}/${term}`;
  if (!watchesRead.has(key)) {
    const lookup = readWatches(institution, term).then((found) => {
      if (!found) {
        watchesRead.delete(key);
        return false;
      }
      for (const [section, id] of found) if (!watchesChanged.has(section)) watched.set(section, id);
      return true;
    });
    watchesRead.set(key, lookup);
  }
  return watchesRead.get(key);
}

async function readWatches(institution, term) {
  const found = new Map();
  let url = `/api/v1/watches/?${new URLSearchParams({ term, institution, page_size: 100 })}`;
  for (let pages = 0; url && pages < 20; pages += 1) {
    const answer = await api("GET", url);
    if (answer.status !== 200 || !Array.isArray(answer.data?.results)) return null;
    for (const w of answer.data.results) found.set(`${w.institution}/${w.term}/${w.registrar_id}`, w.id);
    url = answer.data.next;
  }
  return found;
}

/** A button that watches section `s` of component `c`: “Watch CS 1110 LEC 002 (closed)”, then
 * “Watching CS 1110 LEC 002”, with “Stop watching CS 1110 LEC 002” beside it. */
function watchButton(c, s) {
  const body = { term: job.term, institution: job.institution, registrar_id: s.id };
  const span = el("span", { class: "watch", "data-key": `${job.institution}/${job.term}/${s.id}`, "data-name": `${c.course} ${c.component} ${s.code}`, "data-status": s.status });
  const said = el("span", { class: "watch-status", role: "status" });
  const button = el("button", { type: "button", class: "small secondary", "data-watch": s.id, onclick: () => onWatch(span, body, said) });
  const stop = el("button", { type: "button", class: "small secondary", "data-stop-watch": s.id, onclick: () => onStopWatching(span, said) }, `Stop watching ${span.dataset.name}`);
  span.append(button, " ", stop, said);
  watchShown(span);
  return span;
}

/** The buttons of a Watch span as `watched` says: “Watch … (closed)”, or “Watching …”
 * (`aria-disabled`) and its Stop watching button. */
function watchShown(span) {
  const [button, stop] = span.querySelectorAll("button");
  const { key, name, status } = span.dataset;
  if (watched.has(key)) {
    button.textContent = `Watching ${name}`;
    button.setAttribute("aria-disabled", "true");
  } else {
    button.textContent = `Watch ${name} (${status})`;
    button.removeAttribute("aria-disabled");
  }
  stop.hidden = !watched.has(key);
  stop.removeAttribute("aria-disabled");
}

async function onWatch(span, body, said) {
  const button = span.querySelector("[data-watch]");
  if (button.getAttribute("aria-disabled") === "true") return; // watching, or being watched
  button.setAttribute("aria-disabled", "true");
  const answer = await api("POST", "/api/v1/watches/", body);
  if (answer.status === 201 || answer.status === 200) {
    watched.set(span.dataset.key, answer.data.id);
    watchesChanged.add(span.dataset.key);
    watchShown(span);
    const page = el("a", { href: "/accounts/watches/" }, "Watched sections");
    if (answer.data.email_openings === false) { // watched before (another tab), its emails turned off since
      said.replaceChildren(" Watched, with its emails off: turn them on in ", page, ".");
    } else if (answer.data.emailed === false) { // no address on the account: watched, but no alert can reach her
      said.replaceChildren(" Watched, but no email can reach you: your account has no email address. Add one on your ",
        el("a", { href: "/accounts/profile/" }, "profile"), " (", page, ").");
    } else {
      said.replaceChildren(" We email you when it opens (", page, ").");
    }
    return;
  }
  button.removeAttribute("aria-disabled");
  const fields = answer.data?.error?.fields || {};
  said.textContent = ` ${Object.values(fields).flat()[0] || answer.message}`;
}

async function onStopWatching(span, said) {
  const stop = span.querySelector("[data-stop-watch]");
  const { key, name } = span.dataset;
  if (stop.getAttribute("aria-disabled") === "true" || !watched.has(key)) return;
  stop.setAttribute("aria-disabled", "true");
  const answer = await api("DELETE", `/api/v1/watches/${watched.get(key)}/`);
  if (answer.status === 204 || answer.status === 404) { // 404: stopped meanwhile (another tab, the account page)
    watched.delete(key);
    watchesChanged.add(key);
    watchShown(span);
    span.querySelector("[data-watch]").focus(); // the Stop watching button pressed is hidden now
    said.textContent = ` Stopped watching ${name}: no email when it opens.`;
    return;
  }
  stop.removeAttribute("aria-disabled");
  said.textContent = ` ${answer.message}`;
}

/** A section of *Which sections can fit* by its code, with what the student should know before
 * keeping it: “002 (closed)”, “103 (avoided)”. */
function fitName(s) {
  const notes = [job?.request?.excluded?.includes(s.id) ? "avoided" : "", s.status && s.status !== "open" ? s.status : ""].filter(Boolean);
  return notes.length ? `${s.code} (${notes.join(", ")})` : s.code;
}

/** A section's weekly times in a few words (“MoWe 09:00–09:50”), “no set time” for none; its
 * sessions on dates alone, “on set dates”. */
function weeklyWhen(section) {
  const weekly = section.meetings.filter((m) => m.kind === "weekly" && m.start);
  const times = [...new Set(weekly.map((m) => `${m.days.join("")} ${m.start}–${endOf(m.end)}`))];
  if (times.length) return times.join(", ");
  return section.meetings.some((m) => m.start) ? "on set dates" : "no set time";
}

/** A *Which sections can fit* button's parts: its section's code (`named`, with its seats), then
 * when it meets and who teaches it, once its course has been looked up. */
function fitText(s, named) {
  const sec = job && alternativeSections.get(catalogOf(job))?.get(s.id);
  if (!sec) return [named];
  return [named, weeklyWhen(sec), sec.instructors.join("; ")].filter(Boolean);
}

/** Looks up the courses of a job's *Which sections can fit* (one `courses/{subject}/{number}/`
 * each, once per catalog version, shared with the alternatives' look-up), then says on each of
 * its buttons when the section meets and who teaches it (in place: the focus stays). */
async function lookUpFitSections(state) {
  const courses = [...new Set((state.viability || []).filter((c) => c.sections.some((s) => s.viable === true)).map((c) => c.course))];
  await lookUpCourseSections(state, courses);
  if (job !== state) return; // another job shown meanwhile
  for (const c of state.viability || []) {
    for (const s of c.sections) {
      const button = $("fit-rows").querySelector(`[data-keep="${CSS.escape(s.id)}"]`);
      if (!button) continue;
      const fresh = keepButton({ id: s.id, course: c.course, component: c.component, code: s.code }, fitText(s, fitName(s)));
      button.replaceChildren(...fresh.childNodes);
      button.setAttribute("aria-label", fresh.getAttribute("aria-label"));
    }
  }
}

// A table's scroll region is a Tab stop (whose arrows scroll it) only while its table is wider
// than it: one that fits would be a stop with nothing to do. Checked again when its size changes
// (a phone turned, a window resized, side by side, the panel opened).
const scrollRegions = new ResizeObserver((entries) => {
  for (const entry of entries) markScrollable(entry.target);
});

function markScrollable(region) {
  if (region.scrollWidth > region.clientWidth) region.setAttribute("tabindex", "0");
  else region.removeAttribute("tabindex");
}

/** Watches the scroll regions under `root`, marked at once (a card's region may take the focus now). */
function watchScrollRegions(root) {
  for (const region of root.querySelectorAll(".table-scroll")) {
    markScrollable(region);
    scrollRegions.observe(region);
  }
}

function turn(delta) {
  if (!job?.results?.length) return;
  const last = job.results.length - ($("compare").checked && job.results.length > 1 ? 2 : 1);
  const next = Math.max(0, Math.min(last, index + delta));
  if (next === index) return;
  index = next;
  renderResults();
  persist(); // the address (and every sign-in link) names the schedule shown
}

function onKey(event) {
  if ($("results").hidden || event.altKey || event.ctrlKey || event.metaKey) return;
  const target = event.target;
  // the keys page only from the results (WCAG 2.1.4): a j typed, or an arrow pressed, on the
  // header's links or the form's buttons and checkboxes is no request for another schedule
  if (!target.closest?.("#results")) return;
  // a field takes the keys that edit it; a read-only one (the share link) leaves j and k to paging
  const letter = event.key === "j" || event.key === "k";
  const typing = target.tagName === "INPUT" && !["checkbox", "button", "submit"].includes(target.type) && !(target.readOnly && letter);
  if (typing || target.closest("select, textarea, [contenteditable]")) return; // keys that edit a field
  if (target.classList.contains("table-scroll") && event.key.startsWith("Arrow")) return; // they scroll the table
  if (event.key === "ArrowRight" || event.key === "j") {
    event.preventDefault();
    turn(1);
  } else if (event.key === "ArrowLeft" || event.key === "k") {
    event.preventDefault();
    turn(-1);
  }
}

/** A schedule's credit hours as scheduler.requests.credits_words words them: "15 credits",
 * "4.5 to 6 credits", then the courses whose credits the catalog does not give. */
function creditsWords(credits) {
  const amount = credits.min === credits.max ? `${credits.min}` : `${credits.min} to ${credits.max}`;
  const words = `${amount} credit${amount === "1" ? "" : "s"}`;
  return credits.unknown.length ? `${words}, not counting ${credits.unknown.join(", ")}: credits not given` : words;
}

function equivalentCount(schedule) {
  return schedule.sections.reduce((n, s) => n * (1 + s.alternatives.length), 1);
}

// the sections of the courses whose schedules have interchangeable sections, by the job's term and
// catalog version, then registrar id: the job gives an alternative's id alone, not its meetings
const alternativeSections = new Map();
const catalogOf = (state) => `${state.institution}/${state.term}/${state.catalog_version ?? ""}`;

/** An alternative to section `s` as its cell says it: its id, its notes where they differ (a topics
 * course's other topic), and its meetings where they differ from `s`'s (once looked up). */
function alternativeText(s, id, usual) {
  const other = alternativeSections.get(catalogOf(job))?.get(id);
  const when = other ? meetingsText(other, usual) || "no set time" : "";
  const differs = when && when !== (meetingsText(s, usual) || "no set time") ? when : "";
  const notes = s.alternative_notes?.[id];
  return `${id}${notes ? ` (${notes})` : ""}${differs ? ` at ${differs}` : ""}`;
}

/** The sections of a job's term and catalog version looked up so far, by registrar id. */
function knownSections(state) {
  const key = catalogOf(state);
  if (!alternativeSections.has(key)) alternativeSections.set(key, new Map());
  return alternativeSections.get(key);
}

// courses being looked up, by catalog version and code: the alternatives' and the fit's look-ups
// of one course are one request
const courseLookups = new Map();

/** Looks up these courses of a job's term (those not looked up yet for its catalog version) and
 * keeps their sections in `alternativeSections`; settles once they have answered. */
async function lookUpCourseSections(state, courses) {
  const known = knownSections(state);
  await Promise.all(courses.map((code) => {
    const key = `${catalogOf(state)} ${code}`;
    if (!courseLookups.has(key)) {
      const [subject, number] = code.split(" ");
      courseLookups.set(key, api("GET", `${courseUrl(state.institution, state.term)}${encodeURIComponent(subject)}/${encodeURIComponent(number)}/`).then((a) => {
        if (a.status === 200) for (const c of a.data.components) for (const sec of c.sections) known.set(sec.registrar_id, sec);
        else courseLookups.delete(key); // asked again next time
      }));
    }
    return courseLookups.get(key);
  }));
}

/** Looks up the courses of a job's interchangeable sections (one `courses/{subject}/{number}/`
 * each, once per catalog version), then redraws the alternatives' cells with their times. */
async function lookUpAlternatives(state) {
  const known = knownSections(state);
  const courses = [...new Set(state.results.flatMap((r) => r.sections).filter((s) => s.alternatives.some((id) => !known.has(id))).map((s) => s.course))];
  if (!courses.length) return;
  await lookUpCourseSections(state, courses);
  if (job !== state || $("results").hidden) return; // another job shown meanwhile
  const usual = usualDates();
  for (const row of $("cards").querySelectorAll("tr[data-section]")) {
    const s = state.results.flatMap((r) => r.sections).find((x) => x.id === row.dataset.section);
    const cell = row.querySelector("td.alternatives");
    if (s && cell && s.alternatives.length) cell.textContent = s.alternatives.map((id) => alternativeText(s, id, usual)).join(", ");
  }
}

const usualRanges = new WeakMap(); // a job → when its classes held every week meet (usualRange)

/** When the shown job's classes held every week meet, from all its schedules' sections and its term. */
function usualDates() {
  if (!usualRanges.has(job)) {
    usualRanges.set(job, usualRange(job.results.flatMap((r) => [...r.sections, ...r.tba]), termData(job.institution, job.term)));
  }
  return usualRanges.get(job);
}

/** Where a schedule stands among the job's: "No other schedule costs less.", with how many cost
 * the same when it ties (the order of a tie is the engine's tie-break, not a preference), or
 * "Ranked 3." (a schedule tied with the first: "Ranked 2: it costs as little as schedule 1."). */
function standing(schedule, schedules) {
  const best = schedules[0]?.score ?? schedule.score;
  const tied = schedules.filter((s) => s.score === best).length - 1;
  if (schedule.rank === 1) {
    if (!tied) return "No other schedule costs less. ";
    return `No other schedule costs less; ${tied === 1 ? "schedule 2 costs" : `${tied} others cost`} the same. `;
  }
  return schedule.score === best && schedule.rank > 1 ? `Ranked ${schedule.rank}: it costs as little as schedule 1. ` : `Ranked ${schedule.rank}. `;
}

function scheduleCard(schedule, schedules = [schedule]) {
  const parts = Object.entries(schedule.breakdown);
  const named = new Map([...schedule.sections, ...schedule.tba].map((s) => [s.id, `${s.course} ${s.component} ${s.code}`]));
  const sources = schedule.breakdown_sources || {};
  const why = el("ul", { class: "breakdown" }, parts.map(([name, cost]) => el("li", {}, breakdownLine(name, cost, job?.request?.preferences, sources[name], named))));
  // one-off sessions and exams count towards no preference (docs/engine.md): a lab at 9:30 on two
  // dates is no "class before 10:00", so the verdict says what it weighed
  const dated = schedule.sections.some(hasDatedSessions);
  const unweighed = "one-off sessions and exams do not count; their dates are listed below";
  const verdict = schedule.score === 0
    ? (parts.length ? (dated ? `It meets every preference you set in its weekly classes (${unweighed}).` : "It meets every preference you set.") : "You set no preference: every schedule that fits ties.")
    : `It costs ${schedule.score} preference points in all${dated ? ` (weekly classes only: ${unweighed})` : ""}:`;
  const usual = usualDates();
  const alternatives = equivalentCount(schedule);
  const tba = schedule.tba.length
    ? el("div", { class: "tba" }, el("p", {}, "No set time:"), el("ul", {}, schedule.tba.map((s) => el("li", { "data-section": s.id },
      `${s.course} ${s.component} ${s.code} (${s.id})${seatsNote(s.status)} `, sectionButtons(s)))))
    : null;
  const warnings = schedule.warnings.length ? el("ul", { class: "warnings" }, schedule.warnings.map((w) => el("li", {}, w))) : null;
  return el("article", { class: "card", "data-rank": String(schedule.rank), "aria-labelledby": `card-${schedule.rank}` },
    el("h3", { id: `card-${schedule.rank}` }, `Schedule ${schedule.rank}`, schedule.rank === 1 ? [" ", el("span", { class: "badge" }, "best")] : null, el("span", { class: "score" }, ` · cost ${schedule.score}`), schedule.credits ? el("span", { class: "score credits" }, ` · ${creditsWords(schedule.credits)}`) : null),
    // the busy times the job was asked with (its normalised request), not the form's, which may have changed since
    timesSaid(schedule.sections) ? el("p", { class: "zones hint" }, timesSaid(schedule.sections)) : null,
    weekCalendar({ sections: schedule.sections, busy: job.request?.busy || [], label: `Week of schedule ${schedule.rank}`, colourOf, usual }),
    el("details", { class: "why", open: true },
      el("summary", { "data-focus": "why" }, "Why this one", of(schedule.rank, ", schedule")),
      // with no preference every schedule ties, as the verdict says
      el("p", {}, parts.length ? standing(schedule, schedules) : standing(schedule, [schedule]), verdict),
      parts.length ? why : null),
    // on a phone the table is wider than the card: its own region scrolls sideways, and the
    // keyboard reaches it (the arrows scroll it there) to read the instructors and alternatives;
    // a Tab stop only while it is wider (watchScrollRegions)
    el("div", { class: "table-scroll", role: "region", "aria-label": `Sections of schedule ${schedule.rank}`, "data-focus": "sections" }, el("table", { class: "sections" },
      // the engine merges sections nothing in this request tells apart (docs/engine.md): not
      // always at the same times, so each one meeting at others says when, once looked up
      el("caption", {}, alternatives > 1 ? `Sections (${alternatives} equivalent choices: other sections interchangeable for this request; times given where they differ)` : "Sections"),
      el("thead", {}, el("tr", {}, ["Course", "Section", "Id", "When", "Status", "Instructors", "Interchangeable here"].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, schedule.sections.map((s) => el("tr", { "data-section": s.id },
        el("td", {}, `${s.course} ${s.title}`),
        el("td", {}, el("span", { class: "section-name" }, `${s.component} ${s.code}`), s.notes ? el("span", { class: "section-notes" }, s.notes) : null, sectionButtons(s)),
        el("td", {}, s.id),
        el("td", {}, meetingsText(s, usual) || "—"),
        // as the saved pages say it: a closed or waitlisted section is seen before it is saved
        el("td", { class: "seat-status" }, s.status || "—"),
        // “; ”: a catalog writing “Last, First” would read “Gahlmann, Andreas, Columbus, Linda” as four
        el("td", {}, s.instructors.join("; ")),
        // another topic of a topics course at the same times is named, so it is not taken for the same class
        el("td", { class: "alternatives" }, s.alternatives.length ? s.alternatives.map((id) => alternativeText(s, id, usual)).join(", ") : "—")))))),
    tba,
    warnings,
    copyIdsBox(schedule),
    saveBox(schedule));
}

// --- Copy the section ids (registration day) -----------------------------------------------

/** A card's *Copy section ids*: the schedule's registrar ids (the sections table's *Id*), TBA
 * sections included, in course order, as one line to type into the registrar's system
 * (crns.js); a read-only field holds them when the browser refuses the clipboard. In the saved
 * page's order (`savedOrder`), not the table's: the schedule copied from either reads the same. */
function copyIdsBox(schedule) {
  const ids = registrationIds([...savedOrder(schedule.sections), ...savedOrder(schedule.tba)]);
  if (!ids.length) return null;
  const fieldId = `copy-ids-${schedule.rank}`;
  const status = el("p", { class: "copy-status", role: "status" });
  const field = el("input", { type: "text", id: fieldId, readonly: true, value: ids.join(SEPARATOR), class: "wide", "data-focus": "copy-ids-field", onfocus: (e) => e.target.select() });
  const fallback = el("span", { class: "copy-fallback", hidden: true }, el("label", { for: fieldId }, "Section ids", of(schedule.rank)), " ", field);
  const button = el("button", { type: "button", class: "small secondary", "data-focus": "copy-ids", onclick: () => {
    copyIds({ ids, field, status, noun: ["section id", "section ids"], after: backupsWords(schedule) });
  } }, "Copy section ids", of(schedule.rank));
  return el("div", { class: "copy-ids" }, button, " ", fallback, status);
}

/** The interchangeable sections of a schedule (its *Interchangeable here*) as backups to register
 * for when a section is full, in words: " Backups if a section is full, interchangeable in this
 * schedule: 40006, 40007 or 40008 instead of 40005 (CS 1110 LAB 102)."; "" when none. Said, not copied: a registration form's one-line field
 * would run a second line into the ids. */
function backupsWords(schedule) {
  const BACKUPS_SAID = 5; // a lab of sixty interchangeable sections: the first five, the rest counted
  const lines = [...schedule.sections, ...schedule.tba].filter((s) => s.alternatives.length).map((s) => {
    const said = s.alternatives.slice(0, BACKUPS_SAID);
    const more = s.alternatives.length - said.length;
    const ids = `${said.slice(0, -1).join(", ")}${said.length > 1 ? " or " : ""}${said.at(-1)}${more ? ` (and ${more} more under “Interchangeable here”)` : ""}`;
    return `${ids} instead of ${s.id} (${s.course} ${s.component} ${s.code})`;
  });
  return lines.length ? ` Backups if a section is full, interchangeable in this schedule: ${lines.join("; ")}.` : "";
}

// --- Save, share, .ics ---------------------------------------------------------------------

/** Words only a screen reader reads (“ of schedule 2”) after a control's visible name: with two
 * cards side by side, each card's Save, Name, Share link… says which schedule it is for. */
function of(rank, words = " of schedule") {
  return el("span", { class: "sr-only" }, `${words} ${rank}`);
}

function termName() {
  return termData()?.name || req.term;
}

/** Saves `schedule` of the job shown under `name` (its card's Name; the default when blank): the
 * API's answer, or null when another job is shown by the time it comes. One Idempotency-Key per
 * body sent: Save pressed again after an answer that never arrived (a dropped connection) is
 * answered with the first save, not a second copy of the schedule. Kept by schedule, not card:
 * paging away and back draws the card anew while it saves. */
async function sendSave(schedule, name) {
  const shown = job;
  const ids = [...schedule.sections, ...schedule.tba].map((s) => s.id);
  const body = { term: req.term, institution: req.institution, name: name.trim() || `${termName()}, option ${schedule.rank}`, notes: "", sections: ids, generation: job.id };
  const sent = JSON.stringify(body);
  if (saves.get(schedule.rank)?.sent !== sent) saves.set(schedule.rank, { sent, key: idempotencyKey() });
  const save = saves.get(schedule.rank);
  save.pending = true;
  const answer = await api("POST", "/api/v1/schedules/", body, 1, { "Idempotency-Key": save.key });
  save.pending = false;
  if (job !== shown) return null;
  if (answer.status === 201) savedByRank.set(schedule.rank, answer.data);
  return answer;
}

function saveBox(schedule) {
  const box = el("div", { class: "save" });
  const message = el("p", { class: "save-status", role: "status" });
  if (!initial.user) {
    const link = el("a", { href: signInHref("login", schedule.rank), class: "sign-in", "data-rank": String(schedule.rank), "data-focus": "sign-in" }, "Sign in to save this schedule");
    box.append(el("p", {}, link, " (your request is kept on this device)."));
    return box;
  }
  const nameId = `save-name-${schedule.rank}`;
  const name = el("input", { type: "text", id: nameId, value: `${termName()}, option ${schedule.rank}`, maxlength: "120", "data-focus": "save-name" });
  // aria-disabled while saving, not disabled: a disabled button loses the keyboard focus
  const button = el("button", { type: "button", class: "small", "data-focus": "save", onclick: async () => {
    if (savedChecking && !saves.get(schedule.rank)?.pending) {
      savesWaiting.set(schedule.rank, { schedule, name: name.value });
      message.textContent = `${CHECKING_SAVED} It is saved once that is answered, unless it is saved already.`;
      return;
    }
    if (button.getAttribute("aria-disabled") === "true") return;
    button.setAttribute("aria-disabled", "true");
    message.textContent = "Saving…";
    const answer = await sendSave(schedule, name.value);
    if (!answer) return; // another job shown meanwhile: this card is gone
    const { status, data, message: error } = answer;
    if (!box.isConnected) {
      // paged away and back while it saved: the card shown now is another drawing of this one
      if ([...$("cards").children].some((card) => Number(card.dataset.rank) === schedule.rank)) renderResults();
      return;
    }
    button.removeAttribute("aria-disabled");
    if (status === 201) {
      const focused = document.activeElement === button; // before the button hides, which drops the focus
      const links = showSaved(data);
      if (focused) links.querySelector("button").focus(); // Share link: what comes next
    } else if (status === 404) {
      message.textContent = "Saving is not available on this server yet.";
    } else if (status === 401 || status === 403) {
      // the page was drawn signed in, so it has no other sign-in link: this one comes back here
      message.replaceChildren("Your session has ended: ", el("a", { href: signInHref("login", schedule.rank), class: "sign-in", "data-rank": String(schedule.rank), "data-focus": "sign-in" }, "sign in again"), " to save (your request is kept on this device).");
    } else {
      message.textContent = `Could not save: ${error}`;
    }
  } }, "Save", of(schedule.rank, " schedule"));
  const showSaved = (data) => {
    message.textContent = `Saved as “${data.name}”.`;
    // saved: the name is the saved schedule's now, renamed on its page (Saved schedules), not here
    name.value = data.name;
    name.readOnly = true;
    const links = savedLinks(data, schedule.rank);
    box.append(links);
    button.hidden = true;
    return links;
  };
  // Enter in the name saves, as in any one-field form (the card is outside the planner's form)
  name.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !button.hidden) button.click();
  });
  box.append(el("div", { class: "row" }, el("label", { for: nameId }, "Name", of(schedule.rank)), name, button), message);
  // a card drawn again (paging back to it) shows that it is saved, so it is not saved twice, or
  // that it is being saved, or held until the saved schedules are looked up
  if (savedByRank.has(schedule.rank)) showSaved(savedByRank.get(schedule.rank));
  else if (saves.get(schedule.rank)?.pending || savedChecking) {
    button.setAttribute("aria-disabled", "true");
    message.textContent = saves.get(schedule.rank)?.pending ? "Saving…" : CHECKING_SAVED;
  }
  return box;
}

function savedLinks(saved, rank) {
  const links = el("div", { class: "saved-links" });
  const shareOut = el("p", { class: "share-out", role: "status" });
  const showShare = (url) => {
    const absolute = new URL(url, location.origin).href;
    shareOut.replaceChildren(
      el("label", { for: `share-${saved.id}` }, "Share link", of(rank), " "),
      el("input", { type: "text", id: `share-${saved.id}`, value: absolute, readonly: true, class: "wide", "data-focus": "share-url", onfocus: (e) => e.target.select() }),
      " ", el("a", { href: absolute, class: "share-link", "data-focus": "share-open" }, "Open", of(rank, " the share link of schedule")));
  };
  const share = el("button", { type: "button", class: "small secondary", "data-focus": "share", onclick: async () => {
    // as Save: aria-disabled while it is asked (a slow network), so a second press sends nothing
    if (share.getAttribute("aria-disabled") === "true") return;
    share.setAttribute("aria-disabled", "true");
    shareOut.textContent = "Making the share link…";
    const { status, data, message } = await api("POST", `/api/v1/schedules/${saved.id}/share/`, {});
    share.removeAttribute("aria-disabled");
    if (status === 200 || status === 201) {
      saved.share_url = data.share_url; // shown again when the card is drawn again
      showShare(data.share_url);
      // pressed by keyboard: on to the link, selected to copy (a screen reader reads it out)
      if (document.activeElement === share) shareOut.querySelector("input").focus();
    }
    // the API's 404 (its JSON error): the schedule is gone, deleted in another tab since it was
    // saved here; an HTML 404: the endpoint is not installed
    else if (status === 404 && data?.error) shareOut.textContent = "Could not share: this schedule was deleted since it was saved (it is in the bin of Saved schedules, where it can be restored).";
    else shareOut.textContent = status === 404 ? "Sharing is not available on this server yet." : `Could not share: ${message}`;
  } }, "Share link", of(rank));
  const ics = saved.ics_url || `/api/v1/schedules/${saved.id}/calendar.ics`;
  links.append(share, " ", el("a", { href: ics, download: `${saved.name || "schedule"}.ics`, class: "ics", "data-focus": "ics" }, "Download .ics", of(rank)), " ", el("a", { href: "/schedules/", "data-focus": "saved" }, "Saved schedules"), shareOut);
  if (saved.share_url) showShare(saved.share_url);
  return links;
}

// --- A job opened by its URL (/?job=<id>, where a saved schedule's re-plan leads) -------------

function showJobNote(lines) {
  $("job-note").replaceChildren(...lines.map((line) => el("p", {}, line)));
  $("job-note").hidden = false;
}

async function openJob(id) {
  $("status").textContent = "Opening the generation job…";
  const mine = following;
  const { status, data, message } = await api("GET", `/api/v1/generations/${encodeURIComponent(id)}/`);
  if (mine !== following) return; // the student chose another term, or generated, meanwhile
  if (status !== 200 || !data?.request) {
    $("status").textContent = "";
    const signIn = initial.user ? "" : " If it is yours, sign in and open this link again.";
    showJobNote([status === 404
      ? `No generation job “${id}” is open to you: it does not exist (a finished job is kept 30 days), or it belongs to another account.${signIn} The planner below starts from your last request.`
      : `Could not open the generation job “${id}”: ${message}`]);
    startFromRequest();
    return;
  }
  const { req: asked, unshown } = fromJob(data);
  for (const s of (data.results || []).flatMap((r) => [...r.sections, ...r.tba])) titles[s.course] = s.title;
  sectionsFor(asked.institution, asked.term); // the last request, shown until now, may be of another term
  learnSections(data);
  req = asked;
  openedJob = data.id;
  renderAll();
  persist();
  loadFriends();
  const lines = [`These are the schedules of generation job ${data.id}; the form shows what it asked for.`];
  const { pinned, excluded } = asked;
  if (pinned.length) {
    const [these, them] = pinned.length === 1 ? ["this section", "it"] : [`these ${pinned.length} sections`, "them"];
    lines.push(`It keeps ${these}, so every schedule uses ${them}: ${pinned.map(sectionName).join(", ")}. The form keeps ${them} too (under “Kept and avoided sections”), so generating again still uses ${them}; remove one there to let it change.`);
  }
  if (excluded.length) {
    const [these, them] = excluded.length === 1 ? ["a section", "it"] : [`${excluded.length} sections`, "them"];
    lines.push(`It avoids ${these}, so no schedule uses ${them}; the form avoids ${them} too.`);
  }
  if (unshown.length) lines.push(`The form cannot show everything the job asked for: ${unshown.join("; ")}.`);
  showJobNote(lines);
  if (!["succeeded", "failed", "cancelled"].includes(data.status)) setBusy(true);
  follow(data);
}

// --- Start ---------------------------------------------------------------------------------

/** The page from its request (the address or the last one kept): friends, then the last job. */
function startFromRequest() {
  persist();
  loadFriends();
  resumeJob();
}

async function resumeJob() {
  const query = toQuery(req);
  const url = loadJob(localStorage, query);
  if (!url) return;
  const mine = following;
  const { status, data } = await api("GET", url);
  if (mine !== following) return; // generating, or another term, meanwhile
  if (toQuery(req) !== query) return; // the request changed meanwhile (a slow answer): not its job
  if (status === 200 && data.status === "succeeded") {
    finished(data);
    const at = index ? `, at schedule ${data.results[index].rank} as you left them` : "";
    $("status").textContent = `Showing the schedules generated earlier for this request${at}.${leftOut(data)}`;
  } else if (status === 200 && (data.status === "queued" || data.status === "running")) {
    // the page was reloaded (or left and opened again) while the job ran: it runs on, so follow it
    setBusy(true);
    follow(data);
  }
}

function start() {
  wantedRank = Number(/^#schedule-(\d+)$/.exec(location.hash)?.[1] || 0);
  req = loadInitialRequest();
  const term = termData();
  if (campusesLeftOut.length && term) {
    // an address's campus the term does not have is left out rather than fitting nothing: said, not silent
    const left = campusesLeftOut.map((name) => `“${name}”`).join(", ");
    $("status").textContent = `Not ${campusesLeftOut.length > 1 ? "campuses" : "a campus"} of ${term.name}, so left out: ${left}.`;
  }
  sectionsFor(req.institution, req.term);
  Object.assign(sections, storedLabels(loadStored(localStorage), req.institution, req.term)); // no need to look them up again
  $("institution").addEventListener("change", (e) => onTermChange(e.target.value, null));
  $("term").addEventListener("change", (e) => onTermChange(req.institution, e.target.value));
  $("campus-choice").addEventListener("change", onCampusChange);
  $("modality-choice").addEventListener("change", onModalityChange);
  setupSearchFilters();
  $("course-search").addEventListener("input", onSearchInput);
  $("course-search").addEventListener("paste", onSearchPaste);
  $("course-search").addEventListener("keydown", onSearchKeys);
  $("course-search").addEventListener("blur", onSearchLeft);
  $("search-results").addEventListener("keydown", onResultsKeys);
  $("add-all").addEventListener("keydown", onResultsKeys);
  $("new-group").addEventListener("click", () => {
    req.electives.push({ pick: 1, courses: [] });
    electiveTarget = req.electives.length - 1; // the new group is the one being filled
    changed(); // the search's Elective buttons now name it
    $("search-status").textContent = `Elective group ${req.electives.length} added: the search's Elective buttons add to it.`;
    $("course-search").focus();
  });
  paintGrid = busyGrid(
    $("busy-grid"),
    (block) => {
      $("busy-grid-status").textContent = "";
      addBusy({ ...block, buffer_after: Number($("draw-buffer").value), label: "" });
    },
    () => ($("busy-grid-status").textContent = "To mark a busy time, touch and hold a slot until the grid is outlined, then drag."),
  );
  $("overlap-add").addEventListener("click", onAllowOverlap);
  $("overlap-b").addEventListener("change", () => { $("overlap-error").textContent = ""; $("overlap-b").removeAttribute("aria-invalid"); });
  $("busy-add").addEventListener("click", addBusyFromForm);
  $("busy-form").addEventListener("change", onBusyFormChange);
  // the lunch window changed (or lunch unticked): its fields are no longer marked in error
  document.querySelector("[data-pref=lunch]").addEventListener("change", () => markInvalid(lunchFields(), "form-error", false));
  $("busy-form").addEventListener("keydown", (event) => {
    // Enter in the busy time's fields adds it, as its button does, rather than generating (the
    // form's submit) with the busy time left out
    if (event.key !== "Enter" || event.target.tagName !== "INPUT") return;
    event.preventDefault();
    addBusyFromForm();
  });
  setupPreferences();
  $("planner").addEventListener("submit", (event) => {
    event.preventDefault();
    generate();
  });
  $("cancel").addEventListener("click", cancel);
  $("undo-repair").addEventListener("click", undoRepair);
  $("copy-link").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(location.href);
      $("status").textContent = "Link copied: it opens this request.";
    } catch {
      $("status").textContent = `Copy this link: ${location.href}`;
    }
  });
  $("prev").addEventListener("click", () => turn(-1));
  $("next").addEventListener("click", () => turn(1));
  $("compare").addEventListener("change", () => job && renderResults());
  $("print").addEventListener("click", () => window.print());
  document.addEventListener("keydown", onKey);
  $("generate").disabled = false; // disabled in the page until now (planner.html)
  // Back after an in-page link (the skip link) returns to an entry whose address is an earlier
  // request: the address names the request the form shows, so a reload or a copied link keeps it
  window.addEventListener("popstate", persist);
  // Back from another page (Saved schedules) that the browser kept the page for: the schedules
  // saved or deleted there since are read again
  window.addEventListener("pageshow", (event) => {
    if (event.persisted && job) recallSaved(job);
  });
  renderAll();
  signInLinksFollow(); // the header's links come back to this request, not to a bare `/`
  keepOnePerComponent(); // labels from local storage may already say two kept sections share a component
  const wanted = new URLSearchParams(location.search).get("job");
  // a message of the server's (Re-plan's) is in the page from the start, so its role=status is not
  // announced: with a job it is said again with the job's outcome in the status line (the results
  // take the focus then); without one it takes the focus, as on the other pages (base.html)
  const flash = document.querySelector("#main > .messages");
  if (flash && wanted) outcomeNote = `${flash.textContent.trim()} `;
  else if (flash) {
    flash.tabIndex = -1;
    flash.focus();
  }
  if (wanted) openJob(wanted);
  else startFromRequest();
  document.body.dataset.ready = "true";
}

start();

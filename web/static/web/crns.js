// Registration day: a schedule's registrar ids (CRNs), copied in one press to type into the
// registrar's system. The planner's cards build their action with `savedOrder`, `registrationIds`
// and `copyIds`; the saved and shared pages render theirs (templates/scheduler/_copy_ids.html) and
// wire it with `wireCopyButtons`.

// "40001, 40005, 40010": one line, as the ids are read out and as a registration form that takes
// several in one field takes them (a form of one box per id takes them one at a time)
export const SEPARATOR = ", ";

/** The registrar ids of `sections` (a schedule's, TBA ones included: they are registered too) in
 * course order: a course's sections together, the courses as they first come. A section with no
 * id, or one that cannot be taken (withdrawn or cancelled), is left out; an id is listed once. */
export function registrationIds(sections) {
  const byCourse = new Map();
  for (const s of sections) {
    if (!s.id || s.withdrawn || s.status === "cancelled") continue;
    if (!byCourse.has(s.course)) byCourse.set(s.course, []);
    const ids = byCourse.get(s.course);
    if (!ids.includes(s.id)) ids.push(s.id);
  }
  return [...byCourse.values()].flat();
}

/** `sections` (a card's sections table, or its TBA ones) in the order a saved schedule lists them
 * (scheduler/saved_schedules.py `saved_schedules`: by course subject, then number, then registrar
 * id, so a lecture usually before its lab): a card's copy and the saved page's *Copy CRNs* of the
 * same schedule agree, whatever order the card's table shows. */
export function savedOrder(sections) {
  const key = (s) => {
    const at = s.course.indexOf(" ");
    return at < 0 ? [s.course, "", s.id || ""] : [s.course.slice(0, at), s.course.slice(at + 1), s.id || ""];
  };
  const compare = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  return [...sections].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return compare(x[0], y[0]) || compare(x[1], y[1]) || compare(x[2], y[2]);
  });
}

/** Copies `ids` (or `text` holding `count` of them, as a page rendered it) to the clipboard and
 * says so in `status` (a live region, read out: a card's role=status, a saved page's aria-live).
 * When the browser refuses (a page not served over https, a permission denied) the read-only
 * `field` holding them is shown, focused and selected, and the status says to copy them by hand.
 * `noun` is what the page calls them, [one, many]: ["CRN", "CRNs"]; `after` is said after it
 * (backups, sections left out). True when the clipboard took them. */
export async function copyIds({ ids = [], text = ids.join(SEPARATOR), count = ids.length, field, status, noun, after = "" }) {
  const named = count === 1 ? noun[0] : noun[1];
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = `Copied ${count} ${named}: ${text}.${after}`;
    return true;
  } catch {
    const box = field.closest(".copy-fallback");
    if (box) box.hidden = false;
    field.value = text;
    field.focus();
    field.select();
    const [are, them] = count === 1 ? ["is", "it"] : ["are", "them"];
    status.textContent = `Your browser did not let the page copy, so the ${named} ${are} selected in the field: press Ctrl+C (⌘C on a Mac) to copy ${them}.${after}`;
    return false;
  }
}

/** Wires the copy actions a saved or shared page rendered (`[data-copy-ids]`: its read-only
 * field holds the ids, shown without the script too); their buttons are hidden until then. */
export function wireCopyButtons(root = document) {
  for (const box of root.querySelectorAll("[data-copy-ids]")) {
    const field = box.querySelector("input");
    const button = box.querySelector("button");
    const status = box.querySelector(".copy-status");
    const text = field.defaultValue;
    const count = Number(box.dataset.count);
    const after = box.dataset.leftOut ? ` ${box.dataset.leftOut}` : "";
    button.hidden = false;
    button.addEventListener("click", () => copyIds({ text, count, field, status, noun: ["CRN", "CRNs"], after }));
    field.addEventListener("focus", () => field.select());
  }
}

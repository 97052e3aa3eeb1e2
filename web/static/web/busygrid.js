// The busy-time grid: days × 30-minute slots; drag across it to mark a busy time.
// Pointer events cover mouse, pen and touch; the form beside it is the keyboard way. A finger
// swiping across the grid scrolls the page, as everywhere else on a phone: it draws after a touch
// held still for a moment (LONG_PRESS_MS), as a calendar app makes an event.

import { WEEKDAYS, minutes, hhmm } from "./request.js";
import { el } from "./dom.js";

// from 06:00, where an athlete's morning practice starts (from 07:00 until 2026-12-07, its first
// hour could be neither drawn nor seen), until 22:00
const FIRST = 6 * 60;
const LAST = 22 * 60;
const SLOT = 30;
const LONG_PRESS_MS = 350;
const SLOP_PX = 10; // a finger moving further before the long press is scrolling
const DAY_NAMES = { Mo: "Mon", Tu: "Tue", We: "Wed", Th: "Thu", Fr: "Fri", Sa: "Sat", Su: "Sun" };

/** Builds the grid in `root`; `onDraw({days, start, end})` gets each finished drag, `onTap()` a
 * finger's tap (too short to draw: the page says how to). Returns `paint(busy)`, which shades the
 * busy times (and their rest) already in the request. */
export function busyGrid(root, onDraw, onTap = () => {}) {
  const slots = [];
  for (let t = FIRST; t < LAST; t += SLOT) slots.push(t);
  root.style.setProperty("--rows", slots.length);
  root.append(el("div", { class: "bg-corner", "aria-hidden": "true" }));
  for (const day of WEEKDAYS) root.append(el("div", { class: "bg-head", "aria-hidden": "true" }, DAY_NAMES[day]));
  const cells = new Map();
  for (const t of slots) {
    root.append(el("div", { class: "bg-time", "aria-hidden": "true" }, t % 60 === 0 ? hhmm(t) : ""));
    for (const day of WEEKDAYS) {
      const cell = el("div", { class: "bg-cell", "data-day": day, "data-start": hhmm(t), title: `${DAY_NAMES[day]} ${hhmm(t)}` });
      cells.set(`${day} ${t}`, cell);
      root.append(cell);
    }
  }

  let anchor = null;
  let current = null;
  const cellAt = (event) => {
    const target = document.elementFromPoint(event.clientX, event.clientY);
    return target && target.classList.contains("bg-cell") ? target : null;
  };
  const range = () => {
    const d = [anchor, current].map((c) => WEEKDAYS.indexOf(c.dataset.day)).sort((a, b) => a - b);
    const t = [anchor, current].map((c) => minutes(c.dataset.start)).sort((a, b) => a - b);
    return { days: WEEKDAYS.slice(d[0], d[1] + 1), start: t[0], end: t[1] + SLOT };
  };
  const preview = () => {
    for (const cell of cells.values()) cell.classList.remove("drawing");
    if (!anchor) return;
    const { days, start, end } = range();
    for (const day of days) for (let t = start; t < end; t += SLOT) cells.get(`${day} ${t}`)?.classList.add("drawing");
  };
  const begin = (cell) => {
    anchor = current = cell;
    preview();
  };
  // a touch waiting to become a long press: { id, x, y, timer }
  let pressing = null;
  const release = () => {
    if (pressing) clearTimeout(pressing.timer);
    pressing = null;
  };
  root.addEventListener("pointerdown", (event) => {
    const cell = cellAt(event);
    if (!cell || event.button > 0) return;
    if (event.pointerType === "touch") {
      release();
      // not yet: the page scrolls (touch-action: pan-y) unless the finger stays put
      pressing = { id: event.pointerId, x: event.clientX, y: event.clientY, timer: setTimeout(() => {
        pressing = null;
        root.classList.add("touch-drawing");
        begin(cell);
      }, LONG_PRESS_MS) };
      return;
    }
    event.preventDefault();
    begin(cell);
  });
  // once drawing, a finger's moves draw instead of scrolling the page
  root.addEventListener("touchmove", (event) => {
    if (anchor && event.cancelable) event.preventDefault();
  }, { passive: false });
  // a long press would open the context menu (or select text) on some phones
  root.addEventListener("contextmenu", (event) => {
    if (anchor || pressing) event.preventDefault();
  });
  root.addEventListener("pointermove", (event) => {
    if (pressing && event.pointerId === pressing.id && Math.hypot(event.clientX - pressing.x, event.clientY - pressing.y) > SLOP_PX) release();
    if (!anchor) return;
    const cell = cellAt(event);
    if (cell && cell !== current) {
      current = cell;
      preview();
    }
  });
  const finish = (event) => {
    if (pressing && event.pointerId === pressing.id) onTap(); // lifted before the long press
    release();
    root.classList.remove("touch-drawing");
    if (!anchor) return;
    const { days, start, end } = range();
    anchor = current = null;
    preview();
    onDraw({ days, start: hhmm(start), end: hhmm(end) });
  };
  root.addEventListener("pointerup", finish);
  root.addEventListener("pointercancel", () => {
    release(); // the page took the touch to scroll
    root.classList.remove("touch-drawing");
    anchor = current = null;
    preview();
  });
  document.addEventListener("pointerup", finish);

  return function paint(busy) {
    for (const cell of cells.values()) cell.classList.remove("busy", "rest");
    for (const b of busy) {
      const start = minutes(b.start);
      const end = minutes(b.end);
      for (const day of b.days) {
        for (let t = FIRST; t < LAST; t += SLOT) {
          const cell = cells.get(`${day} ${t}`);
          if (t < end && t + SLOT > start) cell.classList.add("busy");
          else if (t >= end && t < end + (b.buffer_after || 0)) cell.classList.add("rest");
        }
      }
    }
    // a slot busy with one block and in another's rest is busy: the rest's lighter hatching would hide it
    for (const cell of cells.values()) if (cell.classList.contains("busy")) cell.classList.remove("rest");
  };
}

// Lists of course codes, read as the course search reads them (catalog/selectors.py `code_list`;
// a browser test compares the two): its words, parted by spaces, commas and semicolons, a slash a
// word of its own, are codes (`CS2110`, `CS-2110`), or a subject then a number (`CS 2110`,
// `CS - 2110`), or a joiner between two codes (`and`, `&`, `or`, `/`: “CS 2120 or CS 2130”, a
// choice, is a list of candidates too), or a course's title in brackets after its code (“CS 2100
// (Data Structures)”, as a degree audit pastes it; ignored). A list names a subject of the term at
// least, and a word that is none of them is a subject only when written in capitals (“CS 2100
// ZZZZ 1000”): “calculus 1 physics 2” is words. Read word by word, in one pass: a regular
// expression of repeated codes backtracked for seconds on a long list failing at its end (a
// student typing its last code).

// a slash, or a run of characters but the spaces Python's \s and JavaScript's both hold, commas,
// semicolons and slashes (catalog/selectors.py LIST_WORDS)
const LIST_WORDS = /\/|[^\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000,;/]+/g;
const CODE_WORD = /^([A-Za-z]{1,20})-?([0-9][0-9A-Za-z]{0,19})$/;
const SUBJECT_WORD = /^([A-Za-z]{1,20})(-?)$/;
const NUMBER_WORD = /^(-?)([0-9][0-9A-Za-z]{0,19})$/;
const LIST_JOINERS = new Set(["and", "&", "or", "/"]);
const CHOICES = new Set(["or", "/"]); // joiners offering a choice, not a list to take whole

const count = (word, bracket) => word.split(bracket).length - 1;

/** The codes of a list (as listedCodes) and whether it offers a choice (“or”, “/”). */
function readList(text, subjects) {
  const none = { codes: [], choice: false };
  const words = text.match(LIST_WORDS) || [];
  const codes = [];
  let at = 0;
  let last = ""; // what the word before ended: "" (nothing), "code", "title" or "joiner"
  let choice = false;
  while (at < words.length) {
    const word = words[at];
    if (LIST_JOINERS.has(word.toLowerCase())) {
      if (last !== "code" && last !== "title") return none;
      choice ||= CHOICES.has(word.toLowerCase());
      at += 1;
      last = "joiner";
      continue;
    }
    if (word.startsWith("(")) { // a title after its code, to its closing bracket
      if (last !== "code") return none;
      let depth = 0;
      while (at < words.length && (depth += count(words[at], "(") - count(words[at], ")")) > 0) at += 1;
      if (at === words.length) return none; // not closed
      at += 1;
      last = "title";
      continue;
    }
    const whole = word.match(CODE_WORD);
    let code;
    if (whole) {
      code = `${whole[1]} ${whole[2]}`;
      at += 1;
    } else {
      const subject = word.match(SUBJECT_WORD);
      let following = at + 1;
      let hyphen = Boolean(subject && subject[2]);
      if (subject && !hyphen && words[following] === "-") { // "CS - 2110"
        following += 1;
        hyphen = true;
      }
      const number = subject && following < words.length ? words[following].match(NUMBER_WORD) : null;
      if (!number || (hyphen && number[1])) return none;
      code = `${subject[1]} ${number[2]}`;
      at = following + 1;
    }
    if (!codes.some((c) => c.toUpperCase() === code.toUpperCase())) codes.push(code);
    last = "code";
  }
  if (codes.length < 2 || last === "joiner") return none;
  const known = new Set(subjects.map((s) => s.toUpperCase()));
  const held = codes.map((code) => known.has(code.split(" ")[0].toUpperCase()));
  const capitals = (code) => code.split(" ")[0] === code.split(" ")[0].toUpperCase();
  if (!held.some(Boolean) || !codes.every((code, i) => held[i] || capitals(code))) return none;
  return { codes: codes.map((code) => code.toUpperCase()), choice };
}

/** The codes (“CS 2100”, in capitals) of a search that lists two courses or more, each once, in
 * order; [] for any other search. `subjects` are the term's (“CS”, “MATH”): a list names one of
 * them at least, and its other subjects are in capitals, codes the term lacks (“CS 1110 ZZ 9999”). */
export function listedCodes(text, subjects) {
  return readList(text, subjects).codes;
}

/** Whether a search listing courses (listedCodes) offers a choice among them, “CS 2120 or CS 2130”
 * or “CS 1331 / CS 1332”: candidates, of which a student takes some, not a list to add whole. */
export function listOffersChoice(text, subjects) {
  return readList(text, subjects).choice;
}

/** The codes in parts of at most `most` characters each, written “CS 2100, CS 2120”: a course
 * search holds at most 200 characters, so a longer list is asked for in parts. */
export function listParts(codes, most = 200) {
  const parts = [];
  let part = [];
  for (const code of codes) {
    if (part.length && [...part, code].join(", ").length > most) {
      parts.push(part);
      part = [];
    }
    part.push(code);
  }
  if (part.length) parts.push(part);
  return parts.map((p) => p.join(", "));
}

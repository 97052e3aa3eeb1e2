// Lists of course codes, read as the course search reads them (catalog/selectors.py `code_list`;
// a browser test compares the two): its words, parted by spaces, commas and semicolons, are codes
// (`CS2110`, `CS-2110`), or a subject then a number (`CS 2110`, `CS - 2110`), or `and`/`&` between
// two codes. A list names a subject of the term at least, and a word that is none of them is a
// subject only when written in capitals (“CS 2100 ZZZZ 1000”): “calculus 1 physics 2” is words. Read word by word, in one pass: a regular expression of repeated codes backtracked for
// seconds on a long list failing at its end (a student typing its last code).

// the spaces Python's \s and JavaScript's both hold (catalog/selectors.py LIST_PARTS)
const WORD_PARTS = /[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000,;]+/;
const CODE_WORD = /^([A-Za-z]{1,20})-?([0-9][0-9A-Za-z]{0,19})$/;
const SUBJECT_WORD = /^([A-Za-z]{1,20})(-?)$/;
const NUMBER_WORD = /^(-?)([0-9][0-9A-Za-z]{0,19})$/;
const LIST_JOINERS = new Set(["and", "&"]);

/** The codes (“CS 2100”, in capitals) of a search that lists two courses or more, each once, in
 * order; [] for any other search. `subjects` are the term's (“CS”, “MATH”): a list names one of
 * them at least, and its other subjects are in capitals, codes the term lacks (“CS 1110 ZZ 9999”). */
export function listedCodes(text, subjects) {
  const words = text.split(WORD_PARTS).filter(Boolean);
  const codes = [];
  let at = 0;
  let joined = false; // the word before was `and` or `&`
  while (at < words.length) {
    const word = words[at];
    if (LIST_JOINERS.has(word.toLowerCase())) {
      if (!codes.length || joined) return [];
      at += 1;
      joined = true;
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
      if (!number || (hyphen && number[1])) return [];
      code = `${subject[1]} ${number[2]}`;
      at = following + 1;
    }
    if (!codes.some((c) => c.toUpperCase() === code.toUpperCase())) codes.push(code);
    joined = false;
  }
  if (codes.length < 2 || joined) return [];
  const known = new Set(subjects.map((s) => s.toUpperCase()));
  const held = codes.map((code) => known.has(code.split(" ")[0].toUpperCase()));
  const capitals = (code) => code.split(" ")[0] === code.split(" ")[0].toUpperCase();
  if (!held.some(Boolean) || !codes.every((code, i) => held[i] || capitals(code))) return [];
  return codes.map((code) => code.toUpperCase());
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

// Feed dates in the forms met in practice → Date (UTC), or null. Never uses the
// machine's local time zone: a date without a zone is read as UTC.
//   ISO 8601 / W3C-DTF: 2026-02-25T21:07:00Z, 2026-02-25 21:07+04:30, 20260225T210700Z, 2026-02
//   RFC 822/1123 and variants: Wed, 25 Feb 2026 21:07:00 +0000 | 25 Feb 26 21:07 GMT | 25-Feb-2026 21:07 EST
//   Month first: Wednesday, February 25, 2026 - 21:07 | Feb 25 2026 9:07 PM PST | Wed Feb 25 2026 21:07:00 GMT+0000 (…)
//   asctime: Wed Feb 25 21:07:00 2026

import { isSpace } from '../text/html-visible.js';

const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

/** Named zones → minutes east of UTC (North American, European, and those of the region this bot watches). */
const ZONES: Record<string, number> = {
  z: 0,
  ut: 0,
  utc: 0,
  gmt: 0,
  wet: 0,
  bst: 60,
  ist: 330,
  cet: 60,
  cest: 120,
  met: 60,
  mest: 120,
  eet: 120,
  eest: 180,
  west: 60,
  msk: 180,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  akst: -540,
  akdt: -480,
  hst: -600,
  ast: -240,
  adt: -180,
  nst: -210,
  ndt: -150,
  pkt: 300,
  aft: 270,
  irst: 210,
  gst: 240,
  jst: 540,
  kst: 540,
  hkt: 480,
  sgt: 480,
  awst: 480,
  acst: 570,
  aest: 600,
  aedt: 660,
  nzst: 720,
  nzdt: 780,
};

const ISO =
  /^(\d{4})(?:-?(\d{2})(?:-?(\d{2}))?)?(?:(?:T|\s+)(\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

export function parseDate(input: string | null | undefined): Date | null {
  const s = input?.trim();
  if (!s) return null;
  return iso(s) ?? fromParts(dayFirst(s)) ?? fromParts(monthFirst(s)) ?? fromParts(asctime(s));
}

function iso(s: string): Date | null {
  const m = ISO.exec(s);
  if (!m) return null;
  const [, y, mo, d, h, mi, sec, frac, zone] = m;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  return build(
    +(y as string),
    mo ? +mo - 1 : 0,
    d ? +d : 1,
    h ? +h : 0,
    mi ? +mi : 0,
    sec ? +sec : 0,
    ms,
    zoneOffset(zone ?? ''),
  );
}

// The three textual forms are read by small scanners rather than regular expressions:
// each part is taken greedily, once, so that a whitespace run or a digit run costs one
// pass however long it is (issue 16: the former patterns split long whitespace runs
// between adjacent `\s*` and a trailing `(.*)$`, cubic in the run). They accept what
// these patterns accepted (case-insensitive, `\s` is JavaScript's whitespace):
//   day first   [Wkday[.][,] ]DD[st|nd|rd|th]{ -/.}+Month{ -/.,}+YY[YY][ [,] TIME | T TIME] [zone]
//   month first [Wkday[.][,] ]Month[.] DD[st|nd|rd|th][,] YYYY[ [-|,|@|at] TIME] [zone]
//   asctime     Wkday Month DD TIME YYYY [zone]
// where TIME is H[H]{:.}MM[{:.}SS[{.,}digits]][ am|pm|a.m.|p.m.] and the zone is the
// rest after whitespace, which must not hold a line break.

interface Parts {
  d: string;
  mon: string;
  y: string;
  time: Time | null;
  zone: string;
}

interface Time {
  h: string;
  mi: string;
  sec: string | undefined;
  ampm: string | undefined;
  /** Index after the time, its trailing whitespace and am/pm. */
  end: number;
}

/** `25 Feb 2026 21:07 GMT`, `Wed, 25-Feb-26 9:07 PM`, `25 February 2026T21:07`… */
function dayFirst(s: string): Parts | null {
  let i = letters(s, 0);
  if (i > 0) i = spaces(s, skip(s, skip(s, i, '.'), ','));
  const dEnd = digits(s, i, 2);
  if (dEnd < 0) return null;
  const d = s.slice(i, dEnd);
  i = ordinal(s, dEnd);
  const monStart = run(s, i, isDaySep);
  if (monStart === i) return null;
  const monEnd = letters(s, monStart);
  if (monEnd - monStart < 3 || monEnd - monStart > 9) return null;
  const yStart = run(s, monEnd, isYearSep);
  if (yStart === monEnd) return null;
  const yRun = run(s, yStart, isDigit);
  if (yRun - yStart < 2) return null;
  const yEnd = Math.min(yRun, yStart + 4);
  const c = s.charCodeAt(yEnd) | 0x20;
  let at = spaces(s, yEnd);
  if (s[at] === ',') at = spaces(s, at + 1);
  const time = readTime(s, at) ?? (c === 116 /* t */ ? readTime(s, yEnd + 1) : null);
  return parts(s, d, s.slice(monStart, monEnd), s.slice(yStart, yEnd), time, time ? time.end : yEnd);
}

/** `Wednesday, February 25, 2026 - 21:07`, `Feb 25 2026 9:07 PM PST`, `Wed Feb 25 2026 21:07:00 GMT+0000 (…)`… */
function monthFirst(s: string): Parts | null {
  const w = letters(s, 0);
  const afterDay = w > 0 ? skip(s, skip(s, w, '.'), ',') : 0;
  const monStart = spaces(s, afterDay);
  return (w > 0 && monStart > afterDay ? monthFirstFrom(s, monStart) : null) ?? monthFirstFrom(s, 0);
}

function monthFirstFrom(s: string, monStart: number): Parts | null {
  const monEnd = letters(s, monStart);
  if (monEnd - monStart < 3 || monEnd - monStart > 9) return null;
  let i = skip(s, monEnd, '.');
  const dStart = spaces(s, i);
  if (dStart === i) return null;
  const dEnd = digits(s, dStart, 2);
  if (dEnd < 0) return null;
  i = skip(s, ordinal(s, dEnd), ',');
  const yStart = spaces(s, i);
  if (yStart === i || run(s, yStart, isDigit) - yStart < 4) return null;
  const yEnd = yStart + 4;
  let at = spaces(s, yEnd);
  if (s[at] === '-' || s[at] === ',' || s[at] === '@') at++;
  else if (s.slice(at, at + 2).toLowerCase() === 'at') at += 2;
  const time = readTime(s, spaces(s, at));
  return parts(
    s,
    s.slice(dStart, dEnd),
    s.slice(monStart, monEnd),
    s.slice(yStart, yEnd),
    time,
    time ? time.end : yEnd,
  );
}

/** `Wed Feb 25 21:07:00 2026`. */
function asctime(s: string): Parts | null {
  const w = letters(s, 0);
  const monStart = spaces(s, w);
  if (w === 0 || monStart === w) return null;
  const monEnd = letters(s, monStart);
  if (monEnd - monStart < 3 || monEnd - monStart > 9) return null;
  const dStart = spaces(s, monEnd);
  if (dStart === monEnd) return null;
  const dEnd = digits(s, dStart, 2);
  if (dEnd < 0) return null;
  const tStart = spaces(s, dEnd);
  const time = tStart > dEnd ? readTime(s, tStart) : null;
  if (!time) return null;
  // The year needs whitespace before it: after am/pm, or (without) after the time itself.
  const yStart = spaces(s, time.end);
  const spaced = yStart > time.end || (time.ampm === undefined && time.end > time.core);
  if (!spaced || run(s, yStart, isDigit) - yStart < 4) return null;
  return parts(s, s.slice(dStart, dEnd), s.slice(monStart, monEnd), s.slice(yStart, yStart + 4), time, yStart + 4);
}

/** H[H]{:.}MM[{:.}SS[{.,}digits]], then whitespace and an optional am/pm; null when there is no time at `i`. */
function readTime(s: string, i: number): (Time & { core: number }) | null {
  const hEnd = digits(s, i, 2);
  if (hEnd < 0 || !isTimeSep(s[hEnd]) || !isDigit(s.charCodeAt(hEnd + 1)) || !isDigit(s.charCodeAt(hEnd + 2)))
    return null;
  let k = hEnd + 3;
  let sec: string | undefined;
  if (isTimeSep(s[k]) && isDigit(s.charCodeAt(k + 1)) && isDigit(s.charCodeAt(k + 2))) {
    sec = s.slice(k + 1, k + 3);
    k += 3;
    if ((s[k] === '.' || s[k] === ',') && isDigit(s.charCodeAt(k + 1))) k = run(s, k + 1, isDigit);
  }
  const core = k;
  const a = spaces(s, k);
  const ampmEnd = meridiem(s, a);
  return {
    h: s.slice(i, hEnd),
    mi: s.slice(hEnd + 1, hEnd + 3),
    sec,
    ampm: ampmEnd > a ? s.slice(a, ampmEnd) : undefined,
    end: ampmEnd,
    core,
  };
}

/** End of `[ap]\.?m\.?` at `i`, or `i` when there is none. */
function meridiem(s: string, i: number): number {
  const c = s.charCodeAt(i) | 0x20;
  if (c !== 97 && c !== 112) return i;
  const m = skip(s, i + 1, '.');
  if ((s.charCodeAt(m) | 0x20) !== 109) return i;
  return skip(s, m + 1, '.');
}

/** The parts, with the zone: the rest after whitespace, on one line. */
function parts(s: string, d: string, mon: string, y: string, time: Time | null, end: number): Parts | null {
  const zone = s.slice(spaces(s, end));
  return /[\n\r\u2028\u2029]/.test(zone) ? null : { d, mon, y, time, zone };
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isLetter = (c: number): boolean => (c | 0x20) >= 97 && (c | 0x20) <= 122;
const isTimeSep = (c: string | undefined): boolean => c === ':' || c === '.';
const isDaySep = (c: number): boolean => isSpace(c) || c === 45 || c === 47 || c === 46; // - / .
const isYearSep = (c: number): boolean => isDaySep(c) || c === 44; // and ,

/** End of the run of characters satisfying `ok` that starts at `i`. */
function run(s: string, i: number, ok: (c: number) => boolean): number {
  while (i < s.length && ok(s.charCodeAt(i))) i++;
  return i;
}
const letters = (s: string, i: number): number => run(s, i, isLetter);
const spaces = (s: string, i: number): number => run(s, i, isSpace);
const skip = (s: string, i: number, c: string): number => (s[i] === c ? i + 1 : i);

/** End of a run of 1..max digits at `i`, or -1 when there is none or it is longer. */
function digits(s: string, i: number, max: number): number {
  const end = run(s, i, isDigit);
  return end > i && end - i <= max ? end : -1;
}

/** After an ordinal suffix (st, nd, rd, th) at `i`, if any. */
function ordinal(s: string, i: number): number {
  return ORDINALS.has(s.slice(i, i + 2).toLowerCase()) ? i + 2 : i;
}
const ORDINALS = new Set(['st', 'nd', 'rd', 'th']);

function fromParts(p: Parts | null): Date | null {
  if (!p) return null;
  const { y, mon, d, zone } = p;
  const { h, mi, sec, ampm } = p.time ?? {};
  const month = MONTHS[mon.slice(0, 3).toLowerCase()];
  if (month === undefined) return null;
  let year = +y;
  if (y.length <= 2) year += year < 50 ? 2000 : 1900;
  else if (y.length === 3) year += 1900; // RFC 2822's obsolete three-digit year
  let hour = h ? +h : 0;
  if (ampm) {
    if (hour > 12) return null;
    hour = (hour % 12) + (/^p/i.test(ampm) ? 12 : 0);
  }
  return build(year, month, +d, hour, mi ? +mi : 0, sec ? +sec : 0, 0, zoneOffset(zone));
}

/** Minutes east of UTC; '' (no zone) is UTC; undefined when the zone text cannot be read. */
function zoneOffset(zone: string): number | undefined {
  // A trailing comment, `GMT+0430 (Afghanistan Time)`, from the first '(' (the zone text is on one line).
  const open = zone.endsWith(')') ? zone.indexOf('(') : -1;
  const z = (open < 0 ? zone : zone.slice(0, open)).trim().toLowerCase();
  if (!z) return 0;
  const named = ZONES[z];
  if (named !== undefined) return named;
  const m = /^(?:gmt|utc|ut)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$/.exec(z);
  if (!m) return /^[a-z]{1,5}$/.test(z) ? 0 : undefined; // an unknown zone abbreviation: UTC rather than no date
  const minutes = +(m[2] as string) * 60 + (m[3] ? +m[3] : 0);
  return m[1] === '-' ? -minutes : minutes;
}

function build(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
  offset: number | undefined,
): Date | null {
  if (offset === undefined || y < 1000 || y > 9999 || mo > 11 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 60)
    return null;
  const t = Date.UTC(y, mo, d, h, mi, Math.min(s, 59), ms);
  if (new Date(Date.UTC(y, mo, d)).getUTCDate() !== d) return null; // 31 April, 30 February
  return new Date(t - offset * 60_000);
}

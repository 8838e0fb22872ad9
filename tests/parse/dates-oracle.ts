// The oracle for tests/parse/dates.test.ts: parseDate as it was before the scanners of
// issue 16 (commit 5a1f73e; its code verbatim, comments shortened), so that the rewrite is
// held to the same dates on ordinary inputs. Super-linear on long whitespace runs: feed
// it short strings only. (bench/scaling-parse.ts also times it as the "before".)
/* eslint-disable regexp/no-super-linear-backtracking, regexp/no-super-linear-move, regexp/no-misleading-capturing-group,
   regexp/optimal-quantifier-concatenation -- the former patterns, kept as they were */
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

const TIME = String.raw`(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:[.,]\d+)?)?\s*([ap]\.?m\.?)?`;
const ISO =
  /^(\d{4})(?:-?(\d{2})(?:-?(\d{2}))?)?(?:(?:T|\s+)(\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const DAY_FIRST = new RegExp(
  String.raw`^(?:[a-z]+\.?,?\s*)?(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]+([a-z]{3,9})\.?[\s\-/.,]+(\d{2,4})(?:(?:\s*,?\s*|T)${TIME})?\s*(.*)$`,
  'i',
);
const MONTH_FIRST = new RegExp(
  String.raw`^(?:[a-z]+\.?,?\s+)?([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:\s*(?:[-,@]|at)?\s*${TIME})?\s*(.*)$`,
  'i',
);
const ASCTIME = new RegExp(String.raw`^[a-z]+\s+([a-z]{3,9})\s+(\d{1,2})\s+${TIME}\s+(\d{4})\s*(.*)$`, 'i');

export function oracleParseDate(input: string | null | undefined): Date | null {
  const s = input?.trim();
  if (!s) return null;
  return iso(s) ?? dayFirst(s) ?? monthFirst(s) ?? asctime(s);
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

function dayFirst(s: string): Date | null {
  const m = DAY_FIRST.exec(s);
  if (!m) return null;
  const [, d, mon, y, h, mi, sec, ampm, zone] = m;
  return fromParts(y as string, mon as string, d as string, h, mi, sec, ampm, zone as string);
}

function monthFirst(s: string): Date | null {
  const m = MONTH_FIRST.exec(s);
  if (!m) return null;
  const [, mon, d, y, h, mi, sec, ampm, zone] = m;
  return fromParts(y as string, mon as string, d as string, h, mi, sec, ampm, zone as string);
}

function asctime(s: string): Date | null {
  const m = ASCTIME.exec(s);
  if (!m) return null;
  const [, mon, d, h, mi, sec, ampm, y, zone] = m;
  return fromParts(y as string, mon as string, d as string, h, mi, sec, ampm, zone as string);
}

function fromParts(
  y: string,
  mon: string,
  d: string,
  h?: string,
  mi?: string,
  sec?: string,
  ampm?: string,
  zone = '',
): Date | null {
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
  const z = zone
    .replace(/\(.*\)$/, '')
    .trim()
    .toLowerCase();
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

// Bytes → text. The charset is chosen in this order (XML 1.0 appendix F, RFC 7303,
// and what browsers do):
//   1. a byte-order mark, or the byte pattern of "<?" / "<" in UTF-16/UTF-32 without one;
//   2. the HTTP Content-Type `charset`;
//   3. the XML declaration's `encoding`;
//   4. UTF-8 — and when nothing declared a charset and the bytes are not valid UTF-8,
//      windows-1252 (the usual encoding of an undeclared legacy feed).
// ISO-8859-1, latin1 and US-ASCII are read as windows-1252, as browsers do: feeds that
// say latin1 routinely contain windows-1252 quotes in 0x80–0x9F. A charset name that
// iconv-lite does not know is skipped, and the next step decides.
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

export interface Decoded {
  text: string;
  /** The charset the text was decoded from (lower-case canonical name, e.g. "utf-8", "windows-1252"). */
  charset: string;
}

/**
 * Decode a feed body to text. Never throws: an unknown or lying charset falls through to the next step.
 * C1 control characters (U+0080–U+009F), which no text means, are read as the windows-1252
 * characters of the same byte: they come from windows-1252 text converted to UTF-8 as if it were latin1.
 */
export function decodeBody(body: Buffer, contentType?: string | null): Decoded {
  const d = decodeRaw(body, contentType);
  const mayHaveC1 = d.charset === 'utf-8' ? hasUtf8C1(body) : C1.test(d.text);
  return mayHaveC1
    ? { text: d.text.replace(C1_ALL, (c) => CP1252_C1[c.charCodeAt(0) - 0x80] ?? c), charset: d.charset }
    : d;
}

/** Whether UTF-8 bytes hold a C1 control (C2 80–C2 9F); a memchr scan, cheaper than a regex over the text. */
function hasUtf8C1(b: Buffer): boolean {
  for (let i = b.indexOf(0xc2); i >= 0; i = b.indexOf(0xc2, i + 1)) {
    const next = b[i + 1];
    if (next !== undefined && next >= 0x80 && next <= 0x9f) return true;
  }
  return false;
}

const C1 = /[\u0080-\u009f]/;
const C1_ALL = /[\u0080-\u009f]/g;
/** windows-1252 bytes 0x80–0x9F (the five undefined ones kept as they are). */
const CP1252_C1 = [...'€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ'];

function decodeRaw(body: Buffer, contentType?: string | null): Decoded {
  const physical = sniffUnicode(body);
  if (physical)
    return { text: iconv.decode(body.subarray(physical.bomLength), physical.charset), charset: physical.charset };

  const declared = usable(charsetParam(contentType)) ?? usable(xmlDeclEncoding(body));
  if (declared && !declared.startsWith('utf-16') && !declared.startsWith('utf-32')) {
    if (declared === 'utf-8') return { text: body.toString('utf8'), charset: 'utf-8' };
    return { text: iconv.decode(body, declared), charset: declared };
  }
  // Undeclared (or a UTF-16/32 claim the bytes contradict: no BOM, no 16/32-bit pattern).
  if (isUtf8(body)) return { text: body.toString('utf8'), charset: 'utf-8' };
  return { text: iconv.decode(body, 'windows-1252'), charset: 'windows-1252' };
}

interface Physical {
  charset: string;
  bomLength: number;
}

/** A BOM, or the first character '<' encoded in UTF-16/32 (XML 1.0 appendix F). */
function sniffUnicode(b: Buffer): Physical | null {
  if (b.length < 2) return null;
  const [b0 = -1, b1 = -1, b2 = -1, b3 = -1] = b;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { charset: 'utf-8', bomLength: 3 };
  if (b0 === 0x00 && b1 === 0x00 && b2 === 0xfe && b3 === 0xff) return { charset: 'utf-32be', bomLength: 4 };
  if (b0 === 0xff && b1 === 0xfe && b2 === 0x00 && b3 === 0x00) return { charset: 'utf-32le', bomLength: 4 };
  if (b0 === 0xfe && b1 === 0xff) return { charset: 'utf-16be', bomLength: 2 };
  if (b0 === 0xff && b1 === 0xfe) return { charset: 'utf-16le', bomLength: 2 };
  if (b0 === 0x00 && b1 === 0x00 && b2 === 0x00 && b3 === 0x3c) return { charset: 'utf-32be', bomLength: 0 };
  if (b0 === 0x3c && b1 === 0x00 && b2 === 0x00 && b3 === 0x00) return { charset: 'utf-32le', bomLength: 0 };
  if (b0 === 0x00 && b1 === 0x3c) return { charset: 'utf-16be', bomLength: 0 };
  if (b0 === 0x3c && b1 === 0x00) return { charset: 'utf-16le', bomLength: 0 };
  // Whitespace before the first '<' (a comment-first file written in UTF-16 without a BOM).
  if ((b0 === 0x00 && isSpace(b1)) || (isSpace(b0) && b1 === 0x00))
    return { charset: b0 === 0 ? 'utf-16be' : 'utf-16le', bomLength: 0 };
  return null;
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** `charset` parameter of a Content-Type value; quotes and spaces around the value are tolerated. */
export function charsetParam(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const m = /;\s*charset\s*=\s*(?:["']\s*)?([^"';\s]+)/i.exec(contentType);
  return m?.[1] ?? null;
}

/** `encoding` of an ASCII-compatible `<?xml … ?>` declaration at the start of the body. */
function xmlDeclEncoding(b: Buffer): string | null {
  const head = b.toString('latin1', 0, Math.min(b.length, 512));
  const m = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([\w.:-]+)["']/.exec(head);
  return m?.[1] ?? null;
}

/** Canonical name of a charset iconv-lite can decode, with latin1 and ASCII read as windows-1252; else null. */
function usable(name: string | null): string | null {
  if (!name) return null;
  const n = name.trim().toLowerCase();
  if (/^(?:iso[-_ ]?8859[-_ ]?1|latin-?1|l1|us-ascii|ascii|iso-ir-100|cp819|ibm819|x-ascii|ansi_x3\.4-1968)$/.test(n))
    return 'windows-1252';
  if (n === 'utf8' || n === 'utf-8' || n === 'unicode-1-1-utf-8') return 'utf-8';
  if (n === 'utf-16' || n === 'utf-16le' || n === 'utf-16be' || n === 'utf-32' || n === 'utf-32le' || n === 'utf-32be')
    return n;
  return iconv.encodingExists(n) ? n : null;
}

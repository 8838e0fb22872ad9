// What of an HTML fragment is visible text, where its line breaks are and how its
// whitespace folds: the policy behind htmlToText, fed by htmlparser2's events (html.ts).

/** Elements whose content is never visible text. */
const HIDDEN = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'head',
  'title',
  'iframe',
  'object',
  'svg',
  'math',
  'select',
  'textarea',
]);

/** Elements that start or end a line: a name never runs across them. Inline tags (b, a, span…) do not split words. */
const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'br',
  'caption',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
  'img',
  'video',
  'audio',
]);

/**
 * Collects the visible text of element events, in document order, as output: words
 * as written, and one gap between two words where the source has any whitespace or
 * block boundary between them — '\n' when a block boundary is among it, else one space.
 * (Source whitespace, line breaks included, is one space in HTML; only blocks break
 * lines.) No gap at either end. Whitespace is JavaScript's `\s` (NBSP included).
 *
 * A block boundary is where a block element opens, and where one closes by its own end
 * tag (an element closed implicitly, by another tag or the end of the input, adds none).
 * Text inside a hidden element is dropped; its block boundaries count.
 */
export class VisibleText {
  private readonly out: string[] = [];
  private hidden = 0;
  /** The gap owed before the next word. */
  private gap = NO_GAP;

  open(name: string): void {
    if (HIDDEN.has(name)) this.hidden++;
    else if (BLOCK.has(name)) this.gap = LINE;
  }

  close(name: string, implied: boolean): void {
    if (HIDDEN.has(name)) this.hidden = Math.max(0, this.hidden - 1);
    else if (!implied && BLOCK.has(name)) this.gap = LINE;
  }

  /** Whether text written now is kept (no hidden element is open). */
  get showing(): boolean {
    return this.hidden === 0;
  }

  /** A run of text, entities decoded. */
  text(s: string): void {
    if (this.hidden > 0) return;
    let start = 0;
    let end = s.length;
    while (start < end && isSpace(s.charCodeAt(start))) start++;
    if (start > 0 && this.gap === NO_GAP) this.gap = SPACE;
    if (start === end) return;
    while (isSpace(s.charCodeAt(end - 1))) end--;
    if (this.gap !== NO_GAP && this.out.length > 0) this.out.push(this.gap === LINE ? '\n' : ' ');
    const words = start === 0 && end === s.length ? s : s.slice(start, end);
    this.out.push(INNER_GAP.test(words) ? words.replace(INNER_GAPS, ' ') : words);
    this.gap = end < s.length ? SPACE : NO_GAP;
  }

  result(): string {
    return this.out.join('');
  }
}

/** Gaps owed: none, one space, a line break (LINE outranks SPACE). */
const NO_GAP = 0;
const SPACE = 1;
const LINE = 2;

/** A whitespace run inside text that is not a single space. */
const INNER_GAP = /[^\S ]| \s/;
const INNER_GAPS = /\s{2,}|[^\S ]/g;

/** JavaScript's `\s`: WhiteSpace and LineTerminator (tests/text holds it to the regex). */
export function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

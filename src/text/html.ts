// HTML → visible plain text. htmlparser2 does the tokenizing, `entities` the entity
// decoding (every HTML5 named entity, legacy ones without ';', numeric references, bare
// `&`); html-visible.ts holds the policy: what is visible, where the line breaks are, how
// whitespace folds.
import { decodeHTML } from 'entities';
import { LinearParser } from './html-parser.js';
import { VisibleText } from './html-visible.js';

/**
 * Visible text of an HTML fragment: tags removed, entities decoded, attribute values
 * ignored, every whitespace run (including NBSP) one space, block boundaries '\n'.
 * Plain text goes through unchanged apart from whitespace.
 */
export function htmlToText(html: string | null | undefined): string {
  if (!html) return '';
  // NUL is never text: dropped before reading (plain text too: found by tests/fuzz).
  const input = html.includes('\u0000') ? html.replaceAll('\u0000', '') : html;
  if (input.indexOf('<') < 0 && input.indexOf('&') < 0) return collapse(input);
  return visibleText(input);
}

/**
 * The visible text (see html-visible.ts) read by htmlparser2's tokenizer through LinearParser
 * (its Parser's events, in linear time: see html-parser.ts). Entities are decoded
 * per text run rather than by the tokenizer: a tokenizer that decodes must step through
 * text one character at a time, one that does not skips to the next '<' (1.5–2× faster
 * on article HTML). The result is the same, held so by tests/text: attribute values, where
 * the two would differ, are not read, and the tokenizer's raw text keeps its own rules
 * (see SpecialTextParser).
 */
function visibleText(html: string): string {
  const out = new VisibleText();
  const parser = new SpecialTextParser(
    html,
    {
      onopentagname: (name) => out.open(name),
      onclosetag: (name, implied) => out.close(name, implied),
      ontext: (text) => out.text(parser.decode(text)),
    },
    { decodeEntities: false, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  return out.result();
}

/**
 * After some open tags htmlparser2's tokenizer reads raw text up to a given end tag: after
 * <script>, <style> and a name of the form [tx]mp, [tx]extarea, [tx]itle (it checks the
 * first letter loosely), up to </script>, </style>, </xmp>, </textarea>, </title>. Its '&'
 * is just '&', except in the title kind, where entities are decoded unless the '&' follows
 * a partial `</title` (the tokenizer is then matching the end tag). This Parser follows
 * those rules from the tokenizer's own events (offsets into `html`, written in one piece),
 * since the end tag that ends raw text need not close any element the Parser has open.
 */
class SpecialTextParser extends LinearParser {
  /** The end tag that ends the raw text being read, with its kind; null outside raw text. */
  private special: { end: string; title: boolean } | null = null;
  private opening: { end: string; title: boolean } | null = null;

  constructor(
    private readonly html: string,
    ...args: ConstructorParameters<typeof LinearParser>
  ) {
    super(...args);
  }

  /** A text run as the tokenizer would have decoded it. */
  decode(text: string): string {
    if (!text.includes('&')) return text;
    if (!this.special) return decodeHTML(text);
    return this.special.title ? decodeTitleText(text, `</${this.special.end}`) : text;
  }

  override onopentagname(start: number, endIndex: number): void {
    this.opening = specialEnd(this.html.slice(start, endIndex).toLowerCase());
    super.onopentagname(start, endIndex);
  }

  override onopentagend(endIndex: number): void {
    this.special = this.opening;
    super.onopentagend(endIndex);
  }

  override onselfclosingtag(endIndex: number): void {
    this.opening = null; // <xmp/> opens no raw text
    super.onselfclosingtag(endIndex);
  }

  override onclosetag(start: number, endIndex: number): void {
    if (this.special && this.html.slice(start, endIndex).toLowerCase() === this.special.end) this.special = null;
    super.onclosetag(start, endIndex);
  }
}

function specialEnd(name: string): { end: string; title: boolean } | null {
  if (name === 'script' || name === 'style') return { end: name, title: false };
  if (name[0] !== 't' && name[0] !== 'x') return null;
  const rest = name.slice(1);
  if (rest === 'mp') return { end: 'xmp', title: false };
  if (rest === 'extarea') return { end: 'textarea', title: false };
  if (rest === 'itle') return { end: 'title', title: true };
  return null;
}

/** Title-kind raw text: entities decoded, but not an '&' that follows a partial end tag. */
function decodeTitleText(text: string, endTag: string): string {
  let out = '';
  let from = 0;
  let matched = 0; // how much of endTag the text has just matched
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) | 0x20;
    if (matched === endTag.length) matched = 0;
    if (c === endTag.charCodeAt(matched)) matched++;
    else if (matched > 0) {
      if (text.charCodeAt(i) === 38 /* & */) {
        out += `${decodeHTML(text.slice(from, i))}&`;
        from = i + 1;
      }
      matched = Number(text.charCodeAt(i) === 60 /* < */);
    }
  }
  return out + decodeHTML(text.slice(from));
}

/**
 * Plain text: every whitespace run one space, except that a run holding a blank line (two line breaks or more:
 * a paragraph break) becomes one '\n', a block boundary. A single line break is a soft wrap (plain-text
 * descriptions are often wrapped at 72–80 columns), so it is a space, as it is in HTML.
 */
function collapse(s: string): string {
  return s.replace(/\s+/g, (run) => (LINE_BREAK.test(run) && lineBreaks(run) >= 2 ? '\n' : ' ')).trim();
}

const LINE_BREAK = /[\n\r\u2028\u2029]/;

/** Line breaks in a whitespace run: CRLF, LF and CR each one; a paragraph separator (U+2029) two. */
function lineBreaks(run: string): number {
  let n = 0;
  for (let i = 0; i < run.length; i++) {
    const c = run.charCodeAt(i);
    if (c === 10 || c === 0x2028 || (c === 13 && run.charCodeAt(i + 1) !== 10)) n++;
    else if (c === 0x2029) n += 2;
  }
  return n;
}

/** Text of a plain-text field (a title): newlines are ordinary whitespace. */
export function plainText(html: string | null | undefined): string {
  return htmlToText(html).replace(/\n/g, ' ');
}

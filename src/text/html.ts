// HTML → visible plain text. htmlparser2 does the tokenizing and the entity decoding
// (every HTML5 named entity, numeric references, bare `&`); html-visible.ts holds the
// policy: what is visible, where the line breaks are, how whitespace folds.
import { Parser } from 'htmlparser2';
import { VisibleText } from './html-visible.js';

/**
 * Visible text of an HTML fragment: tags removed, entities decoded, attribute values
 * ignored, every whitespace run (including NBSP) one space, block boundaries '\n'.
 * Plain text goes through unchanged apart from whitespace.
 */
export function htmlToText(html: string | null | undefined): string {
  if (!html) return '';
  if (html.indexOf('<') < 0 && html.indexOf('&') < 0) return collapse(html);
  // NUL is never text: dropped before reading.
  const input = html.includes('\u0000') ? html.replaceAll('\u0000', '') : html;
  return visibleText(input);
}

/** The visible text (see html-visible.ts) read by htmlparser2's Parser. */
function visibleText(html: string): string {
  const out = new VisibleText();
  const parser = new Parser(
    {
      onopentagname: (name) => out.open(name),
      onclosetag: (name, implied) => out.close(name, implied),
      ontext: (text) => out.text(text),
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  return out.result();
}

/** Plain text: every whitespace run one space, except that runs holding a line break become one '\n'. */
function collapse(s: string): string {
  return s
    .replace(/[^\S\n]{2,}|[^\S \n]/g, ' ')
    .replace(/ ?\n[\s]*/g, '\n')
    .trim();
}

/** Text of a plain-text field (a title): newlines are ordinary whitespace. */
export function plainText(html: string | null | undefined): string {
  return htmlToText(html).replace(/\n/g, ' ');
}

// HTML → visible plain text. htmlparser2 does the tokenizing and the entity
// decoding (every HTML5 named entity, numeric references, bare `&`); this file
// only decides what is visible and where the breaks are.
import { Parser } from 'htmlparser2';

/** Elements whose content is never visible text. */
const HIDDEN = new Set(['script', 'style', 'noscript', 'template', 'head', 'title', 'iframe', 'object', 'svg', 'math', 'select', 'textarea']);

/** Elements that start or end a line: a name never runs across them. Inline tags (b, a, span…) do not split words. */
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'caption', 'dd', 'details', 'div', 'dl', 'dt', 'figcaption', 'figure',
  'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section',
  'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'img', 'video', 'audio',
]);

/**
 * Visible text of an HTML fragment: tags removed, entities decoded, attribute values
 * ignored, every whitespace run (including NBSP) one space, block boundaries '\n'.
 * Plain text goes through unchanged apart from whitespace.
 */
export function htmlToText(html: string | null | undefined): string {
  if (!html) return '';
  if (!/[<&]/.test(html)) return collapse(html);
  // Text runs are collected as they come; block boundaries are marked with BREAK (a
  // character that never survives in text: NUL is dropped from the input), and the
  // whitespace is folded once at the end, which is much cheaper than per text node.
  const parts: string[] = [];
  let hidden = 0;
  const parser = new Parser(
    {
      onopentagname(name) {
        if (HIDDEN.has(name)) hidden++;
        else if (BLOCK.has(name)) parts.push(BREAK);
      },
      onclosetag(name, implied) {
        if (HIDDEN.has(name)) hidden = Math.max(0, hidden - 1);
        else if (BLOCK.has(name) && !implied) parts.push(BREAK);
      },
      ontext(text) {
        if (hidden === 0) parts.push(text);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.write(html.includes(BREAK) ? html.replaceAll(BREAK, '') : html);
  parser.end();
  // Source whitespace, line breaks included, is one space in HTML; only blocks break lines.
  return parts
    .join('')
    .replace(/\s{2,}|[^\S ]/g, ' ')
    // eslint-disable-next-line no-control-regex -- NUL is the block-break sentinel (BREAK)
    .replace(/ ?\u0000[\u0000 ]*/g, '\n')
    .trim();
}

const BREAK = '\u0000';

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

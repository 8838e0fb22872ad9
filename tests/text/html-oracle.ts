// The oracle for tests/text/html-text.test.ts: htmlToText as it was before html-scan.ts
// (commit 4028b12; its code verbatim, comments shortened), so that the rewrite is held
// to the same output on any input.
import { Parser } from 'htmlparser2';

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

export function oracleHtmlToText(html: string | null | undefined): string {
  if (!html) return '';
  if (!/[<&]/.test(html)) return collapse(html.replaceAll(BREAK, '')); // NUL dropped here too since issue 16 (a fuzz finding)
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
  return parts
    .join('')
    .replace(/\s{2,}|[^\S ]/g, ' ')
    .replace(/ ?\0[\0 ]*/g, '\n')
    .trim();
}

const BREAK = '\u0000';

// Plain text since issue 12 §1 (soft line breaks): a whitespace run is one space unless it holds a blank line
// (two line breaks or more; CRLF, LF, CR and U+2028 one each, U+2029 two), which is one '\n'.
function collapse(s: string): string {
  return s
    .replace(/\s+/g, (run) =>
      (run.match(/\r\n|[\n\r\u2028]/g)?.length ?? 0) + 2 * (run.match(/\u2029/g)?.length ?? 0) >= 2 ? '\n' : ' ',
    )
    .trim();
}

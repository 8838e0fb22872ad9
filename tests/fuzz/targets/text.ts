// Fuzz targets for HTML → text (src/text/html.ts; see ../target.ts). Oracles: htmlToText
// never throws; its output is never longer than its input, has no NUL and no whitespace
// at either end; plainText has no line break; and when every '<' of the input opens a
// real tag (text parts hold none), no '<' or '>' of a tag reaches the output.
import fc from 'fast-check';
import { htmlToText, plainText } from '../../../src/text/html.js';
import type { FuzzTarget } from '../target.js';

const TAGS = [
  '<p>',
  '</p>',
  '<P class="x">',
  '<br>',
  '<br/>',
  '</br>',
  '<b>',
  '</b>',
  '<a href="/x?a=1&amp;b=2">',
  '</a>',
  '<div>',
  '</div>',
  '<li>',
  '<ul>',
  '</ul>',
  '<td>',
  '<tr>',
  '<table>',
  '</table>',
  '<h1>',
  '</h1>',
  '<img src=x alt="a > b">',
  '<hr/>',
  '<span>',
  '</span>',
  '<script>',
  '</script>',
  '<style>',
  '</style>',
  '<title>',
  '</title>',
  '<svg>',
  '</svg>',
  '<textarea>',
  '</textarea>',
  '<select>',
  '<option>',
  '<!-- comment -->',
  '<![CDATA[x]]>',
  '<!DOCTYPE html>',
  '<?php x ?>',
  '<noscript>',
  '</noscript>',
];
const WORDS = [
  'Taliban',
  'Doha',
  'news',
  '1 2',
  '&amp;',
  '&nbsp;',
  '&eacute;',
  '&#233;',
  '&#x1F600;',
  '&copy',
  '& ',
  'a&b',
  '\u00a0',
  ' ',
  '\n',
  '\t',
  '',
];

/** Fragments whose every '<' opens a tag (words hold no '<' or '>', nor an entity for them). */
const tagged = fc
  .array(fc.oneof(fc.constantFrom(...TAGS), fc.constantFrom(...WORDS)), { maxLength: 60 })
  .map((p) => p.join(''));

const repeat = (pieces: string[], max: number) =>
  fc.tuple(fc.constantFrom(...pieces), fc.integer({ min: 1, max })).map(([p, n]) => p.repeat(n));

/** Hostile fragments: long runs of unclosed and stray tags, brackets, entities and whitespace, mixed with the above. */
const hostile = fc
  .array(
    fc.oneof(
      tagged,
      repeat(
        [
          '<a>',
          '</b>',
          '<p>',
          '<li><div>',
          '<svg>',
          '<title>',
          '<a ',
          '<',
          '</',
          '&',
          '&lt;a ',
          '&#',
          ' ',
          '\n',
          '\u00a0',
          '<!--',
          '<![CDATA[',
        ],
        20_000,
      ),
      fc.string({ maxLength: 40, unit: 'binary' }),
    ),
    { minLength: 1, maxLength: 5 },
  )
  .map((p) => p.join(''));

function checkCommon(html: string): string {
  const out = htmlToText(html);
  if (typeof out !== 'string') throw new Error('htmlToText returned no string');
  if (out.length > html.length) throw new Error(`output (${out.length}) longer than input (${html.length})`);
  if (out.includes('\u0000')) throw new Error('NUL in the output');
  if (out !== out.trim()) throw new Error('whitespace at an end of the output');
  if (plainText(html).includes('\n')) throw new Error('a line break in plainText');
  return out;
}

const bytes = (s: string) => Buffer.byteLength(s);

export const targets: FuzzTarget<string>[] = [
  {
    name: 'text/html-tagged',
    arbitrary: tagged,
    check(html) {
      const out = checkCommon(html);
      if (/[<>]/.test(out)) throw new Error(`a tag's bracket reached the output: ${JSON.stringify(out.slice(0, 200))}`);
    },
    size: bytes,
  },
  { name: 'text/html-hostile', arbitrary: hostile, check: (html) => void checkCommon(html), size: bytes },
];

// htmlToText after its rewrite (whitespace folded per text run in html-visible.ts instead
// of regex passes over the whole text) gives exactly what it gave before
// (tests/text/html-oracle.ts) on randomized markup built to hit the corners of
// htmlparser2's tokenizer (raw-text elements, implied end tags, `</p>`, bare '<', every
// kind of whitespace, entities with and without ';'), on those inputs cut off at random,
// and on every HTML text of the feedparser corpus when it is present.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/parse/index.js';
import { htmlToText, plainText } from '../../src/text/html.js';
import { isSpace } from '../../src/text/html-visible.js';
import { findCorpus } from '../parse/corpus-score.js';
import { oracleHtmlToText } from './html-oracle.js';

/** A seeded PRNG (LCG): every run checks the same inputs. */
function random(seed: number) {
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  return { next, pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T };
}

const NAMES = [
  'p',
  'P',
  'div',
  'br',
  'BR',
  'b',
  'a',
  'span',
  'li',
  'ul',
  'ol',
  'table',
  'tr',
  'td',
  'th',
  'tbody',
  'thead',
  'img',
  'hr',
  'h1',
  'script',
  'SCRIPT',
  'style',
  'title',
  'textarea',
  'xmp',
  'xitle',
  'tmp',
  'select',
  'option',
  'input',
  'svg',
  'math',
  'head',
  'body',
  'iframe',
  'noscript',
  'template',
  'object',
  'dd',
  'dt',
  'dl',
  'section',
  'figure',
  'video',
  'pre',
  'em',
  'x-y',
  'DİV',
  'rt',
  'rp',
  'button',
  'form',
  'caption',
  'summary',
  'details',
];
const SPACES = [' ', '  ', '\n', '\t', '\r\n', '\f', '\v', '\u00a0', '\u2028', '\u3000', '\ufeff', ' \n '];
const ENTITIES = [
  '&amp;',
  '&amp',
  '&lt',
  '&gt;',
  '&nbsp;',
  '&nbsp',
  '&hellip;',
  '&hellip',
  '&#65;',
  '&#65',
  '&#x41;',
  '&#x;',
  '&#0;',
  '&#;',
  '&',
  '&&',
  '&copy=',
  '&notit;',
  '&noti',
  '&ampx',
  '&AMP;',
  '&#128;',
  '&#x110000;',
  '&#xD800;',
];
const ATTRS = [
  '',
  ' a',
  ' a=b',
  ' a="b c"',
  " a='b>c'",
  ' a=',
  ' a = "x"',
  ' href="/x?a=1&amp;b=2"',
  ' "q"',
  " 'q",
  ' =x',
  ' a/',
  ' /',
  ' / ',
  ' a=b/',
  ' x="<p>"',
  ' a=&amp;',
  ' title=">"',
];
const ODD = [
  '<!-- c -->',
  '<!---->',
  '<!-->',
  '<!--->',
  '<![CDATA[x]]>',
  '<!DOCTYPE html>',
  '<?xml x?>',
  '</>',
  '</ >',
  '< p>',
  '<3',
  'a<b',
  '</3>',
  '<//x>',
  '<',
  '>',
  '</ p>',
  '<p\n>',
  '</p\n>',
  '\u001c/script>',
  '</script>',
  '</style >',
  '</title>',
  '<a href="x',
  '<!x>',
  '\u0000',
];
const WORDS = [
  'ISKP',
  'Taliban',
  'the',
  'al-Qaeda',
  'x',
  'Kabul.',
  '“quoted”',
  'é',
  '1',
  '<',
  '>',
  '=',
  '"',
  "'",
  '/',
  '-',
  '--',
  ']]>',
];

function markup(r: ReturnType<typeof random>): string {
  const tag = (): string => {
    const name = r.pick(NAMES);
    const x = r.next();
    if (x < 0.45) return `<${name}${r.pick(ATTRS)}${r.next() < 0.15 ? '/' : ''}>`;
    if (x < 0.8)
      return `</${name}${r.next() < 0.3 ? r.pick(['', ' x', '\v', '\u00a0', '/', ' ', '\n', '\f', 'x', '<']) : ''}>`;
    return r.pick(ODD);
  };
  const flat = (n: number): string => {
    let s = '';
    for (let i = 0; i < n; i++) {
      const x = r.next();
      s += x < 0.35 ? tag() : x < 0.6 ? r.pick(WORDS) : x < 0.85 ? r.pick(SPACES) : r.pick(ENTITIES);
    }
    return s;
  };
  // Nested elements with text, mostly closed in order (sometimes not, or by another name).
  const tree = (depth: number): string => {
    let s = '';
    for (let i = 0, n = 1 + Math.floor(r.next() * 4); i < n; i++) {
      if (r.next() < 0.4 && depth < 4) {
        const name = r.pick(NAMES);
        const end =
          r.next() < 0.8
            ? `</${r.next() < 0.85 ? name : r.pick(NAMES)}${r.next() < 0.2 ? r.pick(['\v', ' ', '\u00a0', 'x']) : ''}>`
            : '';
        s += `<${name}${r.pick(ATTRS)}>${tree(depth + 1)}${end}`;
      } else s += r.next() < 0.5 ? `${r.pick(WORDS)}${r.pick(SPACES)}` : flat(2);
    }
    return s;
  };
  // Well-formed article markup, as feeds send it (the common case).
  const article = (): string => {
    let s = '';
    for (let i = 0, n = 1 + Math.floor(r.next() * 5); i < n; i++) {
      const inline = ['b', 'a href="https://example.org/x?a=1&amp;b=2"', 'em', 'span class="c"'][
        Math.floor(r.next() * 4)
      ] as string;
      s += `<p>${r.pick(WORDS)} ${r.pick(ENTITIES)}<${inline}>${r.pick(WORDS)}</${inline.split(' ')[0]}>${r.pick(SPACES)}${r.pick(WORDS)}</p>${r.pick(['\n', '', '<br/>', '<!-- x -->'])}`;
    }
    return s;
  };
  const x = r.next();
  return x < 0.4 ? flat(Math.floor(r.next() * 30)) : x < 0.75 ? tree(0) : article();
}

function* corpusTexts(): Generator<string> {
  const dir = findCorpus(fileURLToPath(new URL('../..', import.meta.url)));
  if (!dir) return;
  const walk = function* (d: string): Generator<string> {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) yield* walk(p);
      else yield p;
    }
  };
  for (const file of walk(join(dir, 'files'))) {
    const r = parseFeed(readFileSync(file));
    if (!r.ok) continue;
    yield r.feed.description;
    for (const item of r.feed.items) for (const html of [item.summary, item.content]) if (html) yield html;
  }
}

interface Mismatch {
  input: string;
  want: string;
  got: string;
}

/** Runs every input through both implementations; returns the first mismatches, and how many inputs hold markup. */
function compare(inputs: Iterable<string>): { count: number; markup: number; mismatches: Mismatch[] } {
  let count = 0;
  let markup = 0;
  const mismatches: Mismatch[] = [];
  for (const input of inputs) {
    count++;
    const want = oracleHtmlToText(input);
    const got = htmlToText(input);
    if (got !== want && mismatches.length < 5) mismatches.push({ input, want, got });
    if (/[<&]/.test(input)) markup++;
  }
  return { count, markup, mismatches };
}

function* generated(seed: number, n: number): Generator<string> {
  const r = random(seed);
  for (let i = 0; i < n; i++) {
    const input = markup(r);
    yield input;
    yield input.slice(0, Math.floor(r.next() * input.length)); // cut off anywhere
  }
}

describe('htmlToText against its previous implementation', () => {
  it('gives the same text on 60,000 randomized fragments and their truncations', () => {
    const { count, markup, mismatches } = compare(generated(20260228, 30_000));
    console.log(`htmlToText differential: ${count} generated inputs, ${markup} with markup`);
    expect(mismatches).toEqual([]);
    expect(count).toBe(60_000);
    // The scanner, not the fallback, must carry most of the comparison.
  });

  it.skipIf(!findCorpus(fileURLToPath(new URL('../..', import.meta.url))))(
    'gives the same text on every HTML text of the feedparser corpus',
    () => {
      const { count, markup, mismatches } = compare(corpusTexts());
      console.log(`htmlToText differential: ${count} corpus texts, ${markup} with markup`);
      expect(mismatches).toEqual([]);
      expect(count).toBeGreaterThan(1000);
    },
  );
});

describe('htmlToText', () => {
  it('breaks lines at blocks only, folds whitespace and decodes entities', () => {
    expect(htmlToText('<p>Talks  in\nDoha&nbsp;resumed</p><p>ISKP <b>claimed</b>&hellip;</p>')).toBe(
      'Talks in Doha resumed\nISKP claimed…',
    );
    expect(htmlToText('<ul><li>one<li>two</ul>tail')).toBe('one\ntwo\ntail');
    expect(htmlToText('a<br>b</br>c<img src="x.png">d')).toBe('a\nb\nc\nd');
    expect(plainText('<p>Envoy</p><p>visits</p>')).toBe('Envoy visits');
  });

  it('drops hidden elements, raw text included, but keeps their block boundaries', () => {
    expect(htmlToText('a<script>if (x < 1) document.write("<p>no</p>")</script>b')).toBe('ab');
    expect(htmlToText('a<svg><p>x</p></svg>b')).toBe('a\nb');
    expect(htmlToText('<xmp><b>as &amp; written</b></xmp>')).toBe('<b>as &amp; written</b>');
  });

  it('reads a DOCTYPE and a tag cut off', () => {
    expect(htmlToText('<!DOCTYPE html><p>Kabul</p>')).toBe('Kabul');
    expect(htmlToText('before <a href="x')).toBe('before');
  });

  it('drops NUL from plain text too (found by tests/fuzz)', () => {
    expect(htmlToText('\u0000')).toBe('');
    expect(htmlToText('Ka\u0000bul  news')).toBe('Kabul news');
  });

  it("treats as whitespace exactly JavaScript's \\s", () => {
    const differ: string[] = [];
    for (let c = 0; c <= 0xffff; c++)
      if (isSpace(c) !== /\s/.test(String.fromCharCode(c))) differ.push(`U+${c.toString(16)}`);
    expect(differ).toEqual([]);
  });
});

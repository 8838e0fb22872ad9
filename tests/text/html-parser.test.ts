// LinearParser (src/text/html-parser.ts) against htmlparser2's Parser: the same events,
// with the same arguments and offsets, on generated fragments in the option sets this
// project uses; and linear-time outcomes on the unclosed-tag inputs of issue 16.
import fc from 'fast-check';
import { Parser, type Handler, type ParserOptions } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { readXml } from '../../src/parse/xml/tree.js';
import { LinearParser } from '../../src/text/html-parser.js';
import { htmlToText } from '../../src/text/html.js';

type Event = [string, ...unknown[]];

function events(
  make: (cbs: Partial<Handler>) => Parser | LinearParser,
  html: string,
  chunk = html.length || 1,
): Event[] {
  const out: Event[] = [];
  let p: Parser | LinearParser | null = null;
  const at = (name: string, ...args: unknown[]) => out.push([name, ...args, p?.startIndex, p?.endIndex]);
  const cbs: Partial<Handler> = {
    onopentagname: (n) => at('opentagname', n),
    onopentag: (n, a, implied) => at('opentag', n, { ...a }, implied),
    onclosetag: (n, implied) => at('closetag', n, implied),
    onattribute: (n, v, q) => at('attribute', n, v, q),
    ontext: (t) => at('text', t),
    oncomment: (t) => at('comment', t),
    oncommentend: () => at('commentend'),
    oncdatastart: () => at('cdatastart'),
    oncdataend: () => at('cdataend'),
    onprocessinginstruction: (n, d) => at('pi', n, d),
    onend: () => at('end'),
  };
  p = make(cbs);
  for (let i = 0; i < html.length; i += chunk) p.write(html.slice(i, i + chunk));
  p.end();
  return out;
}

const OPTIONS: ParserOptions[] = [
  { xmlMode: true, decodeEntities: false, recognizeCDATA: true, recognizeSelfClosing: true }, // xml/tree.ts
  { decodeEntities: false, lowerCaseTags: true, recognizeSelfClosing: true }, // text/html.ts
  {},
  { decodeEntities: true },
];

const PIECES = [
  '<p>',
  '</p>',
  '<P class=x>',
  '<br>',
  '</br>',
  '<br/>',
  '<li>',
  '</li>',
  '<td>',
  '<tr>',
  '</table>',
  '<table>',
  '<select>',
  '<option>',
  '<svg>',
  '</svg>',
  '<path/>',
  '<math>',
  '<mi>',
  '</mi>',
  '<title>',
  '</title>',
  '<script>',
  '</script>',
  '<textarea>',
  '<xmp>',
  '<a href="x&amp;y">',
  "<a href='q' b c=d>",
  '</a>',
  '<b>',
  '</b>',
  '<img src=x>',
  '<img/>',
  '<div>',
  '</div>',
  '<h1>',
  '<dd>',
  '<dt>',
  '<rss:item>',
  '</rss:item>',
  '<x:Y>',
  '</x:y>',
  '<![CDATA[c]]>',
  '<!-- c -->',
  '<?xml version="1.0"?>',
  '<!DOCTYPE html>',
  '<!ENTITY e "v">',
  'text',
  ' ',
  '\n',
  '&amp;',
  '&lt;',
  '&nbsp',
  '&#60;',
  '<',
  '>',
  '/',
  '"',
  '<a',
  '</',
  'x=',
  '<input>',
  '<hr>',
];
const fragments = fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((p) => p.join(''));

describe('LinearParser', () => {
  it.each(OPTIONS.map((o) => [JSON.stringify(o), o] as const))('emits what Parser emits with %s', (_label, options) => {
    fc.assert(
      fc.property(fragments, (html) => {
        const want = events((cbs) => new Parser(cbs, options), html);
        const got = events((cbs) => new LinearParser(cbs, options), html);
        expect(got, JSON.stringify(html)).toEqual(want);
      }),
      { numRuns: 3_000, seed: 16 },
    );
  });

  it('emits what Parser emits for a document written in chunks', () => {
    fc.assert(
      fc.property(fragments, fc.integer({ min: 1, max: 9 }), (html, size) => {
        const want = events((cbs) => new Parser(cbs, OPTIONS[1]), html, size);
        expect(
          events((cbs) => new LinearParser(cbs, OPTIONS[1]), html, size),
          JSON.stringify(html),
        ).toEqual(want);
      }),
      { numRuns: 1_000, seed: 16 },
    );
  });

  it('stops at pause() and emits nothing at end()', () => {
    const names: string[] = [];
    const p: LinearParser = new LinearParser({
      onopentagname: (n) => (names.push(n), n === 'b' && p.pause()),
      onend: () => names.push('END'),
    });
    p.write('<a><b><c></c></b></a>');
    p.end();
    expect(names).toEqual(['a', 'b']);
  });
});

// Issue 16, finding 3: 25,000 unclosed <a> then 25,000 </b> cost htmlparser2's Parser
// a shift of its whole stack per tag and a search of it per end tag (quadratic).
describe('unclosed tags (issue 16)', () => {
  const n = 100_000;

  it('htmlToText reads 100,000 unclosed <a> and 100,000 stray </b>', () => {
    expect(htmlToText(`${'<a>'.repeat(n)}x${'</b>'.repeat(n)}y`)).toBe('xy');
    expect(htmlToText(`${'<p>'.repeat(n)}x${'</div>'.repeat(n)}`)).toBe('x');
    expect(htmlToText(`${'<li><div>'.repeat(n / 2)}x${'</li>'.repeat(n / 2)}`)).toBe('x');
  });

  it('the XML tree reads them, keeps its depth cap and reports the unclosed element', () => {
    const doc = readXml(
      `<rss><channel><title>t</title>${'<a>'.repeat(n)}x${'</b>'.repeat(n)}</channel></rss>`,
      null,
      () => true,
    );
    let depth = 0;
    for (let el = doc.root; el; el = el.children.findLast((c) => typeof c !== 'string') as typeof el) depth++;
    expect(depth).toBe(200);
    expect(doc.truncated).toBe(false);
    expect(doc.warnings.join('\n')).toContain('<a> was never closed');
    expect(readXml(`<rss>${'<a>'.repeat(n)}`, null, () => true).truncated).toBe(true);
  });
});

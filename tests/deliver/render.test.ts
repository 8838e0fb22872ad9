import { describe, expect, it } from 'vitest';
import type { AlertPayload, Summary } from '../../src/core/types.js';
import { renderDiscord } from '../../src/deliver/render/discord.js';
import { fitEscaped } from '../../src/deliver/render/text.js';
import { validateBody } from '../helpers/fake-discord-body.js';
import { alert, match, ROLE } from './fixtures.js';

const INJECT =
  '@everyone @here <@&123456789012345678> <@222222222222222222> <@!333333333333333333> <#444444444444444444>';

/** Undoes our escaping: what a reader sees, minus zero-width spaces. */
function visible(md: string): string {
  return md.replace(/\\([^\s\da-z])/gi, '$1').replace(/\u200b/g, '');
}

/** Markdown characters not preceded by a backslash (outside URLs). */
function unescapedSpecials(md: string): string[] {
  const out: string[] = [];
  for (const token of md.split(' ')) {
    if (/^https?:\/\//.test(token)) continue;
    for (let i = 0; i < token.length; i++) {
      if (token[i] === '\\') {
        i++;
        continue;
      }
      if ('*_~`|[]<'.includes(token[i] as string)) out.push(token[i] as string);
    }
  }
  return out;
}

/** Number of bold markers `**` that are not escaped (scanning escape pairs left to right). */
function boldMarkers(md: string): number {
  let n = 0;
  for (let i = 0; i < md.length; i++) {
    if (md[i] === '\\') i++;
    else if (md[i] === '*' && md[i + 1] === '*') {
      n++;
      i++;
    }
  }
  return n;
}

function embedTotal(e: {
  title?: string;
  description?: string;
  footer?: { text: string };
  fields?: Array<{ name: string; value: string }>;
}): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

describe('Discord rendering', () => {
  it('renders an alert: linked title, summary with bold names, matched field, source, published time, ref', () => {
    const body = renderDiscord(alert(1), { ref: 'nw-1' });
    const [e] = body.embeds;
    expect(e?.title).toBe('Blast near Jalalabad checkpoint, report 1');
    expect(e?.url).toBe('https://news.example.org/2024/jalalabad-1');
    expect(e?.description).toBe(
      'Officials in Jalalabad said on Tuesday that **ISKP** claimed the roadside blast (report 1).',
    );
    expect(e?.fields).toEqual([
      { name: 'Source', value: 'Frontier Wire', inline: true },
      { name: 'Published', value: `<t:${Date.UTC(2024, 4, 14, 6, 30) / 1000}:f>`, inline: true },
      { name: 'Matched', value: 'Islamic State Khorasan Province (title, body)' },
    ]);
    expect(e?.footer?.text).toBe('newswatch · ref nw-1');
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.content).toBeUndefined();
    expect(validateBody(body, { edit: false })).toEqual([]);
  });

  it('groups matches per entity and adds "Also reported by"', () => {
    const p = alert(2, {
      matches: [
        match('Tehrik-i-Taliban Pakistan', 'title', 'TTP', 'ttp'),
        match('Tehrik-i-Taliban Pakistan', 'content', 'TTP', 'ttp'),
        match('Thomas West', 'content'),
      ],
      alsoReportedBy: ['Kabul Ledger', 'Peshawar Post'],
    });
    const fields = renderDiscord(p).embeds[0]?.fields ?? [];
    expect(fields.find((f) => f.name === 'Matched')?.value).toBe(
      'Tehrik-i-Taliban Pakistan (title, body), Thomas West (body)',
    );
    expect(fields.find((f) => f.name === 'Also reported by')?.value).toBe('Kabul Ledger, Peshawar Post');
  });

  it('never lets article text ping: mentions are broken up, allowed_mentions parses nothing, content stays empty', () => {
    const p = alert(3, {
      title: `Statement ${INJECT}`,
      source: `Feed ${INJECT}`,
      summary: [
        [
          { text: `Text ${INJECT}`, highlight: false },
          { text: '@everyone', highlight: true },
        ],
      ],
      alsoReportedBy: [INJECT],
    });
    const body = renderDiscord(p, { ref: 'r' });
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.content).toBeUndefined();
    const text = JSON.stringify(body.embeds);
    expect(text).not.toMatch(/(?<!\\)<[@#]/);
    expect(text).not.toMatch(/@(everyone|here)/);
    expect(visible(body.embeds[0]?.title ?? '')).toBe(`Statement ${INJECT}`);
  });

  it('pings only the configured role, through content and allowed_mentions.roles; edits ping nobody', () => {
    const p = alert(4, { title: `Alert <@&123456789012345678> @everyone`, mentionRole: ROLE });
    const body = renderDiscord(p);
    expect(body.content).toBe(`<@&${ROLE}>`);
    expect(body.allowed_mentions).toEqual({ parse: [], roles: [ROLE] });
    const edit = renderDiscord(p, { edit: true });
    expect(edit.allowed_mentions).toEqual({ parse: [] });
    expect(renderDiscord(alert(5, { mentionRole: 'not-a-role <@&1>' })).content).toBeUndefined();
  });

  it('escapes markdown in titles and summaries so nothing formats, links or quotes', () => {
    const nasty =
      '> # **bold** __under__ *it* ~~gone~~ `code` ```block``` ||spoiler|| [click](https://evil.example/x) \\ -# small';
    const p = alert(6, { title: nasty, summary: [[{ text: nasty, highlight: false }]] });
    const e = renderDiscord(p).embeds[0]!;
    for (const md of [e.title!, e.description!]) {
      expect(unescapedSpecials(md)).toEqual([]);
      expect(md.startsWith('\\>')).toBe(true);
      expect(visible(md)).toBe(nasty);
    }
  });

  it('keeps URLs in text clickable (not escaped) and drops non-http(s) links', () => {
    const p = alert(7, { summary: [[{ text: 'See https://news.example.org/a_b*c for more.', highlight: false }]] });
    expect(renderDiscord(p).embeds[0]?.description).toBe('See https://news.example.org/a_b*c for more.');
    for (const link of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,<b>x</b>',
      'ftp://files.example/x',
      '/relative/path',
      'not a url',
      '',
    ]) {
      const e = renderDiscord(alert(8, { link })).embeds[0]!;
      expect(e.url).toBeUndefined();
      expect(validateBody({ embeds: [e] }, { edit: false })).toEqual([]);
    }
  });

  it('truncates a 10 KB title at a word boundary within 256', () => {
    const words = Array.from({ length: 2000 }, (_, i) => `w${i}`).join(' ');
    const title = renderDiscord(alert(9, { title: words })).embeds[0]!.title!;
    expect(title.length).toBeLessThanOrEqual(256);
    expect(title.endsWith('…')).toBe(true);
    const kept = title.slice(0, -1).split(' ');
    expect(kept.every((w, i) => w === `w${i}`)).toBe(true);
    const noSpaces = renderDiscord(alert(10, { title: '*'.repeat(10_000) })).embeds[0]!.title!;
    expect(noSpaces.length).toBeLessThanOrEqual(256);
    expect(noSpaces).toMatch(/^(\\\*)+…$/);
  });

  it('respects every limit with a huge summary, hundreds of matches and sources', () => {
    const sentence = (i: number): Summary[number] => [
      { text: `Sentence ${i} names `, highlight: false },
      { text: `Entity ${i}`, highlight: true },
      { text: ' and goes on with words *_~ '.repeat(6), highlight: false },
    ];
    const p: AlertPayload = alert(11, {
      title: 'T '.repeat(5000),
      source: 'S'.repeat(3000),
      summary: Array.from({ length: 500 }, (_, i) => sentence(i)),
      matches: Array.from({ length: 400 }, (_, i) => match(`Name number ${i} `.repeat(5), i % 2 ? 'title' : 'content')),
      alsoReportedBy: Array.from({ length: 300 }, (_, i) => `Outlet ${i} `.repeat(20)),
      mentionRole: ROLE,
    });
    const body = renderDiscord(p, { ref: 'nw-zzzz' });
    const e = body.embeds[0]!;
    expect(validateBody(body, { edit: false })).toEqual([]);
    expect(embedTotal(e)).toBeLessThanOrEqual(6000);
    expect(e.description!.length).toBeLessThanOrEqual(4096);
    expect(boldMarkers(e.description!) % 2).toBe(0);
    expect(e.fields!.every((f) => f.value.length <= 1024 && f.name.length <= 256)).toBe(true);
    expect(e.fields!.find((f) => f.name === 'Matched')?.value).toMatch(/\+\d+ more$/);
    expect(e.footer?.text).toBe('newswatch · ref nw-zzzz');
  });

  it('stays valid for random text full of markdown, mentions, emoji and long words', () => {
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = [
      'a',
      'b',
      ' ',
      ' ',
      '*',
      '_',
      '~',
      '`',
      '|',
      '\\',
      '<',
      '@',
      '&',
      '#',
      '>',
      '-',
      '[',
      ']',
      '(',
      ')',
      '😀',
      'é',
      '\n',
      '\u202e',
      'everyone',
      'here',
      '\u0000',
      '\u001b[31m',
    ];
    const text = (n: number) =>
      Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
    for (let i = 0; i < 200; i++) {
      const p = alert(i, {
        title: text(Math.floor(rand() * 600)),
        summary: [
          [
            { text: text(Math.floor(rand() * 3000)), highlight: false },
            { text: text(20), highlight: true },
            { text: text(3000), highlight: false },
          ],
        ],
        source: text(300),
        alsoReportedBy: [text(50), text(2000)],
      });
      const body = renderDiscord(p, { ref: 'x' });
      const e = body.embeds[0]!;
      expect(validateBody(body, { edit: false })).toEqual([]);
      const all = JSON.stringify(body);
      expect(all).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
      expect(all).not.toMatch(/\\u001b|\\u0000|\u202e/);
      expect(unescapedSpecials(e.title ?? '')).toEqual([]);
      expect(boldMarkers(e.description ?? '') % 2).toBe(0);
    }
  });

  it('renders a digest of many alerts as one embed, every alert listed, within limits', () => {
    const alerts = Array.from({ length: 20 }, (_, i) =>
      alert(i, { title: `Long headline ${i} `.repeat(30), link: `https://news.example.org/${'x'.repeat(i * 50)}` }),
    );
    const body = renderDiscord({ kind: 'digest', alerts }, { ref: 'nw-d' });
    const e = body.embeds[0]!;
    expect(e.title).toBe('20 more alerts');
    const lines = e.description!.split('\n');
    expect(lines).toHaveLength(20);
    lines.forEach((l, i) => expect(l).toContain(`Long headline ${i}`));
    expect(validateBody(body, { edit: false })).toEqual([]);
    expect(lines[0]).toMatch(
      /^• \[Long headline 0 .*\]\(https:\/\/news\.example\.org\/\) — Frontier Wire · Islamic State Khorasan Province$/,
    );
  });

  it('renders a notice', () => {
    const body = renderDiscord({
      kind: 'notice',
      level: 'warning',
      title: 'Feed failing',
      text: 'frontier-wire: 10 failures (timeout) since 06:00 UTC',
      feedId: 'frontier-wire',
    });
    expect(body.embeds[0]).toMatchObject({
      title: 'Feed failing',
      description: 'frontier-wire: 10 failures (timeout) since 06:00 UTC',
    });
    expect(validateBody(body, { edit: false })).toEqual([]);
  });
});

describe('fitEscaped', () => {
  it('never splits an escape pair or a surrogate pair', () => {
    for (let budget = 1; budget < 30; budget++) {
      const a = fitEscaped('*'.repeat(40), budget).text;
      expect(a.length).toBeLessThanOrEqual(budget);
      expect(a.replace(/…$/, '')).toMatch(/^(\\\*)*$/);
      const b = fitEscaped('😀'.repeat(40), budget).text;
      expect(b).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    }
  });
});

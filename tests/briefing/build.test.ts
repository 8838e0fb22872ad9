// The briefing's pure parts: ranking, rises and falls, the window and baseline days, the
// due firing, and what each renderer makes of it within its limits ("and N more").
import { describe, expect, it } from 'vitest';
import { baselineDays, buildBriefing, moves, rankStories } from '../../src/briefing/build.js';
import { dueFiring, LATE_MS, watchedEntities } from '../../src/briefing/index.js';
import type { BriefingPayload } from '../../src/core/types.js';
import { DISCORD_LIMITS, SLACK_LIMITS, TELEGRAM_LIMITS } from '../../src/deliver/limits.js';
import { briefingEmbed, briefingNotice, fitList } from '../../src/deliver/render/briefing.js';
import { renderDiscord } from '../../src/deliver/render/discord.js';
import { renderHtml } from '../../src/deliver/render/html.js';
import { renderSlack } from '../../src/deliver/render/slack.js';
import { renderConsole } from '../../src/deliver/render/console.js';

const story = (title: string, sources: string[], createdAt: number) => ({
  title,
  link: `https://x.example/${createdAt}`,
  sources,
  createdAt,
});

describe('ranking', () => {
  it('puts the most sources first, then the earlier story, then by title', () => {
    const ranked = rankStories([
      story('b', ['A'], 3),
      story('a', ['A'], 3),
      story('c', ['A', 'B', 'C'], 9),
      story('d', ['A', 'B'], 1),
      story('e', ['A'], 2),
    ]);
    expect(ranked.map((s) => s.title)).toEqual(['c', 'd', 'e', 'a', 'b']);
  });
});

describe('rises and falls', () => {
  const entities = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((k) => ({ key: `w/${k}`, name: k.toUpperCase() }));
  it('compares the 24 hours with the 30-day daily average, largest change first, five at most', () => {
    const counts = new Map([
      ['w/a', 10],
      ['w/b', 3],
      ['w/c', 3],
      ['w/e', 1],
      ['w/f', 2],
      ['w/g', 4],
      ['w/h', 5],
    ]);
    const baselineTotals = new Map([
      ['w/a', 30],
      ['w/c', 90],
      ['w/d', 60],
      ['w/e', 30],
    ]);
    const { rising, falling } = moves({ entities, counts, baselineTotals });
    // a: 10 vs 1 (+9); h +5; g +4; b +3; f +2; e: 1 vs 1 (no change); c: 3 vs 3; d: 0 vs 2 (−2).
    expect(rising.map((m) => [m.name, m.count, m.baseline])).toEqual([
      ['A', 10, 1],
      ['H', 5, 0],
      ['G', 4, 0],
      ['B', 3, 0],
      ['F', 2, 0],
    ]);
    expect(falling.map((m) => [m.name, m.count, m.baseline])).toEqual([['D', 0, 2]]);
  });

  it('leaves out entities with nothing in the window nor in the baseline', () => {
    const b = buildBriefing({
      firedAt: 86_400_000 * 100,
      timezone: 'UTC',
      entities,
      counts: new Map(),
      baselineTotals: new Map(),
      stories: [],
    });
    expect([b.entities, b.rising, b.falling, b.stories]).toEqual([[], [], [], []]);
    expect([b.from, b.to]).toEqual([86_400_000 * 99, 86_400_000 * 100]);
  });
});

describe('window and schedule', () => {
  it('takes the baseline from the 30 days before the window’s first day', () => {
    expect(baselineDays(Date.parse('2026-12-03T02:30:00Z'))).toEqual({ from: '2026-11-02', to: '2026-12-01' });
  });

  it('finds the latest firing at most LATE_MS ago, in the schedule’s time zone', () => {
    const at = Date.parse('2026-12-03T02:30:00Z'); // 07:00 in Kabul
    expect(dueFiring('0 7 * * *', 'Asia/Kabul', at - 60_000)).toBeNull();
    expect(dueFiring('0 7 * * *', 'Asia/Kabul', at)).toBe(at);
    expect(dueFiring('0 7 * * *', 'Asia/Kabul', at + LATE_MS - 60_000)).toBe(at);
    expect(dueFiring('0 7 * * *', 'Asia/Kabul', at + LATE_MS)).toBeNull();
    expect(dueFiring('0 * * * *', 'UTC', Date.parse('2026-12-03T05:10:00Z'))).toBe(Date.parse('2026-12-03T05:00:00Z'));
  });

  it('lists the entities of the channel’s watchlists only', () => {
    const config = {
      watchlists: [
        { id: 'w1', entities: [{ id: 'a', name: 'A' }] },
        { id: 'w2', entities: [{ id: 'b', name: 'B' }] },
      ],
    };
    const channel = { watchlists: ['w2'] };
    expect(watchedEntities(config as never, channel as never)).toEqual([{ key: 'w2/b', name: 'B' }]);
    expect(watchedEntities(config as never, {} as never).map((e) => e.key)).toEqual(['w1/a', 'w2/b']);
  });
});

describe('rendering within limits', () => {
  it('fitList keeps what fits and counts the rest', () => {
    expect(fitList(['aaaa', 'bbbb', 'cccc'], 100)).toBe('aaaa\nbbbb\ncccc');
    expect(fitList(['aaaa', 'bbbb', 'cccc', 'dddd'], 22)).toBe('aaaa\nbbbb\nand 2 more');
    expect(fitList(['aaaa', 'bbbb', 'cccc', 'dddd'], 22).length).toBeLessThanOrEqual(22);
  });

  const big: BriefingPayload = {
    kind: 'briefing',
    from: Date.parse('2026-12-02T02:30:00Z'),
    to: Date.parse('2026-12-03T02:30:00Z'),
    timezone: 'Asia/Kabul',
    entities: Array.from({ length: 300 }, (_, i) => ({ name: `Entity number ${i} with a long name`, count: 300 - i })),
    stories: Array.from({ length: 50 }, (_, i) => ({
      title: `Story ${i} @everyone <b>bold</b> *stars* ${'word '.repeat(60)}`,
      link: `https://news.example.org/story/${i}?a=1&b=(2)`,
      sources: Array.from({ length: 30 }, (_, j) => `Outlet ${j}`),
    })),
    rising: Array.from({ length: 5 }, (_, i) => ({ name: `Riser ${i}`, count: 10, baseline: 1.25 })),
    falling: [{ name: 'Faller', count: 0, baseline: 12.5 }],
  };

  it('Discord: every embed limit holds, the lists end with "and N more"', () => {
    const embed = briefingEmbed(big, 'newswatch · ref nw-abc-1');
    expect(embed.title).toBe('Daily briefing 2026-12-03');
    expect(embed.description!.length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    for (const f of embed.fields!) expect(f.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
    const total =
      embed.title!.length +
      embed.description!.length +
      embed.footer!.text.length +
      embed.fields!.reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
    expect(embed.description).toMatch(/\nand \d+ more$/);
    expect(embed.fields![0]!.value).toMatch(/\nand \d+ more$/);
    expect(embed.description).not.toContain('@everyone');
    // The link's parentheses cannot close the markdown link early.
    expect(embed.description).toContain('(https://news.example.org/story/0?a=1&b=%282%29)');
    expect(embed.fields!.find((f) => f.name === 'Falling')!.value).toBe('Faller: 0 in 24 h (30-day average 13/day)');
    const body = renderDiscord(big, { ref: 'nw-abc-1' });
    expect(body.allowed_mentions).toEqual({ parse: [] });
  });

  it('text sinks: one notice, trimmed with "and N more", within each sink’s limit', () => {
    const notice = briefingNotice(big);
    expect(notice.title).toBe('Daily briefing 2026-12-03');
    expect(notice.text).toMatch(/and \d+ more/);
    expect(notice.text.length).toBeLessThanOrEqual(1900);
    const html = renderHtml(big, { budget: TELEGRAM_LIMITS.text, newline: '\n', ref: 'nw-abc-1' });
    expect(html.length).toBeLessThanOrEqual(TELEGRAM_LIMITS.text);
    expect(html).toContain('Daily briefing 2026-12-03');
    expect(html).not.toContain('<b>bold</b> *stars*');
    const slack = renderSlack(big, { ref: 'nw-abc-1' });
    for (const b of slack.blocks)
      if (b.type === 'section' && 'text' in b && b.text)
        expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(JSON.stringify(slack)).not.toContain('<!');
    expect(renderConsole(big, { color: false })).toContain('Top stories: 1. Story 0');
  });
});

// The status page renderers, as pure functions over a fake StatusSource.
import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { renderAlertsList } from '../../src/observe/status-page/alerts.js';
import { renderChannelsTable } from '../../src/observe/status-page/channels.js';
import { barsSvg, niceMax, renderMentionsChart } from '../../src/observe/status-page/chart.js';
import { displayUrl, escapeHtml, httpHref } from '../../src/observe/status-page/escape.js';
import { renderFeedsTable } from '../../src/observe/status-page/feeds.js';
import { collectStatusPage, renderStatusPage } from '../../src/observe/status-page/page.js';
import { configMismatch } from '../../src/observe/cluster.js';
import { buildSeries, lastDays } from '../../src/observe/status-page/series.js';
import { relativeTime, utcIso } from '../../src/observe/status-page/time.js';
import { ENTITIES, NOW, alert, defaultState, fakeStatus, feed } from './fake-status.js';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';
const days = lastDays(NOW, 30);

/** Parses the markup as a browser would and checks that text we were given stayed text. */
function expectInert(html: string): void {
  const problems: string[] = [];
  const parser = new Parser({
    onopentag(name, attribs) {
      if (name === 'script' || name === 'img' || name === 'iframe') problems.push(`<${name}>`);
      for (const [k, v] of Object.entries(attribs)) {
        if (k.startsWith('on')) problems.push(`${name} ${k}`);
        if (k === 'href' && !/^(?:https?:\/\/|\/)/.test(v)) problems.push(`href ${v}`);
      }
    },
  });
  parser.write(html);
  parser.end();
  expect(problems).toEqual([]);
}

describe('escapeHtml and links', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&#39;f');
  });

  it('accepts only absolute http(s) URLs as links', () => {
    expect(httpHref('https://news.example.org/a?b=1')).toBe('https://news.example.org/a?b=1');
    expect(httpHref('javascript:alert(1)')).toBeNull();
    expect(httpHref(' JavaScript:alert(1)')).toBeNull();
    expect(httpHref('data:text/html,<script>x</script>')).toBeNull();
    expect(httpHref('/relative/path')).toBeNull();
    expect(httpHref(null)).toBeNull();
  });

  it('shows feed URLs without credentials', () => {
    const shown = displayUrl('https://user:pw@feeds.example.net/rss?lang=en&api_key=abc123&token=zzz');
    expect(shown).toBe('https://***@feeds.example.net/rss?lang=en&api_key=***&token=***');
    expect(displayUrl('not a url')).toBe('not a url');
  });
});

describe('times', () => {
  it('formats UTC ISO to the second and relative times both ways', () => {
    expect(utcIso(Date.parse('2025-06-14T15:30:00.123Z'))).toBe('2025-06-14T15:30:00Z');
    expect(relativeTime(NOW - 10_000, NOW)).toBe('just now');
    expect(relativeTime(NOW - 5 * 60_000, NOW)).toBe('5 min ago');
    expect(relativeTime(NOW + 3 * 3_600_000, NOW)).toBe('in 3 h');
    expect(relativeTime(NOW - 3 * 86_400_000, NOW)).toBe('3 d ago');
  });
});

describe('feeds table', () => {
  it('escapes hostile names, URLs and error messages, and links only http(s)', () => {
    const html = renderFeedsTable(
      [
        feed({
          id: 'hostile',
          name: SCRIPT,
          url: 'javascript:alert(1)',
          state: 'failing',
          lastError: IMG,
          lastErrorKind: 'not-a-feed',
          consecutiveFailures: 11,
          failingSince: NOW - 3_600_000,
        }),
        feed({ id: 'fine', name: 'Fine "quoted" feed' }),
      ],
      NOW,
    );
    expectInert(html);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('<span class="url">javascript:alert(1)</span>');
    expect(html).toContain('href="https://news.example.org/fine.xml"');
    expect(html).toContain('11 failures in a row');
  });

  it('lists failing feeds first, then retrying, new and ok, in config order within a state', () => {
    const html = renderFeedsTable(defaultState().feeds, NOW);
    const order = ['region-monitor', 'border-notes', 'press-releases', 'frontier-wire', 'kabul-daily'].map((id) =>
      html.indexOf(`>${id} ·`),
    );
    expect(order.every((p) => p > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('shows times relative and in UTC, and masks a key in a feed URL', () => {
    const html = renderFeedsTable(defaultState().feeds, NOW);
    expect(html).toContain('4 min ago');
    expect(html).toContain('2025-06-14T15:26:00Z');
    expect(html).toContain('in 11 min');
    expect(html).not.toContain('s3cr3tvalue');
  });

  it('has an empty state', () => {
    expect(renderFeedsTable([], NOW)).toContain('No feeds configured.');
  });
});

describe('channels table', () => {
  it('shows stopped channels first with their escaped reason', () => {
    const channels = [
      ...defaultState().channels,
      {
        channelId: 'evil',
        target: SCRIPT,
        pending: 2,
        failing: 2,
        sent: 0,
        oldestPendingAt: NOW - 60_000,
        stoppedReason: IMG,
      },
    ];
    const html = renderChannelsTable(channels, NOW);
    expectInert(html);
    expect(html.indexOf('>analysts<')).toBeLessThan(html.indexOf('>ops-room<'));
    expect(html).toContain('Discord 403 Missing Permissions');
    expect(html.match(/>stopped</g)).toHaveLength(2);
    expect(html).toContain('5 h ago');
  });

  it('has an empty state', () => {
    expect(renderChannelsTable([], NOW)).toContain('No channels configured.');
  });
});

describe('alerts list', () => {
  it('shows entities, sources and per-channel delivery', () => {
    const html = renderAlertsList(defaultState().alerts, NOW);
    expect(html).toContain('href="https://news.example.org/story/1"');
    expect(html).toContain('Frontier Wire, Kabul Daily (English)');
    expect(html).toContain('<span class="chip chip-sent" title="delivered">✓ ops-room</span>');
    expect(html).toContain('<span class="chip chip-pending" title="not delivered yet">… analysts</span>');
    expect(html.split('<tbody>')[1]?.match(/<tr>/g)).toHaveLength(5);
  });

  it('escapes hostile titles, entities and sources, and never links javascript: or data:', () => {
    const html = renderAlertsList(
      [
        alert({
          storyId: 1,
          title: SCRIPT,
          link: 'javascript:alert(document.cookie)',
          entities: [IMG],
          sources: [SCRIPT],
        }),
        alert({
          storyId: 2,
          title: IMG,
          link: 'data:text/html;base64,PHNjcmlwdD4=',
          channels: [{ channelId: SCRIPT, sent: false }],
        }),
      ],
      NOW,
    );
    expectInert(html);
    expect(html).not.toContain('javascript:');
    expect(html).toContain('<span>&lt;script&gt;alert(1)&lt;/script&gt;</span>');
  });

  it('has an empty state', () => {
    expect(renderAlertsList([], NOW)).toContain('No alerts yet.');
  });
});

describe('mentions chart', () => {
  it('says so when nothing was mentioned, without an empty chart', () => {
    const html = renderMentionsChart([], ENTITIES, days);
    expect(html).toContain('No mentions of the 6 watched entities in the last 30 days.');
    expect(html).not.toContain('<svg');
    expect(renderMentionsChart([], [], days)).toContain('No entities are watched.');
  });

  it('puts the entity with a recent spike first and marks only the spike day', () => {
    const html = renderMentionsChart(defaultState().mentions, ENTITIES, days);
    const panels = html.split('<figure').slice(1);
    expect(panels).toHaveLength(5);
    expect(panels[0]).toContain('<div class="ename">ISKP <span class="badge badge-spike">spike</span>');
    expect(panels[0]).toContain('panel-spike');
    const spikes = [...html.matchAll(/<rect class="bar spike"[^>]*><title>([^<]*)<\/title>/g)].map((m) => m[1]);
    expect(spikes).toEqual([`${days[27]}: 41 mentions`]);
    expect(panels.slice(1).join('')).not.toContain('spike');
    // Entities without mentions are named, not charted.
    expect(html).toContain('No mentions in 30 days:</strong> UN special representative');
    expect(html).not.toContain('NaN');
  });

  it('draws the spike as the tallest bar on a labelled scale', () => {
    const { series } = buildSeries(defaultState().mentions, ENTITIES, days);
    const iskp = series[0]!;
    const svg = barsSvg(iskp, days);
    const heights = [...svg.matchAll(/height="([\d.]+)"><title>/g)].map((m) => Number(m[1]));
    expect(heights).toHaveLength(30);
    expect(Math.max(...heights)).toBe(heights[27]);
    expect(heights[27]).toBeGreaterThan(5 * Math.max(...heights.filter((_, i) => i !== 27)));
    expect(svg).toContain(`>${niceMax(41)}</text>`);
    expect(svg).toContain('>today</text>');
  });

  it('uses display names and escapes them', () => {
    const html = renderMentionsChart(
      [{ day: days[29]!, watchlist: 'w', entity: 'x', count: 2 }],
      [{ watchlist: 'w', entity: 'x', name: SCRIPT }],
      days,
    );
    expectInert(html);
    expect(html).toContain('&lt;script&gt;');
  });

  it('ignores days outside the window and labels entities no longer watched by id', () => {
    const { series } = buildSeries(
      [
        { day: '2025-01-01', watchlist: 'groups', entity: 'iskp', count: 99 },
        { day: days[0]!, watchlist: 'old', entity: 'gone', count: 1 },
      ],
      ENTITIES,
      days,
    );
    expect(series.map((s) => [s.name, s.total])).toEqual([['gone', 1]]);
  });

  it('rounds the scale up to a readable number', () => {
    expect([0, 1, 2, 7, 9, 12, 41, 130, 1000].map(niceMax)).toEqual([1, 1, 2, 8, 10, 15, 50, 150, 1000]);
  });
});

describe('the whole page', () => {
  it('renders every part from a StatusSource, escaped, with no script and auto-refresh', async () => {
    const state = defaultState();
    state.feeds.push(feed({ id: 'x', name: IMG, lastError: SCRIPT, state: 'retrying', consecutiveFailures: 1 }));
    state.alerts.unshift(alert({ storyId: 9, title: IMG, link: 'javascript:void(0)' }));
    const html = renderStatusPage(await collectStatusPage(fakeStatus(state)));
    expectInert(html);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<meta http-equiv="refresh" content="60">');
    // Three of the five feeds polled so far fail: most of them, so the service is degraded.
    expect(html).toContain(
      '<title>newswatch · DEGRADED: 3 of 5 feeds failing (error ×1, http-5xx ×1, timeout ×1)</title>',
    );
    expect(html).toContain('Degraded: 3 of 5 feeds failing');
    expect(html).toContain('1 channel stopped');
    for (const id of ['feeds', 'channels', 'mentions', 'alerts']) expect(html).toContain(`<section id="${id}"`);
    expect(html).not.toMatch(/<link|@import|url\(/i);
  });

  it('lists the instances on a shared database, who drains which channel, takeovers, and a config mismatch loudly', async () => {
    const state = defaultState();
    state.channels = state.channels.map((c) => ({ ...c, stoppedReason: null }));
    state.feeds = [feed({ id: 'ok-1' })];
    const instance = (id: string, configHash: string, alive = true) => ({
      id,
      host: 'news-1',
      pid: 42,
      version: '1.0.0',
      configHash,
      command: 'start',
      startedAt: NOW - 3_600_000,
      heartbeatAt: NOW - 1_000,
      alive,
    });
    const instances = [instance('news-1-42-ab12', 'aaaaaaaaaaaa'), instance(`x${IMG}`, 'bbbbbbbbbbbb')];
    const source = {
      ...fakeStatus(state),
      cluster: async () => ({
        self: 'news-1-42-ab12',
        instances,
        holders: [{ channelId: 'desk', holder: 'news-1-42-ab12', expiresAt: NOW + 5_000, acquiredAt: NOW - 60_000 }],
        takeovers: [
          { at: NOW - 30_000, kind: 'channel' as const, key: 'desk', from: 'news-2-7-cd34', to: 'news-1-42-ab12' },
        ],
        configMismatch: configMismatch(instances),
      }),
    };
    const html = renderStatusPage(await collectStatusPage(source));
    expectInert(html);
    expect(html).toContain('<section id="instances"');
    expect(html).toContain('news-1-42-ab12 <span class="muted">(this one)</span>');
    expect(html).toContain('<td>desk</td>');
    expect(html).toContain('channel desk: news-2-7-cd34 → news-1-42-ab12');
    expect(html).toContain('Running, needs attention: instances run different configs');
    expect(html).toMatch(
      /<p class="error" role="alert">instances on this database run DIFFERENT configs \(config aaaaaaaaaaaa: news-1-42-ab12; config bbbbbbbbbbbb: x/,
    );
    // Alone (SQLite): no instances section.
    expect(renderStatusPage(await collectStatusPage(fakeStatus(state)))).not.toContain('id="instances"');
  });

  it('says unhealthy and why', async () => {
    const state = defaultState();
    state.health = { ...state.health, ok: false, databaseOk: false };
    const html = renderStatusPage(await collectStatusPage(fakeStatus(state)));
    expect(html).toContain('Unhealthy: database not answering');
    expect(html).toContain('<title>newswatch · UNHEALTHY</title>');
  });

  it('says degraded, not healthy, when most feeds fail (all of them on DNS)', async () => {
    const state = defaultState();
    state.channels = state.channels.map((c) => ({ ...c, stoppedReason: null }));
    state.feeds = Array.from({ length: 18 }, (_, i) =>
      feed({
        id: `f${i}`,
        state: 'retrying',
        lastError: 'DNS lookup failed (EAI_AGAIN example.org)',
        lastErrorKind: 'dns',
        consecutiveFailures: 1,
      }),
    );
    const html = renderStatusPage(await collectStatusPage(fakeStatus(state)));
    expect(html).not.toContain('Healthy');
    expect(html).toContain('Degraded: 18 of 18 feeds failing (dns ×18): check the network and DNS of this host');
    // Half failing is not most: still running, with the failing feed named as needing attention.
    state.feeds = [
      feed({ id: 'ok-1' }),
      feed({ id: 'bad-1', state: 'failing', lastErrorKind: 'dns', consecutiveFailures: 9 }),
    ];
    expect(renderStatusPage(await collectStatusPage(fakeStatus(state)))).toContain(
      'Running, needs attention: 1 feed failing',
    );
  });

  it('renders an empty service without NaN or undefined', async () => {
    const state = defaultState();
    Object.assign(state, { feeds: [], channels: [], alerts: [], mentions: [], entities: [] });
    state.health = { ...state.health, lastPollAt: null };
    const html = renderStatusPage(await collectStatusPage(fakeStatus(state)));
    expect(html).not.toMatch(/NaN|undefined|null/);
    expect(html).toContain('No feeds configured.');
    expect(html).toContain('No alerts yet.');
    expect(html).toContain('last poll never');
  });
});

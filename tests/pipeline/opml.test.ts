// `feeds: - opml: ./file.opml` imports a feed reader's export: the config expands it
// into feeds, and those feeds are polled like any other.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, formatIssue } from '../../src/config/errors.js';
import { parseConfig } from '../../src/config/load.js';
import { rss } from '../helpers/rss.js';
import { startHarness, WATCHLISTS, type Harness } from './harness.js';

const opml = (origin: string) => `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>My subscriptions</title></head>
  <body>
    <outline text="Regional" title="Regional">
      <outline type="rss" text="Frontier Post" title="Frontier Post" xmlUrl="${origin}/frontier.xml" htmlUrl="${origin}/"/>
      <outline type="rss" text="Valley Times" xmlUrl="${origin}/valley.xml"/>
    </outline>
    <outline type="rss" text="Capital &amp; Provinces" xmlUrl="${origin}/capital.xml"/>
    <outline text="A folder without feeds"/>
  </body>
</opml>
`;

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('OPML import', () => {
  it('expands an OPML file (nested outlines too) into feeds with ids, names and the entry schedule, and polls them', async () => {
    h = await startHarness({
      files: (origin) => ({ 'subscriptions.opml': opml(origin) }),
      yaml: (origin) => `feeds:
  - { id: direct, url: "${origin}/direct.xml" }
  - opml: ./subscriptions.opml
    idPrefix: "sub-"
    schedule: "*/20 * * * *"
${WATCHLISTS}channels:
  - { id: desk, console: true }
`,
    });
    const { feeds } = h.loaded.config;
    expect(feeds.map((f) => [f.id, f.url.replace(h!.server.origin, ''), f.name, f.schedule])).toEqual([
      ['direct', '/direct.xml', undefined, '*/5 * * * *'],
      ['sub-frontier-post', '/frontier.xml', 'Frontier Post', '*/20 * * * *'],
      ['sub-valley-times', '/valley.xml', 'Valley Times', '*/20 * * * *'],
      ['sub-capital-provinces', '/capital.xml', 'Capital & Provinces', '*/20 * * * *'],
    ]);

    for (const path of ['/frontier.xml', '/valley.xml', '/capital.xml']) {
      h.server.route(path, {
        body: rss(`Feed at ${path}`, [{ guid: `${path}-1`, title: 'Roads reopen after floods' }]),
        headers: { 'content-type': 'application/rss+xml' },
      });
    }
    for (const f of feeds.filter((x) => x.id.startsWith('sub-'))) {
      expect(await h.poll(f.id)).toMatchObject({ kind: 'updated', items: 1 });
    }
    expect(h.server.requests.map((r) => r.path).sort()).toEqual(['/capital.xml', '/frontier.xml', '/valley.xml']);
  });

  it('reports a missing or invalid OPML file at its entry in the config', () => {
    const text = `feeds:\n  - opml: ./missing.opml\n${WATCHLISTS}`;
    let err: unknown;
    try {
      parseConfig(text, '/nowhere/newswatch.yaml', {});
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const lines = (err as ConfigError).issues.map(formatIssue);
    expect(lines).toEqual([
      expect.stringMatching(
        /^\/nowhere\/newswatch\.yaml:2:\d+: feeds\[0\]\.opml: cannot read OPML file \/nowhere\/missing\.opml/,
      ),
    ]);
  });

  it('reports an OPML feed whose id collides with a configured feed', () => {
    const origin = 'https://example.org';
    const dir = mkdtempSync(join(tmpdir(), 'nw-opml-'));
    try {
      writeFileSync(join(dir, 'subs.opml'), opml(origin));
      const text = `feeds:\n  - { id: valley-times, url: "${origin}/mine.xml" }\n  - opml: ./subs.opml\n${WATCHLISTS}`;
      expect(() => parseConfig(text, join(dir, 'newswatch.yaml'), {})).toThrow(
        /feeds\[1\].*duplicate feed id "valley-times"/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

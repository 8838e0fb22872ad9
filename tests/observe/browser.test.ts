// The status page in a real browser: Debian's Chromium driven by playwright-core
// (never a downloaded browser). Saves test-results/status-page.png for a person to look at.
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpServer, startHttpServer } from '../../src/observe/http.js';
import { silentLogger } from '../../src/observe/log.js';
import { alert, defaultState, fakeStatus } from './fake-status.js';

const CHROMIUM = '/usr/bin/chromium';
const OUT = fileURLToPath(new URL('../../test-results/', import.meta.url));
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  console.warn(
    `skipping the status page browser test: ${CHROMIUM} not found (install it with: apt-get install chromium)`,
  );

describe.skipIf(!hasChromium)('status page in Chromium', () => {
  let browser: Browser;
  let server: HttpServer;

  beforeAll(async () => {
    const state = defaultState();
    // A hostile title: if escaping failed it would run (or be blocked, which logs a CSP error).
    state.alerts.push(
      alert({
        storyId: 6,
        title: '<script>window.__pwned=1</script>"><img src=x onerror="window.__pwned=2">',
        link: 'javascript:window.__pwned=3',
      }),
    );
    server = await startHttpServer({ host: '127.0.0.1', port: 0 }, { status: fakeStatus(state), log: silentLogger });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the feeds, channels, alerts and the mentions chart, and saves a screenshot', async () => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url)) problems.push(`external request: ${r.url()}`);
    });

    const res = await page.goto(server.url);
    expect(res?.status()).toBe(200);
    expect(await page.title()).toBe('newswatch · 1 feed failing, 1 channel stopped');

    const feeds = page.locator('#feeds tbody tr');
    expect(await feeds.count()).toBe(5);
    expect(await feeds.first().isVisible()).toBe(true);
    expect(await feeds.first().innerText()).toContain('Region Monitor');
    expect(await feeds.first().locator('.badge').innerText()).toBe('failing');

    const stopped = page.locator('#channels tbody tr').first();
    expect(await stopped.innerText()).toContain('stopped');
    expect(await stopped.innerText()).toContain('Missing Permissions');

    const alerts = page.locator('#alerts tbody tr');
    expect(await alerts.count()).toBe(6);
    expect(await alerts.first().isVisible()).toBe(true);
    expect(await alerts.last().innerText()).toContain('<script>window.__pwned=1</script>');
    expect(await alerts.last().locator('a').count()).toBe(0);

    const charts = page.locator('#mentions svg.bars');
    expect(await charts.count()).toBe(5);
    const first = page.locator('#mentions figure').first();
    expect(await first.isVisible()).toBe(true);
    expect(await first.locator('figcaption').innerText()).toMatch(/^ISKP\s*spike/);
    const box = await charts.first().boundingBox();
    expect(box?.width).toBeGreaterThan(250);
    expect(box?.height).toBeGreaterThan(60);
    expect(await first.locator('rect.bar.spike').count()).toBe(1);

    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(problems).toEqual([]);

    mkdirSync(OUT, { recursive: true });
    await page.screenshot({ path: `${OUT}status-page.png`, fullPage: true });
    expect(existsSync(`${OUT}status-page.png`)).toBe(true);
  });
});

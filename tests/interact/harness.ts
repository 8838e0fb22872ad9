// A whole service in this process with the bot on: a feed server, the fake Discord REST
// API and the fake gateway (the real discord.js Client talks to both), a real state file,
// and a clock the test can move. Interactions are sent through the gateway and their
// answers read from the fake REST API.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { stringify } from 'yaml';
import { loadConfig } from '../../src/config/load.js';
import { buildRuntime } from '../../src/service/runtime.js';
import { Service } from '../../src/service/service.js';
import { waitFor } from '../helpers/cli.js';
import type { InteractionAnswer } from '../helpers/fake-discord-app.js';
import { startFakeDiscord, type FakeDiscord, type FakeMessage } from '../helpers/fake-discord.js';
import { startFakeGateway, type FakeGateway, type InteractionSpec } from '../helpers/fake-gateway.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { rss, type RssItem } from '../helpers/rss.js';

export const GUILD = '310000000000000001';
export const CHANNEL = '310000000000000002';
export const OTHER_GUILD = '320000000000000001';
export const OTHER_CHANNEL = '320000000000000002';
export const OPERATOR_ROLE = '310000000000000099';
export const OPERATOR = { id: '510000000000000001', username: 'desk-lead' };
export const READER = { id: '510000000000000002', username: 'reader' };

export interface Harness {
  dir: string;
  feeds: FeedServer;
  discord: FakeDiscord;
  gateway: FakeGateway;
  items: RssItem[];
  clock: { t: number; now(): number };
  service: Service | null;
  lines: Record<string, unknown>[];
  configFile: string;
  writeConfig(extra?: Record<string, unknown>): void;
  startService(): Promise<Service>;
  stopService(): Promise<void>;
  /** Poll every feed once now (the schedule never fires during a test). */
  poll(): Promise<void>;
  alerts(): FakeMessage[];
  /** Send an interaction; resolves with its first answer (the callback). */
  interact(
    spec: Omit<InteractionSpec, 'guildId' | 'channelId'> & { guildId?: string; channelId?: string },
  ): Promise<InteractionAnswer>;
  command(
    sub: string,
    options?: Record<string, string>,
    as?: { user: { id: string; username: string }; roles?: string[]; permissions?: string },
  ): Promise<InteractionAnswer>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'nw-bot-'));
  const feeds = await startFeedServer();
  const items: RssItem[] = [{ guid: 'old', title: 'Old news about ISKP', html: '<p>old</p>' }];
  feeds.route(
    '/a.xml',
    async (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('A', items)),
  );
  const discord = await startFakeDiscord();
  const gateway = await startFakeGateway(discord, {
    guilds: [
      { id: GUILD, channels: [CHANNEL], roles: [OPERATOR_ROLE] },
      { id: OTHER_GUILD, channels: [OTHER_CHANNEL] },
    ],
    heartbeatMs: 500,
  });
  const lines: Record<string, unknown>[] = [];
  const configFile = join(dir, 'newswatch.yaml');
  const base = Date.now();
  const clock = { t: 0, now: () => base + clock.t };

  const h: Harness = {
    dir,
    feeds,
    discord,
    gateway,
    items,
    clock,
    service: null,
    lines,
    configFile,
    writeConfig(extra = {}) {
      writeFileSync(
        configFile,
        stringify({
          schedule: '0 0 1 1 *',
          state: './state.db',
          discord: { token: discord.token, api: discord.api, operators: [OPERATOR_ROLE] },
          feeds: [{ id: 'a', url: feeds.url('/a.xml') }],
          watchlists: [
            {
              id: 'groups',
              entities: [
                {
                  id: 'iskp',
                  name: 'Islamic State Khorasan Province',
                  caseSensitive: ['ISKP'],
                  exclude: ['ISKP fan club'],
                  context: ['attack', 'claimed'],
                },
                { id: 'ttp', name: 'Tehrik-i-Taliban Pakistan', caseSensitive: ['TTP'] },
              ],
            },
          ],
          channels: [{ id: 'desk', discord: { channel: CHANNEL } }],
          ...extra,
        }),
      );
    },
    async startService() {
      const log = pino(
        { level: 'debug' },
        { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) },
      );
      const service = new Service(buildRuntime(loadConfig(configFile, {}), process.stdout), {
        log,
        out: process.stdout,
        clock,
      });
      h.service = service;
      await service.start();
      return service;
    },
    async stopService() {
      await h.service?.stop(2000);
      h.service = null;
    },
    async poll() {
      // The scheduler polls at start too: an offer while that poll runs is skipped, so offer
      // until a poll of ours has fetched the feed (offer resolves once its poll committed).
      const service = h.service!;
      const before = feeds.requests.length;
      await waitFor(
        async () => {
          await service.scheduler.offer(service.config.feeds, true);
          return feeds.requests.length > before;
        },
        'a poll',
        10_000,
      );
      // The running sender was kicked by the poll: delivery is its business (and its pace).
    },
    alerts: () => discord.messages(CHANNEL),
    async interact(spec) {
      const { id } = gateway.interaction({ guildId: GUILD, channelId: CHANNEL, ...spec });
      await waitFor(
        () => discord.app.answers.some((a) => a.interactionId === id),
        `an answer to interaction ${id}`,
        10_000,
      );
      return discord.app.answers.find((a) => a.interactionId === id)!;
    },
    command(sub, options = {}, as = { user: READER }) {
      const opts = Object.entries(options).map(([name, value]) => ({ type: 3, name, value }));
      return h.interact({
        type: 2,
        user: as.user,
        roles: as.roles,
        permissions: as.permissions,
        data: { id: '1', name: 'newswatch', type: 1, options: [{ type: 1, name: sub, options: opts }] },
      });
    },
    async close() {
      await h.stopService();
      await gateway.close();
      await discord.close();
      await feeds.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  h.writeConfig();
  return h;
}

export const contentOf = (a: InteractionAnswer) => String(a.data['content'] ?? '');
export const isEphemeral = (a: InteractionAnswer) => (Number(a.data['flags'] ?? 0) & 64) === 64;

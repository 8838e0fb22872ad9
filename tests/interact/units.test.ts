// The pure parts of the bot and its store: who may do what, button ids, mutes in
// routing, mutes and flags in a real state file (expiry, restarts), answer sizes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertButtonId, parseAlertButtonId } from '../../src/core/alert-buttons.js';
import type { ChannelConfig, WatchlistConfig } from '../../src/config/schema.js';
import type { AlertPayload, Match } from '../../src/core/types.js';
import { renderDiscord } from '../../src/deliver/render/discord.js';
import { entityChoices, findEntity, MAX_CONTENT, phraseAround, statusAnswer } from '../../src/interact/answers.js';
import { commandDefinitions, commandsHash } from '../../src/interact/commands.js';
import { channelsHere, MANAGE_CHANNELS, mayOperate } from '../../src/interact/permissions.js';
import { route, withoutMuted } from '../../src/route/index.js';
import { Store } from '../../src/state/store.js';
import { validateBody } from '../helpers/fake-discord-body.js';

const CH = '400000000000000001';
const channel = (id: string, discord?: string): ChannelConfig =>
  ({
    id,
    enabled: true,
    perMinute: 30,
    digestAfter: 0,
    ...(discord ? { discord: { channel: discord } } : { console: true }),
  }) as ChannelConfig;
const match = (entity: string): Match => ({
  watchlist: 'w',
  entity,
  name: entity.toUpperCase(),
  alias: entity.toUpperCase(),
  field: 'title',
  start: 0,
  end: entity.length,
});

describe('permissions', () => {
  const caller = { guildId: '1', channelId: CH, roles: [] as string[], permissions: 0n };
  it('lets operators (role) and Manage Channels mute; refuses others with the reason', () => {
    expect(mayOperate({ ...caller, roles: ['77'] }, ['77'])).toEqual({ ok: true });
    expect(mayOperate({ ...caller, permissions: MANAGE_CHANNELS | 1n }, [])).toEqual({ ok: true });
    const no = mayOperate({ ...caller, permissions: 1n << 11n }, ['77']);
    expect(no).toEqual({
      ok: false,
      reason:
        'muting and flagging change what this channel receives: they need one of the roles <@&77> or the Manage Channels permission.',
    });
    expect(mayOperate(caller, [])).toMatchObject({
      ok: false,
      reason: expect.stringContaining('need the Manage Channels permission'),
    });
  });
  it('answers only in configured, enabled bot channels of the right guild', () => {
    const channels = [
      channel('desk', CH),
      { ...channel('off', '400000000000000002'), enabled: false },
      channel('console'),
    ];
    const guilds = new Map([[CH, '1']]);
    expect(channelsHere(caller, channels, guilds)).toMatchObject({ ok: true, channels: [{ id: 'desk' }] });
    expect(channelsHere({ ...caller, guildId: '2' }, channels, guilds)).toMatchObject({
      ok: false,
      reason: 'this server is not in the newswatch config.',
    });
    expect(channelsHere({ ...caller, channelId: '400000000000000002' }, channels, guilds)).toMatchObject({ ok: false });
    expect(channelsHere({ ...caller, guildId: null }, channels, guilds)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('direct messages'),
    });
  });
});

describe('alert buttons', () => {
  it('round-trips ref and entity within 100 characters, and rejects foreign ids', () => {
    const entity = `e${'x'.repeat(63)}`;
    const id = alertButtonId('not-relevant', 'nw-abc123-zz', entity);
    expect(id.length).toBeLessThanOrEqual(100);
    expect(parseAlertButtonId(id)).toEqual({ action: 'not-relevant', ref: 'nw-abc123-zz', entity });
    expect(parseAlertButtonId(alertButtonId('mute', 'nw-1-2', 'iskp'))).toEqual({
      action: 'mute',
      ref: 'nw-1-2',
      entity: 'iskp',
    });
    for (const bad of ['nw:mute:a b:iskp', 'other:mute:x:y', 'nw:mute:x:', 'nw:zap:x:y'])
      expect(parseAlertButtonId(bad)).toBeNull();
  });
  it('are added to alerts only when asked, never to notices or digests, and keep the body valid', () => {
    const alert: AlertPayload = {
      kind: 'alert',
      feedId: 'a',
      source: 'S',
      title: 'T',
      link: null,
      published: null,
      summary: [],
      matches: [match('iskp')],
      alsoReportedBy: [],
    };
    expect(renderDiscord(alert, { ref: 'nw-1-2' }).components).toBeUndefined();
    const body = renderDiscord(alert, { ref: 'nw-1-2', buttons: true });
    expect(body.components?.[0]?.components).toHaveLength(2);
    expect(validateBody(body, { edit: false })).toEqual([]);
    expect(
      renderDiscord({ kind: 'digest', alerts: [alert] }, { ref: 'nw-1-2', buttons: true }).components,
    ).toBeUndefined();
    expect(
      renderDiscord({ kind: 'notice', level: 'info', title: 'x', text: 'y' }, { ref: 'nw-1-2', buttons: true })
        .components,
    ).toBeUndefined();
  });
});

describe('mutes in routing', () => {
  it('drops a muted entity in its Discord channel only; a route left empty is dropped', () => {
    const channels = [channel('desk', CH), channel('other', '400000000000000009'), channel('console')];
    const routes = route(channels, 'feed', [match('iskp'), match('ttp')]);
    const muted = (c: ChannelConfig, e: string) => c.discord?.channel === CH && e === 'iskp';
    const kept = withoutMuted(routes, muted);
    expect(kept.routes.map((r) => [r.channel.id, r.matches.map((m) => m.entity)])).toEqual([
      ['desk', ['ttp']],
      ['other', ['iskp', 'ttp']],
      ['console', ['iskp', 'ttp']],
    ]);
    expect(kept.suppressed).toEqual([{ channelId: 'desk', entity: 'iskp' }]);
    const all = withoutMuted(route([channel('desk', CH)], 'feed', [match('iskp')]), muted);
    expect(all).toEqual({ routes: [], suppressed: [{ channelId: 'desk', entity: 'iskp' }] });
  });
});

describe('mutes and flags in the state file', () => {
  let dir: string;
  beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'nw-mutes-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('survive a restart, end by themselves, and are replaced rather than doubled', () => {
    const file = join(dir, 'state.db');
    let store = Store.open(file);
    const t0 = 1_800_000_000_000;
    store.interact.set({
      discordChannelId: CH,
      entity: 'iskp',
      until: t0 + 3_600_000,
      setBy: '1',
      setByName: 'a',
      setAt: t0,
    });
    store.interact.set({
      discordChannelId: CH,
      entity: 'iskp',
      until: t0 + 7_200_000,
      setBy: '2',
      setByName: 'b',
      setAt: t0 + 1,
    });
    store.interact.set({
      discordChannelId: CH,
      entity: 'ttp',
      until: t0 + 60_000,
      setBy: '1',
      setByName: 'a',
      setAt: t0,
    });
    store.close();

    store = Store.open(file);
    expect(store.interact.active(t0 + 1000).map((m) => [m.entity, m.setByName])).toEqual([
      ['ttp', 'a'],
      ['iskp', 'b'],
    ]);
    expect(store.interact.isMuted(CH, 'iskp', t0 + 7_199_999)).toBe(true);
    expect(store.interact.isMuted(CH, 'iskp', t0 + 7_200_000)).toBe(false);
    expect(store.interact.isMuted('400000000000000009', 'iskp', t0)).toBe(false);
    // An expired mute cannot be lifted (nothing is in force), and is deleted on the next write.
    expect(store.interact.remove(CH, 'ttp', t0 + 60_000)).toBe(false);
    expect(store.interact.active(0).map((m) => m.entity)).toEqual(['iskp']);
    expect(store.interact.remove(CH, 'iskp', t0 + 2000)).toBe(true);
    expect(store.interact.active(0)).toEqual([]);
    store.close();
  });

  it('records one flag per user, alert and entity; finds alerts only by their own ref', () => {
    const store = Store.open(join(dir, 'state.db'));
    const flag = {
      outboxId: 1,
      ref: 'nw-x-1',
      discordChannelId: CH,
      watchlist: 'w',
      entity: 'iskp',
      alias: 'ISKP',
      field: 'title',
      phrase: 'p',
      title: 't',
      link: null,
      userId: '1',
      userName: 'a',
      createdAt: 5,
    };
    expect(store.interact.add(flag)).toBe(true);
    expect(store.interact.add({ ...flag, createdAt: 6 })).toBe(false);
    expect(store.interact.add({ ...flag, userId: '2' })).toBe(true);
    expect(store.interact.since(6).map((f) => f.userId)).toEqual([]);
    expect(store.interact.since(0)).toHaveLength(2);
    expect(store.interact.byRef('nw-000000-1')).toBeNull();
    expect(store.interact.byRef('not a ref')).toBeNull();
    expect(store.interact.byMessageId('123')).toBeNull();
    store.close();
  });
});

describe('answers', () => {
  const watchlists = [
    {
      id: 'w',
      entities: Array.from({ length: 40 }, (_, i) => ({
        id: `e${i}`,
        name: `Entity ${i}`,
        aliases: [`Alias ${i}`],
        caseSensitive: [],
        exclude: [],
        context: [],
      })),
    },
  ] as unknown as WatchlistConfig[];
  it('autocompletes at most 25 entities, by id, name or alias; finds an entity by any of them', () => {
    expect(entityChoices(watchlists, '')).toHaveLength(25);
    expect(entityChoices(watchlists, 'alias 39')).toEqual([{ name: 'Entity 39 (w)', value: 'e39' }]);
    expect(findEntity(watchlists, 'ENTITY 7')?.entity.id).toBe('e7');
    expect(findEntity(watchlists, 'alias 8')?.entity.id).toBe('e8');
  });
  it('quotes the name with five words either side', () => {
    expect(phraseAround('One two three four five six ISKP seven eight nine ten eleven twelve.', 'iskp')).toBe(
      'two three four five six ISKP seven eight nine ten eleven',
    );
  });
  it("keeps the status answer within Discord's 2000 characters whatever the number of failing feeds", async () => {
    const feeds = Array.from({ length: 500 }, (_, i) => ({
      id: `feed-${i}`,
      name: 'x',
      state: 'failing',
      lastError: 'e'.repeat(300),
      lastErrorKind: 'http',
      failingSince: 1,
    }));
    const status = { feeds: () => feeds, channels: () => [], recentAlerts: () => [] };
    const text = await statusAnswer(status, [], (e) => e);
    expect(text.length).toBeLessThanOrEqual(MAX_CONTENT);
    expect(text).toContain('…and 492 more');
  });
});

describe('command definitions', () => {
  it('are one /newswatch command, guild-only, and their hash changes with the application', () => {
    const [cmd] = commandDefinitions();
    expect(cmd).toMatchObject({ name: 'newswatch', contexts: [0] });
    expect(commandsHash('1')).toBe(commandsHash('1'));
    expect(commandsHash('1')).not.toBe(commandsHash('2'));
  });
});

describe('config: discord.operators', () => {
  it('takes role ids and names a bad one', async () => {
    const { parseConfig } = await import('../../src/config/load.js');
    const base = 'watchlists: [{ id: w, entities: [{ id: e, name: Some Name }] }]\n';
    expect(
      parseConfig(`${base}discord: { operators: ["123456789012345678"] }\n`, 'c.yaml', {}).config.discord.operators,
    ).toEqual(['123456789012345678']);
    expect(parseConfig(base, 'c.yaml', {}).config.discord.operators).toEqual([]);
    expect(() => parseConfig(`${base}discord:\n  operators: [desk-leads]\n`, 'c.yaml', {})).toThrow(
      /c\.yaml:3:\d+: discord\.operators\[0\]: a Discord role id is a number/,
    );
  });
});

// The gateway client against the fake gateway, with the real discord.js Client: it finds
// the gateway through GET /gateway/bot, identifies with the Guilds intent only, shows its
// presence, heartbeats, resumes after a disconnect, and receives interactions.
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MessageFlags, type Interaction } from 'discord.js';
import { startFakeDiscord, type FakeDiscord } from '../helpers/fake-discord.js';
import { startFakeGateway, type FakeGateway } from '../helpers/fake-gateway.js';
import { waitFor } from '../helpers/cli.js';
import { Gateway } from '../../src/interact/gateway.js';
import { restOptions } from '../../src/deliver/sinks/discord-rest.js';

const GUILD = '300000000000000001';
const CHANNEL = '300000000000000002';

describe('Gateway (discord.js Client) on the fake gateway', () => {
  let discord: FakeDiscord;
  let gw: FakeGateway;
  let client: Gateway | null = null;
  const seen: Interaction[] = [];
  const lines: Record<string, unknown>[] = [];
  const log = pino(
    { level: 'debug' },
    { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) },
  );

  beforeEach(async () => {
    discord = await startFakeDiscord();
    gw = await startFakeGateway(discord, { guilds: [{ id: GUILD, channels: [CHANNEL] }], heartbeatMs: 200 });
  });
  afterEach(async () => {
    await client?.close();
    client = null;
    await gw.close();
    await discord.close();
    seen.length = 0;
    lines.length = 0;
  });
  const said = (start: string) => lines.filter((l) => String(l['msg']).startsWith(start)).length;

  const connect = (token = discord.token) => {
    client = new Gateway({
      token,
      loginRetryMs: 100,
      rest: restOptions({ api: discord.api }, 1),
      log,
      feeds: 18,
      onInteraction: async (i) => {
        seen.push(i);
        // A slow answer the discord.js way: defer, edit the original, follow up.
        if (!i.isChatInputCommand()) return;
        await i.deferReply({ flags: MessageFlags.Ephemeral });
        await i.editReply({ content: 'done' });
        await i.followUp({ content: 'and more', flags: MessageFlags.Ephemeral });
      },
    });
    client.start();
    return client;
  };

  it('identifies with the Guilds intent only, shows "Watching 18 feeds", heartbeats, and answers an interaction (deferred, edited, followed up)', async () => {
    const c = connect();
    await waitFor(() => c.ready, 'the client to be ready', 10_000);
    expect(gw.identifies).toHaveLength(1);
    expect(gw.identifies[0]).toMatchObject({ token: discord.token, intents: 1 });
    expect(gw.presences[0]).toMatchObject({ status: 'online', activities: [{ name: '18 feeds', type: 3 }] });
    await waitFor(() => gw.heartbeats >= 2, 'two heartbeats', 5_000);
    const { id } = gw.interaction({
      type: 2,
      guildId: GUILD,
      channelId: CHANNEL,
      data: { id: '1', name: 'newswatch', type: 1, options: [] },
    });
    await waitFor(() => discord.app.answers.filter((a) => a.interactionId === id).length === 3, 'the answers', 5_000);
    expect(seen[0]?.isChatInputCommand()).toBe(true);
    expect(
      discord.app.answers
        .filter((a) => a.interactionId === id)
        .map((a) => [a.kind, a.type ?? null, a.data['content'] ?? null, a.data['flags'] ?? null]),
    ).toEqual([
      ['callback', 5, null, 64],
      ['edit', null, 'done', null],
      ['followup', null, 'and more', 64],
    ]);
  });

  it('resumes the same session after a disconnect, and identifies anew after an unresumable one', async () => {
    const c = connect();
    await waitFor(() => c.ready, 'the client to be ready', 10_000);
    gw.disconnect(4000);
    await waitFor(() => gw.resumes.length === 1 && gw.live(), 'a resume', 10_000);
    expect(gw.resumes[0]?.session_id).toBe('session-1');
    expect(gw.identifies).toHaveLength(1);
    gw.invalidSession(false);
    await waitFor(() => gw.identifies.length === 2 && gw.live(), 'a new identify', 10_000);
  });

  it('retries a failed login with backoff until Discord answers; never retries a rejected token', async () => {
    const url = discord.app.gatewayUrl;
    discord.app.gatewayUrl = null; // GET /gateway/bot answers 503
    const c = connect();
    await waitFor(() => said('Discord gateway login failed') >= 2, 'two failed logins', 10_000);
    discord.app.gatewayUrl = url;
    await waitFor(() => c.ready, 'the client once Discord answers', 10_000);
    expect(gw.identifies).toHaveLength(1);
    await client!.close();

    lines.length = 0;
    const bad = connect('not-the-token');
    await waitFor(() => said('Discord rejected the bot token') === 1, 'the rejection', 10_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(said('Discord gateway login failed')).toBe(0);
    expect(bad.ready).toBe(false);
    expect(gw.identifies).toHaveLength(1);
  });

  it('warns once per outage while discord.js keeps reconnecting, not at every attempt', async () => {
    const c = connect();
    await waitFor(() => c.ready, 'the client to be ready', 10_000);
    gw.down(true);
    await waitFor(() => gw.connections >= 5, 'several reconnection attempts', 10_000);
    expect(said('Discord gateway disconnected; reconnecting')).toBe(1);
    gw.down(false);
    await waitFor(() => gw.live(), 'the session back', 10_000);
    gw.disconnect(4000);
    await waitFor(() => gw.resumes.length >= 1 && gw.live(), 'a resume', 10_000);
    expect(said('Discord gateway disconnected; reconnecting')).toBe(2);
  });
});

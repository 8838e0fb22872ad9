// The bot never stands in the way of delivery, and does no needless work: alerts go out
// through REST while the gateway is down and across a disconnect and resume; commands are
// registered once (not on every restart); a webhook-only config never opens a gateway.
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/cli.js';
import { APP_ID } from '../helpers/fake-discord-app.js';
import { CHANNEL, contentOf, GUILD, OTHER_CHANNEL, OTHER_GUILD, startHarness, type Harness } from './harness.js';

describe('the bot and delivery', () => {
  let h: Harness | null = null;
  afterEach(async () => {
    await h?.close();
    h = null;
  });

  const titles = () => h!.alerts().map((m) => m.embeds[0]?.title);
  const puts = (hh: Harness) => hh.discord.app.log.filter((r) => r.method === 'PUT').map((r) => r.path);

  it('registers commands once: a restart with the same commands sends no PUT; a reload registers new guilds and updates the presence', async () => {
    h = await startHarness();
    let service = await h.startService();
    await service.bot!.register();
    expect(puts(h)).toEqual([`applications/${APP_ID}/guilds/${GUILD}/commands`]);
    await h.stopService();

    service = await h.startService();
    const again = await service.bot!.register();
    expect(again).toMatchObject({ applicationId: APP_ID, guilds: [GUILD], written: [] });
    expect(puts(h)).toHaveLength(1);
    await waitFor(() => service.bot?.connected === true, 'the gateway session', 15_000);

    h.writeConfig({
      feeds: [
        { id: 'a', url: h.feeds.url('/a.xml') },
        { id: 'b', url: h.feeds.url('/a.xml?b') },
      ],
      channels: [
        { id: 'desk', discord: { channel: CHANNEL } },
        { id: 'other', discord: { channel: OTHER_CHANNEL } },
      ],
    });
    expect(service.reload()).toBeNull();
    // reload() registers in the background; this call queues behind it and finds nothing to write.
    expect(await service.bot!.register()).toMatchObject({ guilds: [GUILD, OTHER_GUILD], written: [] });
    expect(puts(h)).toEqual([
      `applications/${APP_ID}/guilds/${GUILD}/commands`,
      `applications/${APP_ID}/guilds/${OTHER_GUILD}/commands`,
    ]);
    // The presence follows the config: "Watching 2 feeds".
    const names = () => h!.gateway.presences.map((p) => (p['activities'] as { name: string }[])[0]?.name);
    await waitFor(() => names().includes('2 feeds'), 'the new presence');
    expect(names()).toEqual(['1 feed', '1 feed', '2 feeds']);
    // The new channel answers commands now.
    const { id } = h.gateway.interaction({
      type: 2,
      guildId: OTHER_GUILD,
      channelId: OTHER_CHANNEL,
      data: { id: '1', name: 'newswatch', type: 1, options: [{ type: 1, name: 'status' }] },
    });
    await waitFor(() => h!.discord.app.answers.some((a) => a.interactionId === id), 'the answer');
    expect(contentOf(h.discord.app.answers.find((a) => a.interactionId === id)!)).toContain('newswatch status');
  }, 60_000);

  it('delivers while the gateway is down, and across a disconnect and resume', async () => {
    h = await startHarness();
    h.gateway.down(true);
    const service = await h.startService();
    await h.poll();
    h.items.push({ guid: 'd1', title: 'ISKP claimed an attack while the gateway is down', html: '<p>claimed</p>' });
    await h.poll();
    await waitFor(() => titles().length === 1, 'the alert');
    expect(titles()).toEqual(['ISKP claimed an attack while the gateway is down']);
    expect(service.bot?.connected).toBe(false);

    h.gateway.down(false);
    await waitFor(
      () => service.bot?.connected === true && h!.gateway.live(),
      'the gateway session once it is back',
      30_000,
    );
    h.gateway.disconnect(4000);
    h.items.push({ guid: 'd2', title: 'Gunmen from ISKP struck a checkpoint overnight', html: '<p>claimed</p>' });
    await h.poll();
    await waitFor(() => h!.gateway.resumes.length === 1 && h!.gateway.live(), 'the resume', 20_000);
    h.items.push({ guid: 'd3', title: 'ISKP statement names three new commanders', html: '<p>claimed</p>' });
    await h.poll();
    await waitFor(() => titles().length === 3, 'three alerts');
    expect(titles()).toEqual([
      'ISKP claimed an attack while the gateway is down',
      'Gunmen from ISKP struck a checkpoint overnight',
      'ISKP statement names three new commanders',
    ]);
    expect(h.gateway.identifies).toHaveLength(1);
    expect(contentOf(await h.command('status'))).toContain('Pending alerts: 0');
  }, 60_000);

  it('never opens a gateway connection for a webhook-only config, even with a token; a reload opens and closes it', async () => {
    h = await startHarness();
    const hook = h.discord.webhook('330000000000000001', 'hook-token-0123456789', CHANNEL);
    h.writeConfig({ channels: [{ id: 'desk', webhook: hook.url }] });
    const service = await h.startService();
    await h.poll();
    h.items.push({ guid: 'w1', title: 'ISKP claimed an attack, posted by webhook', html: '<p>claimed</p>' });
    await h.poll();
    await waitFor(() => titles().length === 1, 'the alert');
    expect(h.alerts().map((m) => [m.embeds[0]?.title, m.webhook_id, m.components])).toEqual([
      ['ISKP claimed an attack, posted by webhook', '330000000000000001', undefined],
    ]);
    await new Promise((r) => setTimeout(r, 300));
    expect(service.bot).toBeNull();
    expect(h.gateway.connections).toBe(0);
    expect(h.discord.app.log).toEqual([]);

    // A reload that adds a bot channel opens the session; one that removes it closes it.
    h.writeConfig();
    expect(service.reload()).toBeNull();
    await waitFor(() => service.bot?.connected === true && h!.gateway.live(), 'the session after the reload', 15_000);
    h.writeConfig({ channels: [{ id: 'desk', webhook: hook.url }] });
    expect(service.reload()).toBeNull();
    await waitFor(() => service.bot === null && !h!.gateway.live(), 'the session closed after the reload', 15_000);
  }, 30_000);
});

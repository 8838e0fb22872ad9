// The bot in Discord, end to end in one process: the service with its real discord.js
// Client on the fake gateway, slash commands and buttons answered through the fake REST
// API, mutes and flags in a real state file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderChannelsTable } from '../../src/observe/status-page/channels.js';
import { waitFor } from '../helpers/cli.js';
import { APP_ID } from '../helpers/fake-discord-app.js';
import {
  CHANNEL,
  contentOf,
  GUILD,
  isEphemeral,
  OPERATOR,
  OPERATOR_ROLE,
  OTHER_CHANNEL,
  OTHER_GUILD,
  READER,
  startHarness,
  type Harness,
} from './harness.js';

describe('the bot: slash commands, autocomplete, buttons', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    const service = await h.startService();
    await waitFor(() => service.bot?.connected === true, 'the gateway session', 15_000);
    await service.bot!.register();
    await h.poll(); // first poll: recorded silently
    h.items.push({
      guid: 'n1',
      title: 'ISKP claimed the attack on the market',
      html: '<p>Officials said ISKP claimed the attack in Kabul on Tuesday.</p>',
    });
    await h.poll();
    await waitFor(() => h.alerts().length === 1, 'the first alert');
  }, 30_000);
  afterAll(async () => h?.close());

  const operator = { user: OPERATOR, roles: [OPERATOR_ROLE] };
  const refOf = (i: number) => /ref (\S+)/.exec(String(h.alerts()[i]?.embeds[0]?.footer?.text))?.[1] ?? '';

  it('registers the commands in the guild of the configured channel, with the Guilds intent and a presence', () => {
    const puts = h.discord.app.log.filter((r) => r.method === 'PUT');
    expect(puts.map((p) => p.path)).toEqual([`applications/${APP_ID}/guilds/${GUILD}/commands`]);
    const [cmd] = h.discord.app.commands.get(GUILD)!;
    expect(cmd?.name).toBe('newswatch');
    expect((cmd?.options as { name: string }[]).map((o) => o.name)).toEqual([
      'status',
      'explain',
      'recent',
      'search',
      'mute',
      'unmute',
    ]);
    expect(h.gateway.identifies[0]).toMatchObject({
      intents: 1,
      presence: { activities: [{ name: '1 feed', type: 3 }] },
    });
  });

  it('posts bot alerts with the two buttons carrying the ref and the entity', () => {
    const [alert] = h.alerts();
    const ref = refOf(0);
    expect(ref).toMatch(/^nw-[0-9a-f]+-[0-9a-z]+$/);
    const buttons = (alert?.components?.[0] as { components: { label: string; custom_id: string }[] }).components;
    expect(buttons.map((b) => [b.label, b.custom_id])).toEqual([
      ['Mute this entity 24 h', `nw:mute:${ref}:iskp`],
      ['Not relevant', `nw:nr:${ref}:iskp`],
    ]);
  });

  it('/newswatch status answers privately: feeds, channels, pending, last alert, mutes', async () => {
    const a = await h.command('status');
    expect(a.type).toBe(4);
    expect(isEphemeral(a)).toBe(true);
    const text = contentOf(a);
    expect(text).toContain('Feeds: 1 watched, 0 failing');
    expect(text).toContain('Channels: 1, 0 stopped');
    expect(text).toContain('Pending alerts: 0');
    expect(text).toContain('Last alert: [ISKP claimed the attack on the market](<https://news.example.org/n1>)');
    expect(text).toContain('Muted in this channel: nothing');
  });

  it('/newswatch explain takes the footer ref or a message link: entity, names, field, sentence, rules', async () => {
    for (const ref of [refOf(0), `https://discord.com/channels/${GUILD}/${CHANNEL}/${h.alerts()[0]?.id}`]) {
      const a = await h.command('explain', { ref });
      expect(isEphemeral(a)).toBe(true);
      const text = contentOf(a);
      expect(text).toContain('__Islamic State Khorasan Province__ (`iskp`, watchlist `groups`)');
      expect(text).toContain('"ISKP" in the title, "ISKP" in the body');
      expect(text).toContain('sentence: > ISKP claimed the attack on the market');
      expect(text).toContain('exclude ✓ (the name was not inside "ISKP fan club")');
      expect(text).toContain('context ✓ (found "attack", "claimed")');
    }
    expect(contentOf(await h.command('explain', { ref: 'nw-000000-zz' }))).toContain(
      'No alert with ref `nw-000000-zz`',
    );
  });

  it('/newswatch recent lists the last alerts and the mentions of one entity', async () => {
    const text = contentOf(await h.command('recent', { entity: 'iskp', since: '2d' }));
    expect(text).toContain('**Islamic State Khorasan Province** since');
    expect(text).toContain('1 alert shown, 1 mention counted');
    expect(text).toContain('[ISKP claimed the attack on the market](<https://news.example.org/n1>)');
    expect(contentOf(await h.command('recent', { entity: 'ttp' }))).toContain('No alert in that time.');
    expect(contentOf(await h.command('recent', { entity: 'nobody' }))).toContain('not in the watchlists');
  });

  it('/newswatch search answers privately with the best results: links, source, the matched text in bold', async () => {
    const a = await h.command('search', { query: 'attack Kabul' });
    expect(a.type).toBe(4);
    expect(isEphemeral(a)).toBe(true);
    expect(a.data['allowed_mentions']).toEqual({ parse: [] });
    const text = contentOf(a);
    expect(text).toMatch(/^Best results for \*\*attack Kabul\*\* since <t:\d+:f>:\n/);
    expect(text).toContain('• [ISKP claimed the attack on the market](<https://news.example.org/n1>) (A, <t:');
    expect(text).toContain('> Officials said ISKP claimed the **attack** in **Kabul** on Tuesday.');
    // The first poll's items are in the history too; --entity and since narrow it.
    expect(contentOf(await h.command('search', { query: 'old news' }))).toContain(
      '[Old news about ISKP](<https://news.example.org/old>)',
    );
    expect(contentOf(await h.command('search', { query: 'attack', entity: 'ttp' }))).toMatch(
      /^No item seen matches \*\*attack\*\* since <t:\d+:f> \(items matching \*\*Tehrik-i-Taliban Pakistan\*\*\)\.$/,
    );
    expect(contentOf(await h.command('search', { query: 'attack', entity: 'iskp', since: '1d' }))).toContain(
      'ISKP claimed the attack',
    );
    expect(contentOf(await h.command('search', { query: 'attack', since: 'forever' }))).toContain(
      '`since` is a duration',
    );
    expect(contentOf(await h.command('search', { query: '***' }))).toContain('the query needs at least one word');
    expect(contentOf(await h.command('search', { query: 'attack', entity: 'nobody' }))).toContain(
      'not in the watchlists',
    );
  });

  it('autocompletes the entity of /newswatch search', async () => {
    const data = {
      id: '1',
      name: 'newswatch',
      type: 1,
      options: [
        {
          type: 1,
          name: 'search',
          options: [
            { type: 3, name: 'query', value: 'x' },
            { type: 3, name: 'entity', value: 'khor', focused: true },
          ],
        },
      ],
    };
    const a = await h.interact({ type: 4, data });
    expect(a.data['choices']).toEqual([{ name: 'Islamic State Khorasan Province (groups)', value: 'iskp' }]);
  });

  it('autocompletes entities from the watchlists', async () => {
    const data = {
      id: '1',
      name: 'newswatch',
      type: 1,
      options: [{ type: 1, name: 'mute', options: [{ type: 3, name: 'entity', value: 'tal', focused: true }] }],
    };
    const a = await h.interact({ type: 4, data });
    expect(a.type).toBe(8);
    expect(a.data['choices']).toEqual([{ name: 'Tehrik-i-Taliban Pakistan (groups)', value: 'ttp' }]);
  });

  it('refuses interactions from channels and guilds not in the config', async () => {
    const a = await h.interact({
      type: 2,
      guildId: OTHER_GUILD,
      channelId: OTHER_CHANNEL,
      data: { id: '1', name: 'newswatch', type: 1, options: [{ type: 1, name: 'status' }] },
    });
    expect(isEphemeral(a)).toBe(true);
    expect(contentOf(a)).toContain('Refused: this channel is not in the newswatch config');
  });

  it('refuses a mute without an operator role or Manage Channels, and says why', async () => {
    const a = await h.command('mute', { entity: 'iskp', for: '2h' }, { user: READER, roles: [] });
    expect(isEphemeral(a)).toBe(true);
    expect(contentOf(a)).toContain(
      `Refused: muting and flagging change what this channel receives: they need one of the roles <@&${OPERATOR_ROLE}> or the Manage Channels permission.`,
    );
    expect(h.service!.store.interact.active(h.clock.now())).toEqual([]);
    const long = await h.command('mute', { entity: 'iskp', for: '8d' }, operator);
    expect(contentOf(long)).toContain('at most 7d');
  });

  it('"Not relevant" records the alert, the matched phrase and who flagged it', async () => {
    const ref = refOf(0);
    const message = h.alerts()[0]!;
    const press = (as: { user: typeof OPERATOR; roles?: string[]; permissions?: string }) =>
      h.interact({ type: 3, ...as, message, data: { custom_id: `nw:nr:${ref}:iskp`, component_type: 2 } });
    expect(contentOf(await press({ user: READER }))).toContain('Refused');
    const a = await press(operator);
    expect(isEphemeral(a)).toBe(true);
    expect(contentOf(a)).toContain('Recorded: this alert is not relevant for **Islamic State Khorasan Province**');
    expect(contentOf(await press(operator))).toContain('already flagged');
    expect(h.service!.store.interact.since(0)).toMatchObject([
      {
        ref,
        entity: 'iskp',
        alias: 'ISKP',
        field: 'title',
        phrase: 'ISKP claimed the attack on the',
        userId: OPERATOR.id,
        userName: OPERATOR.username,
      },
    ]);
  });

  it('a mute (command or button) holds the entity in this channel, shows in status, and ends by itself', async () => {
    // Manage Channels (1 << 4) is enough without a role.
    const a = await h.command('mute', { entity: 'iskp', for: '2h' }, { user: READER, permissions: '16' });
    expect(isEphemeral(a)).toBe(false);
    expect(contentOf(a)).toMatch(
      /^🔇 \*\*Islamic State Khorasan Province\*\* is muted in this channel until <t:\d+:f> \(<t:\d+:R>\), by <@510000000000000002>\./,
    );
    expect(a.data['allowed_mentions']).toEqual({ parse: [] });
    const [desk] = await h.service!.channels();
    expect(desk?.mutes).toMatchObject([
      { entity: 'iskp', name: 'Islamic State Khorasan Province', setByName: 'reader' },
    ]);
    expect(renderChannelsTable([desk!], h.clock.now())).toContain(
      '<div class="sub">muted: Islamic State Khorasan Province until <time',
    );
    expect(contentOf(await h.command('status'))).toMatch(
      /Muted in this channel:\n• \*\*Islamic State Khorasan Province\*\* until <t:\d+:f> \(<t:\d+:R>\), set by reader/,
    );

    const before = h.alerts().length;
    h.items.push({ guid: 'n2', title: 'ISKP attack near the border', html: '<p>An attack claimed by ISKP.</p>' });
    await h.poll();
    // Committed without an outbox row: nothing pending, nothing more sent.
    expect(h.service!.store.outbox.counts()).toMatchObject([{ channelId: 'desk', pending: 0, sent: before }]);
    expect(h.alerts()).toHaveLength(before);
    expect(h.lines.some((l) => String(l['msg']).startsWith('alert held: iskp is muted in channel desk'))).toBe(true);
    const mentions = (await h.service!.store.status.mentions('2000-01-01')).filter((m) => m.entity === 'iskp');
    expect(mentions.reduce((n, m) => n + m.count, 0)).toBe(2);

    h.clock.t += 2 * 3_600_000 + 1000;
    h.items.push({ guid: 'n3', title: 'ISKP claimed a second attack', html: '<p>claimed</p>' });
    await h.poll();
    await waitFor(() => h.alerts().length === before + 1, 'the alert after the mute ended');
    expect(h.alerts().map((m) => m.embeds[0]?.title)).toContain('ISKP claimed a second attack');
    expect(contentOf(await h.command('status'))).toContain('Muted in this channel: nothing');

    // The button: 24 hours, announced in the channel; unmute lifts it.
    const ref = refOf(h.alerts().length - 1);
    const b = await h.interact({
      type: 3,
      ...operator,
      message: h.alerts().at(-1)!,
      data: { custom_id: `nw:mute:${ref}:iskp`, component_type: 2 },
    });
    expect(contentOf(b)).toContain('is muted in this channel until');
    const [mute] = await h.service!.store.interact.active(h.clock.now());
    expect(mute).toMatchObject({
      discordChannelId: CHANNEL,
      entity: 'iskp',
      setBy: OPERATOR.id,
      until: h.clock.now() + 24 * 3_600_000,
    });
    const u = await h.command('unmute', { entity: 'iskp' }, operator);
    expect(contentOf(u)).toContain('🔔 **Islamic State Khorasan Province** is no longer muted in this channel');
    expect(contentOf(await h.command('unmute', { entity: 'iskp' }, operator))).toContain(
      'is not muted in this channel',
    );
  });
});

// The fake Discord API must behave like the real one where our guarantees depend on it:
// limits enforced (so passing tests prove we stay within them), nonce deduplication,
// webhooks, auth, mentions resolved only from content.
import { REST, Routes, type APIMessage } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../helpers/fake-discord.js';
import { CHANNEL_A } from './fixtures.js';

let fake: FakeDiscord;
let rest: REST;
beforeEach(async () => {
  fake = await startFakeDiscord();
  rest = new REST({ api: fake.api, version: '10', retries: 0, timeout: 2000 }).setToken(fake.token);
});
afterEach(() => fake.close());

const post = (body: unknown) => rest.post(Routes.channelMessages(CHANNEL_A), { body }) as Promise<APIMessage>;

describe('fake Discord API', () => {
  it('rejects bodies over Discord limits with 400 / 50035', async () => {
    const over = [
      { content: 'x'.repeat(2001) },
      { embeds: [{ title: 'x'.repeat(257) }] },
      { embeds: [{ description: 'x'.repeat(4097) }] },
      { embeds: Array.from({ length: 11 }, () => ({ title: 't' })) },
      { embeds: [{ fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' })) }] },
      { embeds: [{ fields: [{ name: 'n', value: 'v'.repeat(1025) }] }] },
      { embeds: [{ footer: { text: 'f'.repeat(2049) } }] },
      { embeds: [{ description: 'd'.repeat(4000) }, { description: 'd'.repeat(2001) }] },
      { embeds: [{ title: 't', url: 'javascript:alert(1)' }] },
      { content: 'x', nonce: 'n'.repeat(26) },
    ];
    for (const body of over)
      await expect(post(body), JSON.stringify(body).slice(0, 80)).rejects.toMatchObject({ status: 400, code: 50035 });
    await expect(post({})).rejects.toMatchObject({ status: 400, code: 50006 });
    expect(fake.messages(CHANNEL_A)).toHaveLength(0);
    // Code points, not UTF-16 units, as Discord counts.
    await expect(post({ embeds: [{ title: '😀'.repeat(256) }] })).resolves.toMatchObject({ channel_id: CHANNEL_A });
  });

  it('returns the existing message for a repeated nonce with enforce_nonce', async () => {
    const a = await post({ content: 'one', nonce: 'abc', enforce_nonce: true });
    const b = await post({ content: 'one again', nonce: 'abc', enforce_nonce: true });
    const c = await post({ content: 'two', nonce: 'abc' });
    expect(b.id).toBe(a.id);
    expect(c.id).not.toBe(a.id);
    expect(fake.messages(CHANNEL_A).map((m) => m.content)).toEqual(['one', 'two']);
  });

  it('resolves pings from content and allowed_mentions only', async () => {
    await post({ content: '@everyone <@&5> <@6>', embeds: [{ description: '@everyone <@&7>' }] });
    await post({ content: '@everyone <@&5> <@6>', allowed_mentions: { parse: [] } });
    await post({ content: '<@&5> <@&8>', allowed_mentions: { parse: [], roles: ['8'] } });
    expect(fake.messages(CHANNEL_A).map((m) => m.pings)).toEqual([
      { everyone: true, roles: ['5'], users: ['6'] },
      { everyone: false, roles: [], users: [] },
      { everyone: false, roles: ['8'], users: [] },
    ]);
  });

  it('checks the bot token and serves webhooks', async () => {
    const wrong = new REST({ api: fake.api, version: '10', retries: 0 }).setToken('nope');
    await expect(wrong.post(Routes.channelMessages(CHANNEL_A), { body: { content: 'x' } })).rejects.toMatchObject({
      status: 401,
    });
    const hook = fake.webhook('700000000000000001', 'hooktoken', CHANNEL_A);
    const anon = new REST({ api: fake.api, version: '10', retries: 0 });
    const msg = (await anon.post(Routes.webhook(hook.id, hook.token), {
      body: { content: 'via hook' },
      query: new URLSearchParams({ wait: 'true' }),
      auth: false,
    })) as APIMessage;
    expect(msg.webhook_id).toBe(hook.id);
    expect(await anon.get(Routes.webhook(hook.id, hook.token), { auth: false })).toMatchObject({
      channel_id: CHANNEL_A,
    });
    await expect(
      anon.post(Routes.webhook(hook.id, 'bad'), { body: { content: 'x' }, auth: false }),
    ).rejects.toMatchObject({ status: 401, code: 50027 });
    expect(fake.messages(CHANNEL_A).map((m) => m.content)).toEqual(['via hook']);
  });
});

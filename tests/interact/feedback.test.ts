// "Not relevant" flags pressed in Discord → `newswatch feedback` (the real CLI on the
// state file): flags per entity with the phrase around the name and who flagged it, and
// exclude/context entries that would have prevented them without losing the good alerts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, waitFor } from '../helpers/cli.js';
import { contentOf, OPERATOR, OPERATOR_ROLE, startHarness, type Harness } from './harness.js';

describe('newswatch feedback', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.startService();
    await h.poll();
    const items = [
      {
        guid: 'g1',
        title: 'TTP attack on police post in Bannu',
        html: '<p>The TTP said it carried out the attack.</p>',
      },
      { guid: 'g2', title: 'Militants of TTP attack a checkpoint near Tank', html: '<p>Gunfire was heard.</p>' },
      { guid: 'f1', title: 'TTP documentary wins festival award', html: '<p>The film follows reporters.</p>' },
      { guid: 'f2', title: 'Festival screens TTP documentary again', html: '<p>Tickets sold out.</p>' },
    ];
    for (const item of items) {
      h.items.push(item);
      await h.poll();
      await waitFor(() => h.alerts().some((m) => m.embeds[0]?.title === item.title), item.title);
    }
    for (const title of ['TTP documentary wins festival award', 'Festival screens TTP documentary again']) {
      const message = h.alerts().find((m) => m.embeds[0]?.title === title)!;
      const ref = /ref (\S+)/.exec(String(message.embeds[0]?.footer?.text))?.[1];
      const a = await h.interact({
        type: 3,
        user: OPERATOR,
        roles: [OPERATOR_ROLE],
        message,
        data: { custom_id: `nw:nr:${ref}:ttp`, component_type: 2 },
      });
      expect(contentOf(a)).toContain('Recorded');
    }
    const muted = await h.command('mute', { entity: 'ttp', for: '3d' }, { user: OPERATOR, roles: [OPERATOR_ROLE] });
    expect(contentOf(muted)).toContain('is muted in this channel');
    await h.stopService();
  }, 60_000);
  afterAll(async () => h?.close());

  it('lists the flags per entity and suggests exclude and context entries', async () => {
    const r = await runCli(['feedback', '--config', h.configFile, '--since', '7d']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ttp: Tehrik-i-Taliban Pakistan (watchlist groups): 2 flags');
    expect(r.stdout).toMatch(
      /by desk-lead: "…TTP documentary wins festival award…" \(title; ref nw-[0-9a-f]+-\w+\) TTP documentary wins festival award <https:\/\/news\.example\.org\/f1>/,
    );
    expect(r.stdout).toContain('suggest exclude: "TTP documentary" (2 of 2 flags), "screens TTP" (1 of 2 flags)');
    expect(r.stdout).toContain('suggest context: "attack" (in 2 of 2 unflagged alerts, in no flagged one)');

    const json = await runCli(['feedback', '--config', h.configFile, '--json']);
    const report = JSON.parse(json.stdout) as { entity: string; flags: unknown[]; exclude: { phrase: string }[] }[];
    expect(report.map((e) => [e.entity, e.flags.length, e.exclude[0]?.phrase])).toEqual([
      ['ttp', 2, 'TTP documentary'],
    ]);
  }, 30_000);

  it('newswatch status shows the mutes set from Discord (text and JSON)', async () => {
    const r = await runCli(['status', '--config', h.configFile]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\nmuted: ttp in desk until \d{4}-\d\d-\d\dT[\d:]+Z \(set by desk-lead at [\dT:-]+Z\)\n/);
    const json = JSON.parse((await runCli(['status', '--config', h.configFile, '--json'])).stdout) as {
      mutes: unknown[];
    };
    expect(json.mutes).toMatchObject([{ entity: 'ttp', setBy: OPERATOR.id, setByName: 'desk-lead' }]);
  });

  it('names a bad --since', async () => {
    const r = await runCli(['feedback', '--config', h.configFile, '--since', 'soon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--since: not a duration: "soon"');
  });
});

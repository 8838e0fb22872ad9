// Several instances each receive every interaction through their own gateway session; only
// the one that takes it (InteractDeps.claim, a row in PostgreSQL: tests/state/cluster.test.ts)
// answers. The others leave it untouched; a claim that cannot be made answers anyway.
import type { Interaction } from 'discord.js';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { InteractDeps } from '../../src/interact/deps.js';
import { interactionHandler } from '../../src/interact/handlers.js';

/** An interaction that records every property read but its id (and throws there: it must not be answered). */
function untouchable(id: string): { interaction: Interaction; touched: string[] } {
  const touched: string[] = [];
  const interaction = new Proxy(
    { id },
    {
      get(target, key) {
        if (key === 'id') return target.id;
        touched.push(String(key));
        throw new Error(`read ${String(key)}`);
      },
    },
  ) as unknown as Interaction;
  return { interaction, touched };
}

describe('interactions with several instances', () => {
  const lines: { msg: string }[] = [];
  const log = pino({ level: 'warn' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
  const deps = (claim: (id: string) => Promise<boolean>) =>
    ({
      claim,
      log,
      config: () => {
        throw new Error('answering');
      },
    }) as unknown as InteractDeps;

  it('leaves an interaction another instance took untouched', async () => {
    const claimed: string[] = [];
    const { interaction, touched } = untouchable('1400000000000000001');
    await interactionHandler(
      deps(async (id) => {
        claimed.push(id);
        return false;
      }),
    )(interaction);
    expect(claimed).toEqual(['1400000000000000001']);
    expect(touched).toEqual([]);
  });

  it('answers one it took, and answers when the claim cannot be made, saying so', async () => {
    const { interaction } = untouchable('1400000000000000002');
    await expect(interactionHandler(deps(async () => true))(interaction)).rejects.toThrow('answering');
    expect(lines).toEqual([]);
    await expect(
      interactionHandler(
        deps(async () => {
          throw new Error('connection refused');
        }),
      )(interaction),
    ).rejects.toThrow('answering');
    expect(lines.map((l) => l.msg)).toEqual([
      'cannot tell whether another instance answers interaction 1400000000000000002; answering: connection refused',
    ]);
  });
});

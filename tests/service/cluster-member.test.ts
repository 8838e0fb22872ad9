// ClusterMember's own rules, against a scripted cluster store (the real store is covered by
// tests/state/cluster.test.ts and tests/e2e/cluster.test.ts): a heartbeat slower than half
// the lease time is reported, once a minute at most, and the channels stay held.
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/schema.js';
import { Metrics } from '../../src/observe/metrics.js';
import { ClusterMember } from '../../src/service/cluster.js';
import type { ClusterStore, InstanceInfo } from '../../src/state/interfaces.js';

const LEASE_MS = 2_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('cluster member', () => {
  it('reports a heartbeat slower than half the lease time once, and keeps its channels', async () => {
    const lines: { msg: string; heartbeatMs?: number }[] = [];
    const log = pino({ level: 'warn' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
    let delay = 0;
    const self: InstanceInfo = {
      id: 'me',
      host: 'h',
      pid: 1,
      version: '0',
      configHash: 'x',
      command: 'start',
      startedAt: 0,
      heartbeatAt: 0,
      alive: true,
    };
    const store = {
      instanceId: 'me',
      announce: async () => {},
      heartbeat: async () => {
        await sleep(delay);
        return ['desk'];
      },
      instances: async () => [self],
      acquireChannels: async () => ({ acquired: [], takeovers: [] }),
      releaseChannel: async () => {},
    } as unknown as ClusterStore;
    const config = {
      cluster: { leaseTime: LEASE_MS, heartbeat: LEASE_MS / 4 },
      channels: [{ id: 'desk', enabled: true }],
    } as unknown as Config;
    const errors: unknown[] = [];
    const member = new ClusterMember({
      store,
      config: () => config,
      log,
      metrics: new Metrics(),
      command: 'start',
      onChannels: () => {},
      busy: () => false,
      onError: (err) => void errors.push(err),
    });

    await member.beat();
    expect(lines).toEqual([]);
    expect(member.holds('desk')).toBe(true);

    delay = LEASE_MS / 2 + 100;
    await member.beat();
    expect(lines).toHaveLength(1);
    expect(lines[0]!.msg).toMatch(/^cluster heartbeat took \d+ ms, more than half the lease time \(2000 ms\)/);
    expect(lines[0]!.heartbeatMs).toBeGreaterThan(LEASE_MS / 2);
    // Still slow: not said again within the minute.
    await member.beat();
    expect(lines).toHaveLength(1);
    expect(errors).toEqual([]);
  }, 20_000);
});

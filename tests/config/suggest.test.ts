// "did you mean": the keys the schema accepts at a path and the nearest one to a typo.
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { knownKeys, nearest, unknownKeyMessage } from '../../src/config/suggest.js';

describe('unknown key suggestions', () => {
  it('finds the keys known at a path, through defaults, optionals and lists', () => {
    expect(knownKeys(configSchema, [])).toContain('timezone');
    expect(knownKeys(configSchema, ['fetch'])).toEqual([
      'timeout',
      'maxBytes',
      'concurrency',
      'perHost',
      'maxRedirects',
      'allowPrivateAddresses',
    ]);
    expect(knownKeys(configSchema, ['channels', 3, 'discord'])).toEqual(['channel', 'mentionRole']);
    expect(knownKeys(configSchema, ['watchlists', 0, 'entities', 1, 'near'])).toEqual(['terms', 'within']);
    expect(knownKeys(configSchema, ['feeds', 'x'])).toEqual([]);
  });

  it('suggests a close key: a dropped, swapped or extra letter, or another case', () => {
    const top = knownKeys(configSchema, []);
    expect(nearest('timezon', top)).toBe('timezone');
    expect(nearest('tiemzone', top)).toBe('timezone');
    expect(nearest('Channels', top)).toBe('channels');
    expect(nearest('feed', top)).toBe('feeds');
    expect(nearest('banana', top)).toBeUndefined();
    expect(nearest('x'.repeat(10_000), top)).toBeUndefined();
  });

  it('lists the known keys when none is close', () => {
    expect(unknownKeyMessage('zzz', ['a', 'b'])).toBe('unknown key "zzz" (known here: a, b)');
    expect(unknownKeyMessage('schedul', ['schedule'])).toBe('unknown key "schedul" (did you mean "schedule"?)');
  });
});

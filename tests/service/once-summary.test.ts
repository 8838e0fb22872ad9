// The line `newswatch once` ends with: every count, and nothing said that is zero and optional.
import { describe, expect, it } from 'vitest';
import { OnceSummary } from '../../src/service/once-summary.js';

describe('OnceSummary', () => {
  it('counts polls, failures, new items, first polls, queued and sent alerts, notices and failed deliveries', () => {
    const s = new OnceSummary();
    s.poll({ kind: 'updated', items: 10, fresh: 2, queued: 3, silent: false });
    s.poll({ kind: 'updated', items: 5, fresh: 5, queued: 0, silent: true });
    s.poll({ kind: 'not-modified' });
    s.poll({ kind: 'failed', errorKind: 'dns', message: 'DNS lookup failed' });
    s.event({ type: 'sent', channelId: 'a', kind: 'alert', count: 1, messageId: '1' });
    s.event({ type: 'sent', channelId: 'a', kind: 'digest', count: 2, messageId: '2' });
    s.event({ type: 'sent', channelId: 'a', kind: 'notice', count: 1, messageId: '3' });
    s.event({ type: 'failed', channelId: 'b', retry: true, count: 1, error: 'Discord 503' });
    expect(s.line()).toBe(
      'newswatch once: 4 feeds polled, 1 failed; 2 new items (first poll of 1 feed: 5 recorded without alerts); ' +
        '3 alerts queued, 3 sent, 1 notice sent; 1 delivery attempt failed (kept, retried next run)',
    );
  });

  it('says little when nothing happened', () => {
    const s = new OnceSummary();
    s.poll({ kind: 'not-modified' });
    expect(s.line()).toBe('newswatch once: 1 feed polled; 0 new items; 0 alerts queued, 0 sent');
  });
});

import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { renderConsole } from '../../src/deliver/render/console.js';
import { ConsoleSink } from '../../src/deliver/sinks/console.js';
import { alert } from './fixtures.js';

describe('console rendering', () => {
  it('prints an alert readably, without ANSI codes when not a TTY', () => {
    const text = renderConsole(alert(1, { alsoReportedBy: ['Kabul Ledger'] }), { color: false, ref: 'nw-1' });
    expect(text).toBe(
      [
        '━━ ALERT · Frontier Wire · 2024-05-14 06:30 UTC',
        'Blast near Jalalabad checkpoint, report 1',
        'https://news.example.org/2024/jalalabad-1',
        'Matched: Islamic State Khorasan Province (title, body)',
        'Officials in Jalalabad said on Tuesday that ISKP claimed the roadside blast (report 1).',
        'Also reported by: Kabul Ledger',
        'ref nw-1',
        '',
        '',
      ].join('\n'),
    );
  });

  it('styles a TTY, and strips control sequences that come from the article', () => {
    const evil = alert(2, { title: 'Title \u001b[2J\u001b]0;pwned\u0007 end', link: 'javascript:alert(1)' });
    const plain = renderConsole(evil, { color: false });
    expect([...plain].filter((c) => c.charCodeAt(0) < 0x20 && c !== '\n')).toEqual([]);
    expect(plain).not.toContain('javascript:');
    const tty = renderConsole(alert(3), { color: true });
    expect(tty).toContain('\u001b[1mISKP\u001b[22m');
  });

  it('writes to the given stream and confirms', async () => {
    const chunks: string[] = [];
    const out = new Writable({ write: (c: Buffer, _e, cb) => (chunks.push(c.toString()), cb()) });
    const sink = new ConsoleSink('log', out);
    expect(await sink.post(alert(4), { nonce: 'n4', uncertain: false })).toEqual({ ok: true, messageId: 'console:n4' });
    expect(await sink.edit('console:n4', alert(4, { alsoReportedBy: ['Peshawar Post'] }), { ref: 'n4' })).toEqual({
      ok: true,
      messageId: 'console:n4',
    });
    expect(chunks.join('')).toMatch(/━━ ALERT[\s\S]*━━ UPDATE[\s\S]*Also reported by: Peshawar Post/);
  });
});

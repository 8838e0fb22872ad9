// Lenient date parsing: the forms feeds use, read as UTC instants; junk is null.
import { describe, expect, it } from 'vitest';
import { parseDate } from '../../src/parse/dates.js';

const iso = (s: string) => parseDate(s)?.toISOString() ?? null;

describe('parseDate', () => {
  it.each([
    ['Wed, 25 Feb 2026 21:07:00 +0000', '2026-02-25T21:07:00.000Z'],
    ['Wed, 25 Feb 2026 21:07:00 GMT', '2026-02-25T21:07:00.000Z'],
    ['25 Feb 2026 21:07 EST', '2026-02-26T02:07:00.000Z'],
    ['Wed, 25 Feb 26 21:07:00 PDT', '2026-02-26T04:07:00.000Z'],
    ['Wed, 25 Feb 2026 21:07:00 +05:30', '2026-02-25T15:37:00.000Z'],
    ['Wed, 25 February 2026 21:07:00 PKT', '2026-02-25T16:07:00.000Z'],
    ['Wed,25 Feb 2026 21:07:00', '2026-02-25T21:07:00.000Z'],
    ['25-Feb-2026 09:07 PM', '2026-02-25T21:07:00.000Z'],
    ['Wednesday, February 25, 2026 - 21:07', '2026-02-25T21:07:00.000Z'],
    ['February 25, 2026 9:07 pm', '2026-02-25T21:07:00.000Z'],
    ['Wed Feb 25 2026 21:07:00 GMT+0430 (Afghanistan Time)', '2026-02-25T16:37:00.000Z'],
    ['Wed Feb 25 21:07:00 2026', '2026-02-25T21:07:00.000Z'],
    ['2026-02-25T21:07:00Z', '2026-02-25T21:07:00.000Z'],
    ['2026-02-25T21:07:00.123-05:00', '2026-02-26T02:07:00.123Z'],
    ['2026-02-25 21:07:00', '2026-02-25T21:07:00.000Z'],
    ['2026-02-25T21:07+0100', '2026-02-25T20:07:00.000Z'],
    ['20260225T210700Z', '2026-02-25T21:07:00.000Z'],
    ['2026-02-25', '2026-02-25T00:00:00.000Z'],
    ['2026-02', '2026-02-01T00:00:00.000Z'],
    ['  Thu, 01 Jan 2004 19:48:21 GMT  ', '2004-01-01T19:48:21.000Z'],
  ])('%s', (input, expected) => {
    expect(iso(input)).toBe(expected);
  });

  it.each(['', '   ', 'sometime last week', 'Wed, 31 Feb 2026 10:00:00 GMT', '2026-13-01', '25 Foo 2026', 'Wed, 25 Feb 2026 25:99:00 GMT', '12345678901234'])(
    'null for %j',
    (input) => {
      expect(parseDate(input)).toBeNull();
    },
  );

  it('reads an unknown zone abbreviation as UTC rather than losing the date', () => {
    expect(iso('Wed, 25 Feb 2026 21:07:00 XYZ')).toBe('2026-02-25T21:07:00.000Z');
  });
});

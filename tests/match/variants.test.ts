// Issue 12 §2: spelling variants of transliterated names (`variants: auto`). One row per rule
// of the semantics table (each a test, through the real HTML→text step and matcher), then the
// precision guard, case-sensitive and Arabic-script names, the setting, and the bound.
import { describe, expect, it } from 'vitest';
import { compileWatchlists } from '../../src/match/index.js';
import { MAX_PER_NAME, TOTAL_VARIANTS, nameVariants } from '../../src/match/variants.js';
import { htmlToText, plainText } from '../../src/text/html.js';
import { found, matcher, watchlist } from './helpers.js';

const people = [
  { id: 'zm', name: 'Zabihullah Mujahid', caseSensitive: ['ZM'] },
  { id: 'nwm', name: 'Noor Wali Mehsud' },
  { id: 'hib', name: 'Hibatullah Akhundzada' },
  { id: 'siraj', name: 'Sirajuddin Haqqani' },
  { id: 'yusuf', name: 'Mohammad Yousaf' },
  { id: 'zaw', name: 'Ayman al-Zawahiri' },
  { id: 'baradar', name: 'Abdul Ghani Baradar' },
  { id: 'ghafari', name: 'Sanaullah Ghafari' },
  { id: 'qari', name: 'Qari Fasihuddin' },
  { id: 'khorasan', name: 'Khorasan Shura' },
];
const m = matcher(people, { variants: 'auto' });

type Row = [what: string, text: string, want: string[]];
const run = (rows: Row[]) =>
  it.each(rows)('%s', (_what, text, want) => {
    expect(found(m, { title: plainText(''), text: htmlToText(text) }).map((f) => f.split('@')[0])).toEqual(want);
  });

describe('variants: the romanization rules', () =>
  run([
    ['long vowels: oo/u', 'Nur Wali Mehsud said', ['nwm']],
    ['long vowels: ee/i', 'Zabeehullah Mujahid said', ['zm']],
    ['long vowels: ou/u, and u/a in the last syllable', 'Mohammad Yusuf and Mohammad Yousuf', ['yusuf', 'yusuf']],
    ['short vowels: e/a', 'Noor Wali Mahsud', ['nwm']],
    ['short vowels: o/u, a/e', 'Muhammad Yousaf and Mohammed Yousaf', ['yusuf', 'yusuf']],
    [
      'short vowels: i/e, i/ai',
      'Serajuddin Haqqani; Haibatullah Akhundzada; Hebatullah Akhundzada',
      ['siraj', 'hib', 'hib'],
    ],
    ['doubled consonants', 'Sirajuddin Haqani and Sanaullah Ghaffari', ['siraj', 'ghafari']],
    ['silent h', 'Zabiullah Mujahid', ['zm']],
    ['q/k before a', 'Sirajuddin Hakkani and Kari Fasihuddin', ['siraj', 'qari']],
    ['dh/z', 'Ayman al-Dhawahiri', ['zaw']],
    [
      'article: el-, with or without hyphen or space',
      'Ayman el-Zawahiri, Ayman al Zawahiri, Ayman az-Zawahiri, Ayman alZawahiri',
      ['zaw', 'zaw', 'zaw', 'zaw'],
    ],
    [
      'article: Abdul, Abd al-, Abdel, joined',
      'Abd al-Ghani Baradar; Abdel Ghani Baradar; Abdulghani Baradar',
      ['baradar', 'baradar', 'baradar'],
    ],
    [
      'compounds apart or joined: -ullah, -uddin',
      'Zabih Ullah Mujahid, Zabih-ullah Mujahid, Siraj ud-Din Haqqani, Qari Fasih-uddin',
      ['zm', 'zm', 'siraj', 'qari'],
    ],
    ['ayn and hamza marks vanish inside a word', 'Sanaʼullah Ghafari, Sana\u2019ullah Ghafari', ['ghafari', 'ghafari']],
    [
      'ayn and hamza letters ʿ ʾ vanish anywhere, also starting a word',
      'Ayman al-ʿZawahiri, Sanaʾullah Ghafari',
      ['zaw', 'ghafari'],
    ],
    ['two edits in one name', 'Nur Wali Mahsud, Muhammed Yousaf', ['nwm', 'yusuf']],
    ['with a soft line break', 'the spokesman Zabiullah\nMujahid said', ['zm']],
    ['not three edits', 'Nur Walli Mahsud', []],
    ['not another word', 'Zabihullah Mujahideen; Haqqaniya', []],
  ]));

describe('variants: the precision guard', () => {
  const report = (wl: ReturnType<typeof watchlist>[]) => compileWatchlists(wl).variantReport();

  it('a variant that is a common English word is dropped, and the report says why', () => {
    const r = report([watchlist([{ id: 'x', name: 'Emer' }], { variants: 'auto' })]);
    expect(r[0]?.dropped).toContainEqual({
      variant: 'emir',
      of: 'Emer',
      reason: 'common word',
      detail: 'common English word(s)',
    });
    expect(
      found(compileWatchlists([watchlist([{ id: 'x', name: 'Emer' }], { variants: 'auto' })]), {
        title: '',
        text: 'the emir',
      }),
    ).toEqual([]);
  });

  it('a variant that is a name of another entity is dropped', () => {
    const wl = watchlist(
      [
        { id: 'mehsud', name: 'Mehsud' },
        { id: 'mahsud', name: 'Mahsud' },
      ],
      { variants: 'auto' },
    );
    const r = report([wl]);
    expect(r[0]?.dropped).toContainEqual(
      expect.objectContaining({ variant: 'mahsud', reason: 'another entity', detail: 'a name of mahsud' }),
    );
    expect(found(compileWatchlists([wl]), { title: '', text: 'Mahsud and Mehsud' })).toEqual([
      'mahsud@content:Mahsud',
      'mehsud@content:Mehsud',
    ]);
  });

  it('a variant of two entities is dropped from both', () => {
    const of = (w: string) => new Set(nameVariants([w]).map((v) => v.keys.join(' ')));
    const a = of('hosan'),
      b = of('husain');
    const shared = [...a].filter((v) => b.has(v));
    expect(shared.length).toBeGreaterThan(0);
    const wl = watchlist(
      [
        { id: 'a', name: 'Hosan' },
        { id: 'b', name: 'Husain' },
      ],
      { variants: 'auto' },
    );
    const r = report([wl]);
    for (const v of shared) {
      expect(r[0]?.dropped).toContainEqual(
        expect.objectContaining({ variant: v, reason: 'shared', detail: 'also a variant of b' }),
      );
      expect(r[1]?.dropped).toContainEqual(
        expect.objectContaining({ variant: v, reason: 'shared', detail: 'also a variant of a' }),
      );
      expect(found(compileWatchlists([wl]), { title: '', text: v })).toEqual([]);
    }
  });

  it('case-sensitive names and Arabic-script names never get variants; common English words in a name never vary', () => {
    const r = report([
      watchlist([{ id: 'x', name: 'Islamic State', aliases: ['طالبان'], caseSensitive: ['Haqqani'] }], {
        variants: 'auto',
      }),
    ]);
    expect(r[0]?.generated).toEqual([]);
    const cs = compileWatchlists([
      watchlist([{ id: 'h', name: 'Network', caseSensitive: ['Haqqani'] }], { variants: 'auto' }),
    ]);
    expect(found(cs, { title: '', text: 'Haqani and Haqqani' })).toEqual(['h@content:Haqqani']);
  });

  it('variants never make a name count inside a longer word or across a block boundary', () => {
    expect(found(m, { title: '', text: htmlToText('<p>Zabiullah</p><p>Mujahid</p> Zabiullahs Mujahidx') })).toEqual([]);
  });
});

describe('variants: the setting', () => {
  it('on by default; off on a watchlist; an entity overrides its watchlist', () => {
    const text = 'Nur Wali Mehsud';
    expect(found(matcher([{ id: 'n', name: 'Noor Wali Mehsud' }]), { title: '', text })).toHaveLength(1);
    expect(found(matcher([{ id: 'n', name: 'Noor Wali Mehsud' }], { variants: 'off' }), { title: '', text })).toEqual(
      [],
    );
    expect(
      found(matcher([{ id: 'n', name: 'Noor Wali Mehsud', variants: 'auto' }], { variants: 'off' }), {
        title: '',
        text,
      }),
    ).toHaveLength(1);
    expect(found(matcher([{ id: 'n', name: 'Noor Wali Mehsud', variants: 'off' }]), { title: '', text })).toEqual([]);
  });

  it('a match through a variant reports the configured name as its alias', () => {
    expect(m.match({ title: '', text: 'Zabiullah Mujahid' })).toEqual([
      expect.objectContaining({ entity: 'zm', alias: 'Zabihullah Mujahid' }),
    ]);
  });

  it('names counts configured names; variants counts the spellings added', () => {
    const one = matcher([{ id: 'n', name: 'Noor Wali Mehsud' }]);
    expect(one.names).toBe(1);
    expect(one.variants).toBe(nameVariants(['noor', 'wali', 'mehsud']).length);
  });
});

describe('variants: the bound', () => {
  it('at most MAX_PER_NAME per name, fewest edits first', () => {
    const v = nameVariants(['zabihullah', 'mujahid', 'akhundzada']);
    expect(v.length).toBe(MAX_PER_NAME);
    const edits = v.map((x) => x.rules.length);
    expect(edits).toEqual([...edits].sort((a, b) => a - b));
  });

  it(`at most about ${TOTAL_VARIANTS} per config, shared equally when the names are many`, () => {
    const entities = Array.from({ length: 2_000 }, (_, i) => ({
      id: `e${i}`,
      name: `Zabihullah${'x'.repeat(i % 7)} Mujahid${'q'.repeat(i % 5)}${i}`,
    }));
    const big = compileWatchlists([watchlist(entities, { variants: 'auto' })]);
    expect(big.variants).toBeLessThanOrEqual(TOTAL_VARIANTS);
    expect(big.variants).toBeGreaterThan(TOTAL_VARIANTS / 2);
  });
});

describe('variants: exclude phrases follow the names', () => {
  it('an exclude phrase excludes the variants of the name inside it, as it does the name', () => {
    const t = matcher([{ id: 'taliban', name: 'Taliban', exclude: ['Taliban Pakistan', 'Pakistani Taliban'] }], {
      variants: 'auto',
    });
    expect(
      found(t, { title: '', text: 'Taleban Pakistan, Pakistani Taleban, Tehrik-e-Taleban Pakistan; the Taleban' }),
    ).toEqual(['taliban@content:Taleban']);
    const off = matcher([{ id: 'taliban', name: 'Taliban', exclude: ['Taliban Pakistan'], variants: 'off' }]);
    expect(found(off, { title: '', text: 'Taleban Pakistan and Taliban Pakistan' })).toEqual([]);
  });
});

// The matching semantics of issue 3, one table per rule. Each row is an item
// (title and HTML content, run through the real HTML→text step) and the
// matches expected as "entity@field:found text".
import { describe, expect, it } from 'vitest';
import { htmlToText, plainText } from '../../src/text/html.js';
import { found, groups, matcher } from './helpers.js';

type Row = [what: string, title: string, html: string, want: string[]];

const m = matcher(groups);
const run = (rows: Row[]) =>
  it.each(rows)('%s', (_what, title, html, want) => {
    expect(found(m, { title: plainText(title), text: htmlToText(html) })).toEqual(want);
  });

describe('1. visible text only', () =>
  run([
    [
      'entities decoded: &nbsp; is a space',
      '',
      'the Islamic&nbsp;State Khorasan said',
      ['iskp@content:Islamic State Khorasan'],
    ],
    ['entities decoded: &shy; vanishes', '', 'IS&shy;KP fighters', ['iskp@content:IS\u00adKP']],
    [
      'entities decoded: &#8217;s and &rsquo;s are possessives',
      '',
      'ISKP&#8217;s claim and ISKP&rsquo;s video',
      ['iskp@content:ISKP', 'iskp@content:ISKP'],
    ],
    ['an href never counts', '', '<a href="https://example.org/TTP">report</a> on the economy', []],
    ['an alt text never counts', '', '<img alt="TTP fighters" src="x.jpg"> Harvest in Swat', []],
    [
      'inline tags do not split words',
      '',
      '<b>IS</b>KP and <a href="#">Tali</a>ban',
      ['iskp@content:ISKP', 'taliban@content:Taliban'],
    ],
    ['a <br> is a break', '', 'Islamic State<br>Khorasan Province', []],
    ['a block is a break', '', '<p>the Pakistani</p><p>Taliban said</p>', ['taliban@content:Taliban']],
    ['script and style are not visible', '', '<script>var ISKP = 1</script><style>.TTP{}</style>calm day', []],
  ]));

describe('2. whole words only', () =>
  run([
    ['a longer word', 'ISKPX and ATTP', 'Talibanisation of Swat, the Westwood office in Afghanistan', []],
    ['inside a longer word of another script', '', 'القاعدتين مالقاعدة', []],
    [
      'next to punctuation',
      '(ISKP)',
      '"TTP", Taliban!',
      ['iskp@title:ISKP', 'ttp@content:TTP', 'taliban@content:Taliban'],
    ],
    ['digits and underscores are word characters', '', 'ISKP2 TTP_report 3TTP', []],
  ]));

describe('2b. Arabic proclitics written onto a name', () =>
  run([
    [
      "and, so, by, as, for (ل drops the article's alef), and pairs of them",
      '',
      'والقاعدة فالقاعدة بالقاعدة كالقاعدة للقاعدة وبالقاعدة وللقاعدة',
      [
        'aq@content:القاعدة',
        'aq@content:القاعدة',
        'aq@content:القاعدة',
        'aq@content:القاعدة',
        'aq@content:لقاعدة',
        'aq@content:القاعدة',
        'aq@content:لقاعدة',
      ],
    ],
    ['a lead with harakat or tatweel on it', '', 'وَالقاعدة وـالقاعدة', ['aq@content:القاعدة', 'aq@content:القاعدة']],
    [
      'a mark outside the BMP, or a soft hyphen, before the lead (found by fuzzing)',
      '',
      '\u{11930}والقاعدة \u0301\u00adوالقاعدة',
      ['aq@content:القاعدة', 'aq@content:القاعدة'],
    ],
    ['not a proclitic, or not Arabic', '', "سالقاعدة and al-Qaida's aal-Qaida", ['aq@content:al-Qaida']],
  ]));

describe('3. case', () =>
  run([
    [
      'case-insensitive names in any capitals',
      'TALIBAN',
      'taliban and Taliban',
      ['taliban@title:TALIBAN', 'taliban@content:taliban', 'taliban@content:Taliban'],
    ],
    ['case-sensitive names only in their capitals', '', 'TTP, ttp, Ttp, tTP', ['ttp@content:TTP']],
    ['a URL path never counts', '', 'see https://x.example/TTP/claims and www.ttp.example.org', []],
    ['https is not TTP', '', 'served over https or HTTPS', []],
  ]));

describe('4. dashes, spaces and punctuation', () =>
  run([
    ['ASCII hyphen', '', 'Tehrik-i-Taliban-Pakistan', ['ttp@content:Tehrik-i-Taliban-Pakistan']],
    [
      'Unicode hyphen, non-breaking hyphen',
      '',
      'Tehrik\u2010i\u2011Taliban Pakistan',
      ['ttp@content:Tehrik\u2010i\u2011Taliban Pakistan'],
    ],
    [
      'en and em dashes, with or without spaces',
      '',
      'Islamic State\u2013Khorasan; Islamic State \u2014 Khorasan',
      ['iskp@content:Islamic State\u2013Khorasan', 'iskp@content:Islamic State \u2014 Khorasan'],
    ],
    ['a dash in the text matches a space in the name', '', 'Haqqani-Network', ['haqqani@content:Haqqani-Network']],
    ['a space in the text matches a dash in the name', '', 'ISIS K', ['iskp@content:ISIS K']],
    [
      'whitespace runs, tabs, NBSP (collapsed by HTML→text)',
      'Haqqani \t Network',
      'Haqqani\u00a0\u00a0Network',
      ['haqqani@title:Haqqani Network', 'haqqani@content:Haqqani Network'],
    ],
    [
      'zero-width characters dropped',
      '',
      'Tali\u200bban and IS\u200dKP and Tali\u2060ban',
      ['taliban@content:Tali\u200bban', 'iskp@content:IS\u200dKP', 'taliban@content:Tali\u2060ban'],
    ],
    ['a full stop ends a name', '', 'the Haqqani. Network', []],
    [
      'a comma, colon, bracket or slash ends a name',
      '',
      'Haqqani, Network; Haqqani: Network; Haqqani (Network); Haqqani/Network',
      [],
    ],
  ]));

describe('4. raw whitespace (text that did not go through HTML→text)', () => {
  it('matches across tabs, NBSP, thin and ideographic spaces, and ZWNJ', () => {
    const text = 'Haqqani\t\u00a0Network, Haqqani\u2009Network, Haqqani\u3000Network, Haqqani\u200cNetwork';
    expect(found(m, { title: '', text })).toHaveLength(4);
  });
  it('never across a line break in the visible text: there it is a block boundary (soft wraps are spaces by then)', () => {
    expect(found(m, { title: '', text: 'Haqqani\nNetwork, Haqqani\r\nNetwork, Haqqani\u2028Network' })).toEqual([]);
  });
});

// Issue 12 §1: a line break inside a paragraph is a space; only block boundaries end a name.
const ruled = matcher([
  ...groups.filter((g) => g.id !== 'west'),
  { id: 'un', name: 'United Nations', exclude: ['United Nations Development Programme'] },
  { id: 'west', name: 'Thomas West', exclude: ['the West'], context: ['special envoy'], caseSensitive: ['West'] },
  {
    id: 'claims',
    name: 'Lashkar-e-Taiba',
    near: { terms: ['claimed responsibility'], within: 3 },
    all: ['Kashmir valley'],
  },
]);
const soft = (rows: Row[]) =>
  it.each(rows)('%s', (_what, title, html, want) => {
    expect(found(ruled, { title: plainText(title), text: htmlToText(html) })).toEqual(want);
  });

describe('4b. soft line breaks: a line break inside a paragraph is a space', () =>
  soft([
    ['a name wrapped in HTML source', '', '<p>the United\nNations said</p>', ['un@content:United Nations']],
    [
      'a name wrapped in HTML source, with indentation',
      '',
      '<p>the Haqqani\n      Network</p>',
      ['haqqani@content:Haqqani Network'],
    ],
    [
      'a name wrapped in plain text (72 columns)',
      '',
      'talks on Tuesday, where the Islamic State\nKhorasan Province was named',
      ['iskp@content:Islamic State Khorasan Province'],
    ],
    ['a CRLF wrap, and trailing spaces before it', '', 'the United   \r\nNations said', ['un@content:United Nations']],
    ['a title wrapped over two lines', 'Haqqani\nNetwork leaders meet', '', ['haqqani@title:Haqqani Network']],
    [
      'an exclude phrase wrapped over two lines',
      '',
      '<p>the Pakistani\nTaliban said; the Taliban said</p>',
      ['taliban@content:Taliban'],
    ],
    ['an exclude phrase wrapped in plain text', '', 'the United Nations Development\nProgramme report', []],
    [
      'a context term wrapped over two lines',
      '',
      'the special\nenvoy Thomas West, not the West',
      ['west@content:Thomas West'],
    ],
    [
      'rule terms wrapped over two lines (near, all)',
      '',
      'Lashkar-e-Taiba claimed\nresponsibility in the Kashmir\nvalley',
      ['claims@content:Lashkar-e-Taiba'],
    ],
  ]));

describe('4c. soft line breaks: block boundaries still end a name', () =>
  soft([
    ['a <br>', '', 'the United<br>Nations said', []],
    ['a paragraph', '', '<p>the United</p>\n<p>Nations said</p>', []],
    ['a blank line in plain text', '', 'the United\n\nNations said', []],
    ['a blank line of spaces in plain text', '', 'the United \n \t\n Nations said', []],
    [
      'a paragraph separator (U+2028 twice, U+2029) in plain text',
      '',
      'the United\u2028\u2028Nations and the United\u2029Nations',
      [],
    ],
    [
      'an exclude phrase across a paragraph does not exclude',
      '',
      'the Pakistani\n\nTaliban said',
      ['taliban@content:Taliban'],
    ],
    ['a context term across a paragraph is not there', '', '<p>the special</p><p>envoy Thomas West</p>', []],
    [
      'a rule term across a paragraph is not there',
      '',
      'Lashkar-e-Taiba claimed\n\nresponsibility in the Kashmir valley',
      [],
    ],
  ]));

describe('5. title and content are matched separately', () =>
  run([
    ['a name never runs from the title into the content', 'Statement by the Haqqani', 'Network leaders met', []],
    [
      'context may come from the title',
      'Taliban spokesman speaks',
      'Mujahid said the border was calm',
      ['taliban@title:Taliban', 'zm@content:Mujahid'],
    ],
    ['context may come from the content', 'Mujahid on the border', 'the spokesman said', ['zm@title:Mujahid']],
  ]));

describe('6. apostrophes', () =>
  run([
    ['possessive with a straight apostrophe', '', "ISKP's claim", ['iskp@content:ISKP']],
    [
      'possessive inside a name',
      '',
      'the Islamic State\u2019s Khorasan Province',
      ['iskp@content:Islamic State\u2019s Khorasan Province'],
    ],
    [
      'apostrophes inside a word',
      '',
      "al-Qa'ida, al-Qa\u2019ida, al-Qa`ida and al-Qa\u02bfida",
      ["aq@content:al-Qa'ida", 'aq@content:al-Qa\u2019ida', 'aq@content:al-Qa`ida', 'aq@content:al-Qa\u02bfida'],
    ],
    ['plural possessive', '', "the Talibans' rivals", ['taliban@content:Talibans']],
    ['quotes around a name', '', "\u2018ISKP\u2019 and 'Taliban'", ['iskp@content:ISKP', 'taliban@content:Taliban']],
  ]));

describe('7. diacritics and NFKC', () =>
  run([
    [
      'precomposed diacritics',
      '',
      'Zabīhullāh Mujāhid, Taliban spokesman',
      ['zm@content:Zabīhullāh Mujāhid', 'taliban@content:Taliban'],
    ],
    [
      'combining diacritics',
      '',
      'Zabi\u0304hulla\u0304h Mujahid, the spokesman',
      ['zm@content:Zabi\u0304hulla\u0304h Mujahid'],
    ],
    ['full-width letters', '', '\uff29\uff33\uff2b\uff30 claim', ['iskp@content:\uff29\uff33\uff2b\uff30']],
    ['ligatures', '', 'Islamic State Khorasan Province o\ufb03ce', ['iskp@content:Islamic State Khorasan Province']],
  ]));

describe('8. plural s', () =>
  run([
    ['on case-insensitive names', '', 'the two Talibans', ['taliban@content:Talibans']],
    ['on the last word of a phrase', '', 'Haqqani Networks', ['haqqani@content:Haqqani Networks']],
    ['never on case-sensitive names', '', 'TTPs used by hackers, and IS-KPs', []],
  ]));

describe('9. exclude applies per occurrence', () =>
  run([
    [
      'the excluded occurrence does not count, the bare one does',
      '',
      'The Pakistani Taliban said the Taliban had failed.',
      ['taliban@content:Taliban'],
    ],
    ['only excluded occurrences: nothing', '', 'The Pakistani Taliban attacked a post.', []],
    ['exclusion follows normalization', '', "Pakistani-Taliban and PAKISTANI TALIBAN's video", []],
  ]));

describe('10. context applies per entity', () =>
  run([
    ['no context term: no name counts', '', 'Mujahid, 19, won a scholarship; Thomas West scored.', []],
    [
      'a context term anywhere lets every name count',
      'Afghanistan talks',
      'West said. Mujahid and the Taliban spokesman',
      ['west@content:West', 'zm@content:Mujahid', 'taliban@content:Taliban'],
    ],
    ['exclude still applies with context', 'Afghanistan', 'the West and Thomas West', ['west@content:Thomas West']],
  ]));

describe('11. Arabic script', () =>
  run([
    [
      'Farsi yeh and kaf match Arabic yeh and kaf',
      '',
      'ذبيح الله مجاهد سخنگوی طالبان',
      ['zm@content:ذبيح الله مجاهد', 'taliban@content:طالبان'],
    ],
    [
      'ZWNJ counts as a space',
      '',
      'ذبیح\u200cالله مجاهد، طالبان',
      ['zm@content:ذبیح\u200cالله مجاهد', 'taliban@content:طالبان'],
    ],
    ['tatweel and harakat are dropped', '', 'طالـــبان و القَاعِدَة', ['taliban@content:طالـــبان', 'aq@content:القَاعِدَة']],
    ['teh marbuta matches heh', '', 'القاعده', ['aq@content:القاعده']],
    ['hamza on alef is folded', '', 'ألقاعدة', ['aq@content:ألقاعدة']],
    ['Arabic comma and Urdu full stop end a name', '', 'ذبیح الله، مجاهد۔ ذبیح۔ الله مجاهد', []],
    ['a longer word is not a match', '', 'طالبانی', []],
  ]));

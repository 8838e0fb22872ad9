// Charset detection and decoding: BOM → HTTP charset → XML declaration → UTF-8
// (windows-1252 for undeclared non-UTF-8), ISO-8859-1 read as windows-1252, UTF-16
// with and without a BOM, C1 controls repaired.
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../src/parse/index.js';
import { fixture, parseOk } from './helpers.js';

const TITLE = 'Café Kabul — “notes”';
const ITEM_TITLE = 'Prices up 5€ at the bazaar';
const SUMMARY = 'It’s naïve to expect ½ the price.';

function expectDecoded(name: string, charset: string, contentType?: string) {
  const d = decodeBody(fixture(name), contentType);
  expect(d.charset).toBe(charset);
  const { feed } = parseOk(fixture(name), contentType ? { contentType } : {});
  expect(feed.title).toBe(TITLE);
  expect(feed.items[0]?.title).toBe(ITEM_TITLE);
  expect(feed.items[0]?.summary).toBe(SUMMARY);
}

describe('decodeBody and parseFeed on encoded bodies', () => {
  it('reads ISO-8859-1 as windows-1252 (0x80 is €, 0x93/0x94 are curly quotes)', () => {
    expectDecoded('cp1252-declared-latin1.xml', 'windows-1252');
  });

  it('reads an undeclared body that is not UTF-8 as windows-1252', () => {
    expectDecoded('cp1252-undeclared.xml', 'windows-1252');
  });

  it('reads UTF-16LE with a BOM and UTF-16BE without one', () => {
    expectDecoded('utf16le-bom.xml', 'utf-16le');
    expectDecoded('utf16be-nobom.xml', 'utf-16be');
  });

  it('lets the HTTP charset override the XML declaration, and a BOM override both', () => {
    expect(decodeBody(fixture('cp1252-declared-latin1.xml'), 'text/xml; charset="utf-8"').charset).toBe('utf-8');
    const mislabelled = decodeBody(fixture('utf8-declared.xml'), 'application/rss+xml; charset=windows-1251');
    expect(mislabelled.charset).toBe('windows-1251');
    expect(mislabelled.text).not.toContain(TITLE);
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fixture('utf8-declared.xml')]);
    expect(decodeBody(withBom, 'text/xml; charset=windows-1251')).toMatchObject({ charset: 'utf-8' });
    expect(decodeBody(withBom).text.startsWith('<?xml')).toBe(true);
  });

  it('skips a charset name it does not know and goes on to the next source', () => {
    expect(decodeBody(fixture('utf8-declared.xml'), 'text/xml; charset=x-no-such-thing').charset).toBe('utf-8');
    const body = Buffer.from('<?xml version="1.0" encoding="bogus-8"?><rss/>');
    expect(decodeBody(body).charset).toBe('utf-8');
  });

  it('reads a declared legacy charset through iconv-lite', () => {
    const xml = '<?xml version="1.0" encoding="windows-1256"?><rss><channel><title>کابل</title></channel></rss>';
    expect(parseOk(iconv.encode(xml, 'windows-1256')).feed.title).toBe('کابل');
  });

  it('maps C1 controls (windows-1252 bytes converted as latin1) to their characters', () => {
    const body = Buffer.from('<rss><channel><title>don\u0092t \u0093quote\u0094</title></channel></rss>', 'utf8');
    expect(decodeBody(body).text).toContain('don’t “quote”');
  });

  it('never throws on odd bytes', () => {
    for (const b of [
      Buffer.from([0xff]),
      Buffer.from([0xfe, 0xff, 0x00]),
      Buffer.from([0x00, 0x00, 0xfe]),
      Buffer.alloc(3, 0),
    ]) {
      expect(typeof decodeBody(b).text).toBe('string');
    }
  });
});

// htmlparser2's Parser with an open-element stack that costs O(1) per tag (issue 16).
//
// htmlparser2's own Parser keeps its open elements in an array it grows with unshift
// and searches with indexOf on every end tag: 25,000 `<a>` then 25,000 `</b>` (175 KB)
// took 0.74 s, 1 MB of them 17 s, whatever the caller does with the events (the XML
// tree's depth cap does not bound that stack). This class drives htmlparser2's Tokenizer
// itself and emits the same Handler events in the same order as Parser 10 does for a
// document written in one piece (tests/text/html-parser.test.ts compares the two event
// by event): the stack is an array used from its end, and each name's positions in it
// are kept, so that finding the nearest open element of a name is O(1).
import { Tokenizer, type Handler, type ParserOptions, type TokenizerCallbacks } from 'htmlparser2';
import { isSpace } from './html-visible.js';

// The tables of htmlparser2's Parser (HTML mode only).
const formTags = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);
const pTag = new Set(['p']);
const tableSectionTags = new Set(['thead', 'tbody']);
const ddtTags = new Set(['dd', 'dt']);
const rtpTags = new Set(['rt', 'rp']);
const openImpliesClose = new Map<string, Set<string>>([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['body', new Set(['head', 'link', 'script'])],
  ['li', new Set(['li'])],
  ['p', pTag],
  ['h1', pTag],
  ['h2', pTag],
  ['h3', pTag],
  ['h4', pTag],
  ['h5', pTag],
  ['h6', pTag],
  ['select', formTags],
  ['input', formTags],
  ['output', formTags],
  ['button', formTags],
  ['datalist', formTags],
  ['textarea', formTags],
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ['dd', ddtTags],
  ['dt', ddtTags],
  ['address', pTag],
  ['article', pTag],
  ['aside', pTag],
  ['blockquote', pTag],
  ['details', pTag],
  ['div', pTag],
  ['dl', pTag],
  ['fieldset', pTag],
  ['figcaption', pTag],
  ['figure', pTag],
  ['footer', pTag],
  ['form', pTag],
  ['header', pTag],
  ['hr', pTag],
  ['main', pTag],
  ['nav', pTag],
  ['ol', pTag],
  ['pre', pTag],
  ['section', pTag],
  ['table', pTag],
  ['ul', pTag],
  ['rt', rtpTags],
  ['rp', rtpTags],
  ['tbody', tableSectionTags],
  ['tfoot', tableSectionTags],
]);
const voidElements = new Set([
  'area',
  'base',
  'basefont',
  'br',
  'col',
  'command',
  'embed',
  'frame',
  'hr',
  'img',
  'input',
  'isindex',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);
const foreignContextElements = new Set(['math', 'svg']);
const htmlIntegrationElements = new Set([
  'mi',
  'mo',
  'mn',
  'ms',
  'mtext',
  'annotation-xml',
  'foreignobject',
  'desc',
  'title',
]);

/** Open elements, innermost last, with each name's positions: push, pop and "nearest of a name" in O(1). */
class OpenElements {
  readonly names: string[] = [];
  private readonly at = new Map<string, number[]>();

  get top(): string | undefined {
    return this.names[this.names.length - 1];
  }

  push(name: string): void {
    const list = this.at.get(name);
    if (list) list.push(this.names.length);
    else this.at.set(name, [this.names.length]);
    this.names.push(name);
  }

  pop(): string | undefined {
    const name = this.names.pop();
    if (name === undefined) return undefined;
    const list = this.at.get(name) as number[];
    list.pop();
    if (list.length === 0) this.at.delete(name);
    return name;
  }

  /** How many elements are above the nearest open `name` (0: it is the innermost), or -1. */
  depthOf(name: string): number {
    const list = this.at.get(name);
    return list ? this.names.length - 1 - (list[list.length - 1] as number) : -1;
  }
}

/**
 * A Parser: `write` the document, then `end()`. `startIndex`/`endIndex` are the offsets of
 * the current event, as Parser's.
 */
export class LinearParser implements TokenizerCallbacks {
  startIndex = 0;
  endIndex = 0;
  private openTagStart = 0;
  private tagname = '';
  private attribname = '';
  private attribvalue = '';
  private attribs: Record<string, string> | null = null;
  private readonly stack = new OpenElements();
  /** Innermost last, as Parser's foreignContext innermost first. */
  private readonly foreignContext: boolean[];
  private readonly cbs: Partial<Handler>;
  private readonly htmlMode: boolean;
  private readonly lowerCaseTagNames: boolean;
  private readonly lowerCaseAttributeNames: boolean;
  private readonly recognizeSelfClosing: boolean;
  private readonly recognizeCDATA: boolean;
  private readonly tokenizer: Tokenizer;
  private text = '';

  constructor(cbs: Partial<Handler>, options: Omit<ParserOptions, 'Tokenizer'> = {}) {
    this.cbs = cbs;
    this.htmlMode = !options.xmlMode;
    this.lowerCaseTagNames = options.lowerCaseTags ?? this.htmlMode;
    this.lowerCaseAttributeNames = options.lowerCaseAttributeNames ?? this.htmlMode;
    this.recognizeSelfClosing = options.recognizeSelfClosing ?? !this.htmlMode;
    this.recognizeCDATA = options.recognizeCDATA ?? !this.htmlMode;
    this.tokenizer = new Tokenizer(options, this);
    this.foreignContext = [!this.htmlMode];
  }

  /** Parse a chunk of the document (the whole document, in this project). */
  write(chunk: string): void {
    this.text += chunk; // events carry offsets into the whole document
    this.tokenizer.write(chunk);
  }

  end(): void {
    this.tokenizer.end();
  }

  /** Stop emitting events (a later `end()` emits none either). */
  pause(): void {
    this.tokenizer.pause();
  }

  private slice(start: number, end: number): string {
    return this.text.slice(start, end);
  }

  private tagName(start: number, end: number): string {
    const name = this.slice(start, end);
    return this.lowerCaseTagNames ? name.toLowerCase() : name;
  }

  private isVoidElement(name: string): boolean {
    return this.htmlMode && voidElements.has(name);
  }

  /** @internal Tokenizer event. */
  ontext(start: number, endIndex: number): void {
    this.endIndex = endIndex - 1;
    this.cbs.ontext?.(this.slice(start, endIndex));
    this.startIndex = endIndex;
  }

  /** @internal Tokenizer event (only with decodeEntities). */
  ontextentity(cp: number, endIndex: number): void {
    this.endIndex = endIndex - 1;
    this.cbs.ontext?.(String.fromCodePoint(cp));
    this.startIndex = endIndex;
  }

  /** @internal Tokenizer event. */
  onopentagname(start: number, endIndex: number): void {
    this.endIndex = endIndex;
    this.emitOpenTag(this.tagName(start, endIndex));
  }

  private emitOpenTag(name: string): void {
    this.openTagStart = this.startIndex;
    this.tagname = name;
    const impliesClose = this.htmlMode ? openImpliesClose.get(name) : undefined;
    if (impliesClose) {
      while (this.stack.top !== undefined && impliesClose.has(this.stack.top))
        this.cbs.onclosetag?.(this.stack.pop() as string, true);
    }
    if (!this.isVoidElement(name)) {
      this.stack.push(name);
      if (this.htmlMode) {
        if (foreignContextElements.has(name)) this.foreignContext.push(true);
        else if (htmlIntegrationElements.has(name)) this.foreignContext.push(false);
      }
    }
    this.cbs.onopentagname?.(name);
    if (this.cbs.onopentag) this.attribs = {};
  }

  private endOpenTag(isImplied: boolean): void {
    this.startIndex = this.openTagStart;
    if (this.attribs) {
      this.cbs.onopentag?.(this.tagname, this.attribs, isImplied);
      this.attribs = null;
    }
    if (this.cbs.onclosetag && this.isVoidElement(this.tagname)) this.cbs.onclosetag(this.tagname, true);
    this.tagname = '';
  }

  /** @internal Tokenizer event. */
  onopentagend(endIndex: number): void {
    this.endIndex = endIndex;
    this.endOpenTag(false);
    this.startIndex = endIndex + 1;
  }

  /** @internal Tokenizer event. */
  onclosetag(start: number, endIndex: number): void {
    this.endIndex = endIndex;
    const name = this.tagName(start, endIndex);
    if (this.htmlMode && (foreignContextElements.has(name) || htmlIntegrationElements.has(name)))
      this.foreignContext.pop();
    if (!this.isVoidElement(name)) {
      const depth = this.stack.depthOf(name);
      if (depth !== -1) {
        for (let i = 0; i <= depth; i++) this.cbs.onclosetag?.(this.stack.pop() as string, i !== depth);
      } else if (this.htmlMode && name === 'p') {
        this.emitOpenTag('p'); // an end tag </p> with no <p> open: an empty paragraph
        this.closeCurrentTag(true);
      }
    } else if (this.htmlMode && name === 'br') {
      this.cbs.onopentagname?.('br');
      this.cbs.onopentag?.('br', {}, true);
      this.cbs.onclosetag?.('br', false);
    }
    this.startIndex = endIndex + 1;
  }

  /** @internal Tokenizer event. */
  onselfclosingtag(endIndex: number): void {
    this.endIndex = endIndex;
    if (this.recognizeSelfClosing || this.foreignContext[this.foreignContext.length - 1]) {
      this.closeCurrentTag(false);
      this.startIndex = endIndex + 1;
    } else {
      this.onopentagend(endIndex);
    }
  }

  private closeCurrentTag(isOpenImplied: boolean): void {
    const name = this.tagname;
    this.endOpenTag(isOpenImplied);
    if (this.stack.top === name) {
      this.cbs.onclosetag?.(name, !isOpenImplied);
      this.stack.pop();
    }
  }

  /** @internal Tokenizer event. */
  onattribname(start: number, endIndex: number): void {
    this.startIndex = start;
    const name = this.slice(start, endIndex);
    this.attribname = this.lowerCaseAttributeNames ? name.toLowerCase() : name;
  }

  /** @internal Tokenizer event. */
  onattribdata(start: number, endIndex: number): void {
    this.attribvalue += this.slice(start, endIndex);
  }

  /** @internal Tokenizer event (only with decodeEntities). */
  onattribentity(cp: number): void {
    this.attribvalue += String.fromCodePoint(cp);
  }

  /** @internal Tokenizer event. */
  onattribend(quote: number, endIndex: number): void {
    this.endIndex = endIndex;
    // QuoteType: 3 double, 2 single, 0 no value, 1 unquoted.
    this.cbs.onattribute?.(
      this.attribname,
      this.attribvalue,
      quote === 3 ? '"' : quote === 2 ? "'" : quote === 0 ? undefined : null,
    );
    if (this.attribs && !Object.prototype.hasOwnProperty.call(this.attribs, this.attribname))
      this.attribs[this.attribname] = this.attribvalue;
    this.attribvalue = '';
  }

  private instructionName(value: string): string {
    let end = 0;
    while (end < value.length && value[end] !== '/' && !isSpace(value.charCodeAt(end))) end++;
    const name = value.slice(0, end);
    return this.lowerCaseTagNames ? name.toLowerCase() : name;
  }

  /** @internal Tokenizer event. */
  ondeclaration(start: number, endIndex: number): void {
    this.endIndex = endIndex;
    const value = this.slice(start, endIndex);
    this.cbs.onprocessinginstruction?.(`!${this.instructionName(value)}`, `!${value}`);
    this.startIndex = endIndex + 1;
  }

  /** @internal Tokenizer event. */
  onprocessinginstruction(start: number, endIndex: number): void {
    this.endIndex = endIndex;
    const value = this.slice(start, endIndex);
    this.cbs.onprocessinginstruction?.(`?${this.instructionName(value)}`, `?${value}`);
    this.startIndex = endIndex + 1;
  }

  /** @internal Tokenizer event. */
  oncomment(start: number, endIndex: number, offset: number): void {
    this.endIndex = endIndex;
    this.cbs.oncomment?.(this.slice(start, endIndex - offset));
    this.cbs.oncommentend?.();
    this.startIndex = endIndex + 1;
  }

  /** @internal Tokenizer event. */
  oncdata(start: number, endIndex: number, offset: number): void {
    this.endIndex = endIndex;
    const value = this.slice(start, endIndex - offset);
    if (!this.htmlMode || this.recognizeCDATA) {
      this.cbs.oncdatastart?.();
      this.cbs.ontext?.(value);
      this.cbs.oncdataend?.();
    } else {
      this.cbs.oncomment?.(`[CDATA[${value}]]`);
      this.cbs.oncommentend?.();
    }
    this.startIndex = endIndex + 1;
  }

  /** @internal Tokenizer event. */
  onend(): void {
    if (this.cbs.onclosetag) {
      this.endIndex = this.startIndex;
      const open = this.stack.names;
      for (let i = open.length - 1; i >= 0; i--) this.cbs.onclosetag(open[i] as string, true);
    }
    this.cbs.onend?.();
  }
}

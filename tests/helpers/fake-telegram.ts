// A fake Telegram Bot API (sendMessage, editMessageText) on 127.0.0.1 port 0. It checks
// the bot token in the path, parses the HTML like Telegram (only its tag set, every '<'
// and '&' must be markup or an entity: otherwise 400 "can't parse entities"), enforces the
// 4096-character limit on the text after parsing, records each message with the mentions
// Telegram would have made of it, and answers from the shared fault queue (./fake-chat.ts).
import { decodeHTML } from 'entities';
import { chatFaults, startFakeChat, type ChatFault, type FakeChatServer, type Reply } from './fake-chat.js';

export interface TelegramMessage {
  message_id: number;
  chat: string;
  /** The HTML as sent. */
  html: string;
  /** The visible text after parsing. */
  text: string;
  /** Tags used, and the links' hrefs. */
  tags: string[];
  links: string[];
  /** @usernames Telegram would have turned into mentions. */
  mentions: string[];
  silent: boolean;
  edits: number;
  receivedAt: number;
}

export interface FakeTelegram extends FakeChatServer {
  /** Pass as telegram.api. */
  readonly api: string;
  readonly token: string;
  messages(chat: string): TelegramMessage[];
  /** The bot was removed from this chat (403) until allowed again. */
  deny(chat: string): void;
  allow(chat: string): void;
}

const ERR = (code: number, description: string, parameters?: Record<string, unknown>) => ({
  ok: false,
  error_code: code,
  description,
  ...(parameters ? { parameters } : {}),
});

export const telegramFaults = {
  rateLimited: (retryAfterSec: number, opts: { afterCreate?: boolean } = {}): ChatFault => ({
    ...chatFaults.status(
      429,
      ERR(429, `Too Many Requests: retry after ${retryAfterSec}`, { retry_after: retryAfterSec }),
    ),
    ...opts,
  }),
  serverError: (status = 500, opts: { afterCreate?: boolean } = {}): ChatFault => ({
    ...chatFaults.status(status, ERR(status, 'Internal Server Error')),
    ...opts,
  }),
  ...chatFaults,
};

const ALLOWED = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'span',
  'tg-spoiler',
  'a',
  'code',
  'pre',
  'blockquote',
  'tg-emoji',
]);

/** Telegram's HTML parse: the visible text, the tags and links, or an error description. */
export function parseTelegramHtml(html: string): { text: string; tags: string[]; links: string[] } | { error: string } {
  const tags: string[] = [];
  const links: string[] = [];
  const open: string[] = [];
  let text = '';
  const token =
    /<(\/?)([A-Za-z][\w-]*)((?:\s+[a-z-]+="[^"<]*")*)\s*>|&(lt|gt|amp|quot|#\d+|#x[\da-fA-F]+);|[<>&]|[^<>&]+/g;
  for (const m of html.matchAll(token)) {
    const [whole, close, name, attrs, entity] = m;
    if (name !== undefined) {
      const tag = name.toLowerCase();
      if (!ALLOWED.has(tag))
        return { error: `Bad Request: can't parse entities: Unsupported start tag "${tag}" at byte offset ${m.index}` };
      if (close) {
        if (open.pop() !== tag)
          return {
            error: `Bad Request: can't parse entities: Unmatched end tag at byte offset ${m.index}`,
          };
        continue;
      }
      open.push(tag);
      tags.push(tag);
      if (tag === 'a') {
        const href = /href="([^"]*)"/.exec(attrs ?? '')?.[1];
        if (href !== undefined) links.push(decodeHTML(href));
      }
      continue;
    }
    if (entity !== undefined) {
      text += decodeHTML(whole);
      continue;
    }
    if (whole === '<' || whole === '>' || whole === '&') {
      if (whole === '>') {
        text += '>';
        continue;
      }
      return { error: `Bad Request: can't parse entities: Unexpected "${whole}" at byte offset ${m.index}` };
    }
    text += whole;
  }
  if (open.length > 0)
    return {
      error: `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "${open.at(-1)}"`,
    };
  return { text, tags, links };
}

export async function startFakeTelegram(opts: { token?: string; now?: () => number } = {}): Promise<FakeTelegram> {
  const token = opts.token ?? '123456789:AAFakeTelegramBotToken_0001';
  const now = opts.now ?? Date.now;
  const byChat = new Map<string, TelegramMessage[]>();
  const denied = new Set<string>();
  let nextId = 1;
  const list = (chat: string) => {
    let l = byChat.get(chat);
    if (!l) byChat.set(chat, (l = []));
    return l;
  };

  function handle(method: string, pathToken: string, body: Record<string, unknown>): Reply {
    if (pathToken !== token) return { status: 401, body: ERR(401, 'Unauthorized') };
    const chat = String(body.chat_id);
    if (!/^(?:-?\d+|@\w+)$/.test(chat) || chat === '-1000000000404')
      return { status: 400, body: ERR(400, 'Bad Request: chat not found') };
    if (denied.has(chat)) return { status: 403, body: ERR(403, 'Forbidden: bot is not a member of the channel chat') };
    if (typeof body.text !== 'string' || body.text.trim() === '')
      return { status: 400, body: ERR(400, 'Bad Request: message text is empty') };
    if (body.parse_mode !== 'HTML')
      return { status: 400, body: ERR(400, 'Bad Request: the fake expects parse_mode HTML') };
    const parsed = parseTelegramHtml(body.text);
    if ('error' in parsed) return { status: 400, body: ERR(400, parsed.error) };
    if (parsed.text.length > 4096) return { status: 400, body: ERR(400, 'Bad Request: message is too long') };
    const mentions = [...parsed.text.matchAll(/(?:^|[^\w@])@([A-Z]\w{3,31})\b/gi)].map((m) => m[1] as string);
    if (method === 'sendMessage') {
      const msg: TelegramMessage = {
        message_id: nextId++,
        chat,
        html: body.text,
        ...parsed,
        mentions,
        silent: body.disable_notification === true,
        edits: 0,
        receivedAt: now(),
      };
      list(chat).push(msg);
      return {
        status: 200,
        body: {
          ok: true,
          result: { message_id: msg.message_id, chat: { id: chat }, date: Math.floor(now() / 1000), text: parsed.text },
        },
      };
    }
    const msg = list(chat).find((m) => m.message_id === body.message_id);
    if (!msg) return { status: 400, body: ERR(400, 'Bad Request: message to edit not found') };
    if (msg.html === body.text)
      return {
        status: 400,
        body: ERR(
          400,
          'Bad Request: message is not modified: specified new message content and reply markup are exactly the same ' +
            'as a current content and reply markup of the message',
        ),
      };
    Object.assign(msg, { html: body.text, ...parsed, mentions, edits: msg.edits + 1 });
    return { status: 200, body: { ok: true, result: { message_id: msg.message_id, text: parsed.text } } };
  }

  const server = await startFakeChat(
    {
      route(method, url) {
        const m = /^\/bot([^/]+)\/(sendMessage|editMessageText)$/.exec(url.pathname);
        return m && method === 'POST' ? { route: m[2] as string, id: m[1] as string } : null;
      },
      handle: (route, id, req) => handle(route, id, (req.body ?? {}) as Record<string, unknown>),
      badJson: { status: 400, body: ERR(400, 'Bad Request: invalid JSON') },
      outage: { status: 502, body: ERR(502, 'Bad Gateway') },
    },
    now,
  );
  return {
    ...server,
    api: server.base,
    token,
    // Requests are recorded by token; list them by route only.
    requests: (filter = {}) => server.requests({ ...(filter.route ? { route: filter.route } : {}) }),
    messages: (chat) => [...list(chat)],
    deny: (chat) => void denied.add(chat),
    allow: (chat) => void denied.delete(chat),
  };
}

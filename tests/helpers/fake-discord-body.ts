// What the fake Discord API checks in a message body, and what it would ping.
// The checks follow Discord's documented limits; a violation is a 400 with code 50035
// (Invalid Form Body) and Discord-style nested errors, so tests prove we never exceed them.

export interface FakeEmbed {
  title?: string;
  description?: string;
  url?: string;
  timestamp?: string;
  color?: number;
  footer?: { text: string; icon_url?: string };
  author?: { name: string; url?: string };
  fields?: Array<{ name: string; value: string; inline?: boolean }>;
  [key: string]: unknown;
}

export interface MessageBody {
  content?: string | null;
  embeds?: FakeEmbed[];
  nonce?: string | number;
  enforce_nonce?: boolean;
  allowed_mentions?: { parse?: string[]; roles?: string[]; users?: string[] };
  [key: string]: unknown;
}

/** Who a message would notify, as Discord resolves mentions in `content` (embeds never ping). */
export interface Pings {
  everyone: boolean;
  roles: string[];
  users: string[];
}

export interface BodyError {
  path: (string | number)[];
  code: string;
  message: string;
}

/** Discord counts characters as code points. */
const len = (s: string): number => [...s].length;

/** Checks a message body (anything JSON-shaped: what a client sent, or what a renderer made). */
export function validateBody(input: object, { edit }: { edit: boolean }): BodyError[] {
  const body = input as MessageBody;
  const errors: BodyError[] = [];
  const err = (path: (string | number)[], code: string, message: string) => errors.push({ path, code, message });
  const maxLen = (path: (string | number)[], v: unknown, max: number, required = false) => {
    if (v === undefined || v === null) {
      if (required) err(path, 'BASE_TYPE_REQUIRED', 'This field is required');
      return 0;
    }
    if (typeof v !== 'string') return (err(path, 'STRING_TYPE_CONVERT', 'Could not interpret value as string.'), 0);
    if (len(v) > max) err(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
    if (required && v.trim() === '') err(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return len(v);
  };
  maxLen(['content'], body.content, 2000);
  if (body.nonce !== undefined && typeof body.nonce === 'string' && len(body.nonce) > 25)
    err(['nonce'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  const embeds = body.embeds ?? [];
  if (!Array.isArray(embeds)) err(['embeds'], 'BASE_TYPE_ARRAY', 'Must be an array');
  else {
    if (embeds.length > 10) err(['embeds'], 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
    let total = 0;
    embeds.forEach((e, i) => {
      const at = (...p: (string | number)[]) => ['embeds', i, ...p];
      total += maxLen(at('title'), e.title, 256);
      total += maxLen(at('description'), e.description, 4096);
      if (e.url !== undefined && !isHttpUrl(e.url))
        err(
          at('url'),
          'URL_TYPE_INVALID_SCHEME',
          `Scheme "${scheme(e.url)}" is not supported. Scheme must be one of ('http', 'https').`,
        );
      if (e.timestamp !== undefined && !Number.isFinite(Date.parse(e.timestamp)))
        err(at('timestamp'), 'DATE_TYPE_PARSE', 'Could not parse timestamp.');
      if (e.color !== undefined && (!Number.isInteger(e.color) || e.color < 0 || e.color > 0xffffff))
        err(at('color'), 'NUMBER_TYPE_MAX', 'int value should be <= 16777215 and >= 0.');
      if (e.footer) total += maxLen(at('footer', 'text'), e.footer.text, 2048, true);
      if (e.author) total += maxLen(at('author', 'name'), e.author.name, 256, true);
      const fields = e.fields ?? [];
      if (fields.length > 25) err(at('fields'), 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
      fields.forEach((f, j) => {
        total += maxLen(at('fields', j, 'name'), f.name, 256, true);
        total += maxLen(at('fields', j, 'value'), f.value, 1024, true);
      });
    });
    if (total > 6000) err(['embeds'], 'MESSAGE_EMBEDS_LENGTH', 'Embed size exceeds maximum size of 6000');
  }
  const am = body.allowed_mentions;
  if (am) {
    for (const p of am.parse ?? [])
      if (!['roles', 'users', 'everyone'].includes(p))
        err(['allowed_mentions', 'parse'], 'ENUM_TYPE_COERCE', `Value "${p}" is not a valid enum value.`);
    if (am.parse?.includes('roles') && am.roles?.length)
      err(
        ['allowed_mentions'],
        'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
        'parse:["roles"] and roles: [ids] are mutually exclusive.',
      );
    if (am.parse?.includes('users') && am.users?.length)
      err(
        ['allowed_mentions'],
        'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
        'parse:["users"] and users: [ids] are mutually exclusive.',
      );
  }
  if (!edit && !body.content && embeds.length === 0) err([], 'EMPTY', 'Cannot send an empty message');
  return errors;
}

/** Discord's nested error object: { embeds: { 0: { title: { _errors: [...] } } } }. */
export function nestErrors(errors: BodyError[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const e of errors) {
    let node = root;
    for (const key of e.path) node = (node[String(key)] ??= {}) as Record<string, unknown>;
    ((node._errors ??= []) as unknown[]).push({ code: e.code, message: e.message });
  }
  return root;
}

export function pingsOf(body: MessageBody): Pings {
  const content = body.content ?? '';
  const am = body.allowed_mentions;
  // Without allowed_mentions Discord parses everything in content.
  const parse = am ? (am.parse ?? []) : ['roles', 'users', 'everyone'];
  const roles = [...content.matchAll(/<@&(\d+)>/g)].map((m) => m[1] as string);
  const users = [...content.matchAll(/<@!?(\d+)>/g)].map((m) => m[1] as string);
  return {
    everyone: /@(?:everyone|here)\b/.test(content) && parse.includes('everyone'),
    roles: [...new Set(roles.filter((r) => parse.includes('roles') || am?.roles?.includes(r)))],
    users: [...new Set(users.filter((u) => parse.includes('users') || am?.users?.includes(u)))],
  };
}

function isHttpUrl(s: unknown): boolean {
  if (typeof s !== 'string') return false;
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

function scheme(s: unknown): string {
  return typeof s === 'string' ? (s.split(':')[0] ?? '') : '';
}

// Where a channel posts (Discord, Slack, Telegram, Matrix) and who may read the status
// page: the schemas of these credentials and ids, used by ./schema.ts.
import { z } from 'zod';

export const httpUrl = z.string().refine(
  (s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  },
  { message: 'must be an absolute http(s) URL' },
);

export const discordTarget = z.strictObject({
  channel: z
    .string()
    .regex(/^\d{15,25}$/, 'a Discord channel id is a number of 15 to 25 digits')
    .describe('The channel id (Developer Mode → Copy Channel ID).'),
  mentionRole: z
    .string()
    .regex(/^\d{15,25}$/, 'a Discord role id is a number of 15 to 25 digits')
    .optional()
    .describe('A role id to ping with every alert in this channel (nothing else can ever ping).'),
});

/** Slack: an incoming webhook, or a bot token (xoxb-…) and a channel id. `api`: another Web API base (tests). */
export const slackTarget = z
  .strictObject({
    webhook: httpUrl.optional().describe('A Slack incoming webhook URL (https://hooks.slack.com/services/…).'),
    token: z.string().min(1).optional().describe('A Slack bot token (xoxb-…), with `channel`.'),
    channel: z
      .string()
      .regex(/^[CG][A-Z0-9]{6,}$/, 'a Slack channel id (C… or G…: channel details, at the bottom)')
      .optional()
      .describe('The Slack channel id (C… or G…), with `token`.'),
    api: httpUrl.optional().describe('Another Slack Web API base URL (tests, proxies).'),
  })
  .superRefine((s, ctx) => {
    const bot = s.token !== undefined || s.channel !== undefined;
    if (s.webhook !== undefined && bot) {
      ctx.addIssue({ code: 'custom', message: 'slack takes either webhook, or token and channel, not both' });
    } else if (s.webhook === undefined && (s.token === undefined || s.channel === undefined)) {
      const message = 'slack needs webhook (an incoming webhook URL), or token (a bot token) and channel';
      ctx.addIssue({ code: 'custom', message });
    }
  });

const TELEGRAM_CHAT = 'a Telegram chat id is a number (-100… for a channel) or @channelname';

/** Telegram: a bot token from @BotFather and a chat id (-100… for a channel or supergroup, or @channelname). */
export const telegramTarget = z.strictObject({
  token: z
    .string()
    .regex(/^\d+:[\w-]+$/, 'a Telegram bot token looks like 123456789:AA… (from @BotFather)')
    .describe('The bot token from @BotFather.'),
  chat: z
    .union([z.string(), z.number().int()])
    .transform(String)
    .pipe(z.string().regex(/^(-?\d+|@[A-Z]\w{3,})$/i, TELEGRAM_CHAT))
    .describe('The chat id (-100… for a channel or supergroup) or @channelname.'),
  api: httpUrl.optional().describe('Another Bot API base URL (tests, a local Bot API server).'),
});

/** Matrix: a homeserver URL, an access token and a room id. */
export const matrixTarget = z.strictObject({
  homeserver: httpUrl.describe('The homeserver base URL (https://matrix.example.org).'),
  token: z.string().min(1).describe('The access token of the bot account.'),
  room: z
    .string()
    .regex(/^![^:\s]+:\S+$/, 'a Matrix room id looks like !abc123:example.org (room settings, Advanced)')
    .describe('The room id (!abc123:example.org).'),
});

/** A bearer token and/or a user and password (HTTP basic), usually `${ENV}` references. */
export const httpAuth = z
  .strictObject({
    token: z
      .string()
      .min(16, 'a bearer token needs at least 16 characters')
      .optional()
      .describe('A bearer token (`Authorization: Bearer …`), e.g. `${NEWSWATCH_HTTP_TOKEN}`.'),
    username: z.string().min(1).optional().describe('HTTP basic auth user (with `password`).'),
    password: z
      .string()
      .min(8, 'a password needs at least 8 characters')
      .optional()
      .describe('HTTP basic auth password (with `username`), e.g. `${NEWSWATCH_HTTP_PASSWORD}`.'),
    exemptMetrics: z
      .boolean()
      .default(false)
      .describe('Let /metrics through without credentials (for a Prometheus that cannot send them).'),
  })
  .superRefine((a, ctx) => {
    if ((a.username === undefined) !== (a.password === undefined)) {
      const path = [a.username === undefined ? 'username' : 'password'];
      ctx.addIssue({ code: 'custom', path, message: 'basic auth needs both username and password' });
    }
    if (a.token === undefined && a.username === undefined && a.password === undefined) {
      const message = 'http.auth needs a token, or a username and password (are their environment variables set?)';
      ctx.addIssue({ code: 'custom', message });
    }
  });

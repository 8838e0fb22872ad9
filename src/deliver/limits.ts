// Discord's message limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
// Lengths here are UTF-16 code units (JavaScript `.length`); Discord counts code points,
// which are never more, so staying within these in code units is always within Discord's.
export const DISCORD_LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  /** Sum of title, description, field names and values, footer and author text over all embeds of a message. */
  embedTotal: 6000,
  /** Discord's `nonce` field. */
  nonce: 25,
} as const;

/** At most this many alerts are collapsed into one digest message. */
export const DIGEST_MAX_ALERTS = 20;

/**
 * Slack's limits (https://api.slack.com/reference/block-kit/blocks): 50 blocks a message,
 * 3000 characters in a section's text, 10 section fields of 2000, 10 context elements.
 * `text` (the notification fallback beside blocks) is kept short, well under its 40,000.
 */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  contextText: 3000,
  text: 3000,
} as const;

/** Telegram's sendMessage/editMessageText: at most 4096 characters of text (we bound the HTML itself). */
export const TELEGRAM_LIMITS = { text: 4096 } as const;

/**
 * Matrix: an event is at most 65,536 bytes of JSON. These caps (UTF-16 units, ≤ 3 UTF-8
 * bytes each) keep body + formatted_body, and an edit's short fallback body, below it.
 */
export const MATRIX_LIMITS = { body: 6000, formattedBody: 10000, editFallback: 1500, eventBytes: 65_536 } as const;

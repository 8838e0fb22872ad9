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

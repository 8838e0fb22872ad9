// The deliver stage: pending outbox rows → messages confirmed by their sinks.
export { Sender, type SenderDeps } from './sender.js';
export { createSinks, type SinkDeps } from './sinks/registry.js';
export { planSinks, type SinkName } from './plan.js';
export { DISCORD_DEFAULTS, restOptions, type DiscordDeps } from './sinks/discord-rest.js';
export { parseWebhookUrl, type WebhookTarget } from '../core/webhook-url.js';
export { classifyError } from './classify.js';
export { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
export { renderDiscord, type DiscordMessageBody } from './render/discord.js';
export { renderConsole } from './render/console.js';
export { DISCORD_LIMITS, DIGEST_MAX_ALERTS } from './limits.js';
export type { Sink, SendOutcome, SenderEvent, PostOptions, EditOptions } from './types.js';

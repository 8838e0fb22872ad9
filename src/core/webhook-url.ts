// A Discord webhook URL → id, token and the API base to send to.
import { tryUrl } from './url.js';

export interface WebhookTarget {
  id: string;
  token: string;
  /** API base (without version) when the URL is not Discord's own; null: use the configured one. */
  api: string | null;
}

const DISCORD_HOSTS = /^(?:(?:canary|ptb)\.)?discord(?:app)?\.com$/;
const PATH = /^(.*\/api)(?:\/v\d+)?\/webhooks\/(\d{1,25})\/([\w-]{1,100})\/?$/;

export function parseWebhookUrl(raw: string): WebhookTarget | null {
  const url = tryUrl(raw.trim());
  if (!url) return null;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const m = PATH.exec(url.pathname);
  if (!m) return null;
  const discord = DISCORD_HOSTS.test(url.hostname);
  if (discord && url.protocol !== 'https:') return null;
  return { id: m[2] as string, token: m[3] as string, api: discord ? null : `${url.origin}${m[1]}` };
}

// The fetch stage: feed URL + saved validators → modified bytes | not-modified | classified failure.
export { fetchFeed } from './fetch-feed.js';
export { FetchError, type FetchFailureKind } from './errors.js';
export { userAgent } from './user-agent.js';
export type { FetchOptions, FetchRequest, FetchResult, PollHints } from './types.js';

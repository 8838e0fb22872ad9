// The one redaction of credentials in URLs, for everything that shows or logs a URL or a
// message that may hold one (a fetch error, a library's error message, a log line, `check`,
// `status`, the status page, a "feed failing" notice posted to Discord). The real URL goes
// only to the request.
//
//   https://user:PASS@host/feed?lang=en&api_key=abc  →  https://***@host/feed?lang=en&api_key=***
//
// Masked: the user info of any `scheme://user:pass@` URL, and the values of query (or
// fragment) parameters whose name looks like a credential: it contains key, token, secret,
// pass, auth, sig, session, credential or jwt (api_key, apikey, access_token, sig,
// signature, password, X-Amz-Signature…). A name that merely looks like one (`monkey`)
// is masked too: showing less of a URL is harmless, showing a secret is not.
//
// Text-based, so it works on URLs inside any message and keeps the rest as written. A
// backslash ends a URL, so that a URL inside a JSON-escaped string (a log line) keeps its
// closing `\"`.

const SECRET_PARAM = /key|token|secret|pass|auth|sig|session|credential|jwt/i;
/** A URL in running text: scheme://, then up to a space, quote, bracket or backslash. */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>\\`]+/gi;
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]+@/i;
const PARAM = /([?&;#])([^=&#;?]+)=([^&#;]*)/g;
const MASK = '***';

/** `url` with its credentials masked (see above); text that is not a URL comes back unchanged. */
export function redactUrl(url: string): string {
  return url
    .replace(USERINFO, `$1${MASK}@`)
    .replace(PARAM, (m, sep: string, name: string, value: string) =>
      value && value !== MASK && SECRET_PARAM.test(safeDecode(name)) ? `${sep}${name}=${MASK}` : m,
    );
}

/** Every URL in `text` passed through redactUrl. */
export function redactText(text: string): string {
  if (!text.includes('://')) return text;
  return text.replace(URL_IN_TEXT, redactUrl);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

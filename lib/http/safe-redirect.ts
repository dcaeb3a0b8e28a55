// Every redirect target that comes from input (callbackUrl, returnTo, …) goes through here.
// Browsers forgive a lot before they navigate: they drop TAB/CR/LF inside URLs, read "\" as
// "/", and take "//host" as another site. So a string check on the raw input is not enough
// ("/\t/evil.example" becomes "//evil.example"); the target is parsed with the WHATWG URL
// parser against our own origin, must stay on it, and only the normalized path is returned.
// That path is pure ASCII (non-ASCII is percent-encoded by the parser), so it is always a
// valid Location header.

// Stands in for our origin when the caller does not know it: a relative target resolves
// against it the same way as against the real one, and no absolute target can match it.
const PLACEHOLDER_ORIGIN = "http://settle.invalid";
const MAX_LENGTH = 2000;
// C0 and C1 control characters, DEL, any whitespace (incl. Unicode spaces) and backslashes.
const FORBIDDEN = /[\u0000-\u0020\u007f-\u009f\s\\]/u;

/**
 * Returns a same-origin path ("/invoices?page=2") for `value`, or `fallback` when `value` is
 * not a string, names another origin, or contains control characters or whitespace.
 * `appOrigin` (the public URL) lets an absolute URL on our own origin through as its path.
 */
export function safeRedirectPath(value: unknown, options: { appOrigin?: string; fallback?: string } = {}): string {
  const fallback = options.fallback ?? "/";
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_LENGTH || FORBIDDEN.test(value)) return fallback;
  let origin: string;
  let url: URL;
  try {
    origin = new URL(options.appOrigin ?? PLACEHOLDER_ORIGIN).origin;
    url = new URL(value, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== origin || url.username || url.password) return fallback;
  // Dot segments can normalize to a leading "//" ("/.//evil.example" → "//evil.example"),
  // which a browser would read as another host.
  if (url.pathname.startsWith("//")) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

// Shape checks for untrusted text that every schema shares. Postgres refuses a NUL byte in a
// text value and the timestamp types refuse years outside their range, so anything that reaches
// a query with either fails as an unexpected 500 — these checks turn it into a field error or a
// 404 before any query runs. No server imports: forms use them too.

/** C0 control characters and DEL: never in an id or a one-line value. */
const CONTROL = /[\u0000-\u001f\u007f]/;
/** The same, except tab, line feed and carriage return, which multi-line text may hold. */
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export const isPlainLine = (s: string) => !CONTROL.test(s);
export const isPlainText = (s: string) => !CONTROL_IN_TEXT.test(s);

/**
 * An id from a URL or a form (our cuids, Stripe's `in_…`): short, printable, no spaces. Anything
 * else cannot name a row, so callers answer 404 without asking the database.
 */
export function isWellFormedId(value: unknown): value is string {
  return typeof value === "string" && /^[A-Za-z0-9_-]{1,128}$/.test(value);
}

/** Dates people can mean on a billing portal; outside it a date filter is a typo or a probe. */
export const MIN_YEAR = 1970;
export const MAX_YEAR = 2999;

export const isDateInRange = (d: Date) => !Number.isNaN(d.getTime()) && d.getUTCFullYear() >= MIN_YEAR && d.getUTCFullYear() <= MAX_YEAR;

/** A YYYY-MM-DD day that exists (survives a round trip: 2026-02-30 does not) within the year range. */
export function isCalendarDay(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && isDateInRange(t);
}

/** An ISO timestamp (as in a cursor) that round-trips and lies within the year range. */
export function isIsoInstantInRange(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}T/.test(s)) return false;
  const d = new Date(s);
  return isDateInRange(d) && d.toISOString().slice(0, 10) === s.slice(0, 10);
}

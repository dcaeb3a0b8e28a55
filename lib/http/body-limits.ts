// How large a request body may be, decided from its headers before Next reads it (proxy.ts).
// Next's own caps are global (serverActions.bodySizeLimit is one number for every action,
// and route handlers have none), so the per-route rule lives here.

/** Forms, sign-in, JSON: far below this. */
export const SMALL_BODY_BYTES = 1024 * 1024;
/** Dispute attachments: 5 files of 10 MB per message, plus the form's other fields. */
export const ATTACHMENT_BODY_BYTES = 52 * 1024 * 1024;

// The pages whose server actions take attachments (open a dispute, reply, staff message).
const ATTACHMENT_PAGES = [/^\/disputes\/new\/?$/, /^\/disputes\/[^/]+\/?$/, /^\/desk\/disputes\/[^/]+\/?$/];

export type BodyVerdict =
  | { kind: "ok" }
  /** Large but on an attachment page: allowed only with a live session. */
  | { kind: "needs-session" }
  | { kind: "refuse"; status: 400 | 411 | 413 };

export function bodyVerdict(r: { method: string; pathname: string; contentLength: string | null; chunked: boolean }): BodyVerdict {
  if (r.method === "GET" || r.method === "HEAD" || r.method === "OPTIONS") return { kind: "ok" };
  const attachments = ATTACHMENT_PAGES.some((re) => re.test(r.pathname));
  if (r.contentLength === null) {
    // No declared length: a stream of unknown size. Browsers always declare form bodies.
    if (!r.chunked) return { kind: "ok" };
    return attachments ? { kind: "needs-session" } : { kind: "refuse", status: 411 };
  }
  if (!/^\d{1,15}$/.test(r.contentLength)) return { kind: "refuse", status: 400 };
  const length = Number(r.contentLength);
  if (length <= SMALL_BODY_BYTES) return { kind: "ok" };
  if (length > ATTACHMENT_BODY_BYTES || !attachments) return { kind: "refuse", status: 413 };
  return { kind: "needs-session" };
}

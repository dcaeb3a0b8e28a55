// What a form gets back from its server action (lib/server-action.ts). No server imports:
// client forms use these too.

export type FormState = {
  status: "idle" | "ok" | "error";
  /** An i18n key for the whole form. */
  message?: string;
  /** Field path → i18n key. */
  fields?: Record<string, string>;
  retryAfter?: number;
  at?: number;
  /** What was typed, so a form that failed validation can show it again (React resets forms). */
  values?: Record<string, string>;
  /** Set for an unexpected failure: the id its log line carries, for support. */
  requestId?: string;
};

export const idle: FormState = { status: "idle" };

/** The form's text values (the last of each name, without Next's `$` fields), each cut to 5,000 characters. */
export function formValues(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && !k.startsWith("$")) out[k] = v.slice(0, 5000);
  return out;
}

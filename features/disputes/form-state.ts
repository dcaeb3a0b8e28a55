// What a dispute form gets back from its server action. No server imports: client forms use
// these too (action-state.ts has the server-side helpers).

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
};

export const idle: FormState = { status: "idle" };

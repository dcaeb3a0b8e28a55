// What a sync desk form gets back from its server action. No server imports: client forms use it.
export type SyncFormState = {
  status: "idle" | "ok" | "error";
  /** An i18n key (desk.sync.* or disputes.err.*). */
  message?: string;
  at?: number;
};

export const idleSync: SyncFormState = { status: "idle" };

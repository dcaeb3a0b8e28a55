// What a correction form gets back from its server action (client-safe: no server imports).
import type { FormState } from "@/lib/form-state";

export type CorrectionFormState = FormState & {
  /** Stripe's own message when Stripe refused (shown as it is). */
  detail?: string;
};

export const idleCorrection: CorrectionFormState = { status: "idle" };

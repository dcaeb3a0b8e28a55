// What the recalculation form gets back from its server action. No server imports: the client editor uses it.
import type { FormState } from "@/lib/form-state";
import type { RecalculationOutcome } from "./outcome";

export type RecalcFormState = FormState & { saved?: { id: string; outcome: RecalculationOutcome; differenceMinor: string; currency: string } };

export const idle: RecalcFormState = { status: "idle" };

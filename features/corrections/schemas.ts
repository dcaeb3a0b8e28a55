import { z } from "zod";
import { zodFieldErrors } from "@/lib/zod-fields";
import { isPlainText, isWellFormedId } from "@/lib/input";
import { rootCauses } from "@/features/disputes/reasons";
import { isKnownCurrency } from "@/lib/money";

// One schema per input; messages are i18n keys. Money fields arrive as typed text and are
// parsed with the invoice's currency in the use case (lib/money).

const id = z
  .string()
  .trim()
  .min(1, "desk.corrections.err.required")
  .max(64, "desk.corrections.err.invalid")
  .refine(isWellFormedId, "desk.corrections.err.invalid");
// Control characters in free text are a field error (Postgres cannot store a NUL).
const plain = (schema: z.ZodString) => schema.refine(isPlainText, "desk.corrections.err.controlChars");
export const stripeReasons = ["duplicate", "fraudulent", "order_change", "product_unsatisfactory"] as const;

export const createCorrectionSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("credit_note"),
    recalculationId: id,
    mode: z.enum(["invoice_line", "custom"]).default("invoice_line"),
    memo: plain(z.string().trim().max(500, "desk.corrections.err.tooLong")).default(""),
    reason: z.union([z.enum(stripeReasons), z.literal("")], "desk.corrections.err.reason").default(""),
    rootCause: z.enum(rootCauses, "desk.corrections.err.rootCause"),
    refund: plain(z.string().trim().max(40)).default(""),
    credit: plain(z.string().trim().max(40)).default(""),
    outOfBand: plain(z.string().trim().max(40)).default(""),
  }),
  z.object({
    kind: z.literal("refund"),
    disputeId: id,
    chargeStripeId: z
      .string()
      .trim()
      .regex(/^(ch|py)_[A-Za-z0-9]+$/, "desk.corrections.err.charge"),
    amount: plain(z.string().trim().min(1, "desk.corrections.err.required").max(40)),
    memo: plain(z.string().trim().max(500, "desk.corrections.err.tooLong")).default(""),
    rootCause: z.enum(rootCauses, "desk.corrections.err.rootCause"),
    // The explicit override for refunding a charge that is not a duplicate (see refund-guard.ts).
    override: z.enum(["", "on"]).default(""),
    overrideReason: z.string().trim().max(1000, "desk.corrections.err.tooLong").default(""),
  }),
]);

export type CreateCorrectionInput = z.input<typeof createCorrectionSchema>;

export const decisionSchema = z.object({
  correctionId: id,
  reason: plain(z.string().trim().min(3, "desk.corrections.err.reasonRequired").max(1000, "desk.corrections.err.tooLong")),
});

export const thresholdDecisionSchema = z.object({
  changeId: id,
  reason: z.string().trim().min(3, "desk.corrections.err.reasonRequired").max(1000, "desk.corrections.err.tooLong"),
});

export const thresholdsSchema = z.record(
  z.string().regex(/^[a-z]{3}$/, "desk.corrections.err.currency"),
  z.string().regex(/^\d{1,15}$/, "desk.corrections.err.amount"),
);

// A currency typed by a lead: an ISO 4217 code that lib/money knows, any case.
const thresholdCurrency = z
  .string()
  .trim()
  .min(1, "desk.corrections.err.required")
  .refine(isKnownCurrency, "desk.corrections.err.currencyUnknown")
  .transform((c) => c.toLowerCase());
const changeReason = plain(z.string().trim().max(1000, "desk.corrections.err.tooLong")).optional();

/** A new currency's threshold; the amount is typed in major units and parsed with that currency's exponent. */
export const addThresholdSchema = z.object({
  currency: thresholdCurrency,
  amount: plain(z.string().trim().max(40, "desk.corrections.err.tooLong")),
  reason: changeReason,
});
export const removeThresholdSchema = z.object({ currency: thresholdCurrency, reason: changeReason });

/**
 * Parse options for the schemas above: a check without its own key (zod's built-in messages)
 * reports "desk.corrections.err.invalid", so every issue's message is a key (zod gives a
 * schema's own message precedence over this one).
 */
export const keyedIssues = { error: () => "desk.corrections.err.invalid" } as const;

/** zod issues (parsed with `keyedIssues`) → field → i18n key (the first issue per field): lib/zod-fields.ts. */
export const fieldErrors = zodFieldErrors;

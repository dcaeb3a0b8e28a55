import { z } from "zod";
import { isDateInRange, isPlainText, isWellFormedId } from "@/lib/input";
import { normalizeDecimalText, parseQuantityInput } from "@/lib/money";

const optional = (s: z.ZodType<string>) => s.optional().or(z.literal("").transform(() => undefined));

/**
 * One contracted price, as staff type it: the unit amount in the price currency's units
 * ("12.00", "0,0125"; empty = the Stripe price's own), and optionally the contracted quantity
 * (10 seats). The currency's precision is checked where the price (and so the currency) is known.
 */
export const tariffInputSchema = z
  .object({
    customerId: z.string().refine(isWellFormedId, "disputes.err.invalid"),
    priceId: z.string().trim().refine(isWellFormedId, "disputes.err.invalid"),
    unitAmount: optional(
      z
        .string()
        .trim()
        .max(40)
        .refine((v) => normalizeDecimalText(v) !== null, "audit.err.unitAmount"),
    ),
    quantity: optional(
      z
        .string()
        .trim()
        .max(40)
        .refine((v) => parseQuantityInput(v) !== null && parseQuantityInput(v) !== "0", "audit.err.quantity"),
    ),
    discountPercent: z
      .string()
      .trim()
      .regex(/^\d{1,3}(\.\d{1,4})?$/, "audit.err.decimal")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    // Within Postgres's timestamp range (year 0000 would fail the insert, not the form).
    validFrom: z.coerce.date().refine(isDateInRange, "disputes.err.invalid"),
    validTo: z.coerce.date().refine(isDateInRange, "disputes.err.invalid").optional().nullable(),
    note: z.string().trim().max(500).refine(isPlainText, "disputes.err.controlChars").optional(),
    reason: z.string().trim().min(3, "audit.err.reasonRequired").max(1000).refine(isPlainText, "disputes.err.controlChars"),
  })
  .refine((t) => !t.validTo || t.validTo > t.validFrom, { path: ["validTo"], message: "audit.err.validTo" });
export type TariffInput = z.input<typeof tariffInputSchema>;

/** Half-open periods [from, to) overlap when each starts before the other ends. */
export const overlaps = (a: { validFrom: Date; validTo: Date | null }, b: { validFrom: Date; validTo: Date | null }) =>
  (b.validTo === null || a.validFrom < b.validTo) && (a.validTo === null || b.validFrom < a.validTo);

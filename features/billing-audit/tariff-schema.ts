import { z } from "zod";
import { isDateInRange, isPlainText, isWellFormedId } from "@/lib/input";
import { normalizeDecimalText, parseQuantityInput } from "@/lib/money";
import type { TiersMode } from "@/features/billing-math";

const optional = (s: z.ZodType<string>) => s.optional().or(z.literal("").transform(() => undefined));

/** The most tiers a tariff takes (Stripe's limit for a Price's tiers). */
export const MAX_TIERS = 250;

const amountText = z.string().trim().max(40);
const blankTier = (t: { upTo?: string; unitAmount?: string; flatAmount?: string }) => !t.upTo?.trim() && !t.unitAmount?.trim() && !t.flatAmount?.trim();

/**
 * One tier as staff type it, like a Stripe Price's tier (docs.stripe.com/api/prices/create#create_price-tiers):
 * up_to a whole number of units (blank = "inf", the last tier's open end), the per-unit amount
 * and the tier's flat amount, both in the currency's units ("12.00", "0,0125"). Stripe asks for a
 * unit or a flat amount (or both) on every tier.
 */
const tierSchema = z
  .object({
    upTo: z
      .string()
      .trim()
      .max(20)
      .refine((v) => v === "" || v.toLowerCase() === "inf" || (/^\d{1,15}$/.test(v) && Number(v) >= 1), "audit.err.tierUpTo"),
    unitAmount: amountText.refine((v) => v === "" || normalizeDecimalText(v) !== null, "audit.err.tierAmount"),
    flatAmount: amountText.refine((v) => v === "" || normalizeDecimalText(v) !== null, "audit.err.tierAmount"),
  })
  .refine((t) => t.unitAmount !== "" || t.flatAmount !== "", { path: ["unitAmount"], message: "audit.err.tierEmpty" })
  .transform((t) => ({
    upTo: t.upTo === "" || t.upTo.toLowerCase() === "inf" ? null : Number(t.upTo),
    unitAmount: t.unitAmount || undefined,
    flatAmount: t.flatAmount || undefined,
  }));

/**
 * The tiers in order, as Stripe reads them: each up_to above the previous one ("The lower bound of
 * a tier is the upper bound of the previous tier adding one"), and only the last one open ("Use inf
 * to define a fallback tier"). The form's blank rows at the end are dropped first (row numbers stay).
 */
const tiersSchema = z.preprocess(
  (v) => {
    if (!Array.isArray(v)) return v;
    const rows = [...(v as unknown[])];
    while (rows.length && typeof rows[rows.length - 1] === "object" && blankTier(rows[rows.length - 1] as Record<string, string>)) rows.pop();
    return rows;
  },
  z
    .array(tierSchema)
    .max(MAX_TIERS, "audit.err.tiersCount")
    .superRefine((tiers, ctx) => {
      // zod runs this even when a tier failed its own checks (its transform then did not run):
      // the order is judged once every tier reads.
      if (tiers.some((t) => typeof t.upTo === "string")) return;
      let prev = 0;
      tiers.forEach((t, i) => {
        const last = i === tiers.length - 1;
        if (t.upTo === null && !last) ctx.addIssue({ code: "custom", path: [i, "upTo"], message: "audit.err.tierOpen" });
        else if (t.upTo !== null && last) ctx.addIssue({ code: "custom", path: [i, "upTo"], message: "audit.err.tierLast" });
        else if (t.upTo !== null && t.upTo <= prev) ctx.addIssue({ code: "custom", path: [i, "upTo"], message: "audit.err.tierOrder" });
        if (t.upTo !== null) prev = Math.max(prev, t.upTo);
      });
    }),
);

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
    // Tiered: the mode and the tiers; then the unit amount stays blank (a tariff is one or the other).
    tiersMode: z
      .string()
      .optional()
      .refine((v) => !v || v === "graduated" || v === "volume", "audit.err.tiersMode")
      .transform((v) => (v ? (v as TiersMode) : undefined)),
    tiers: tiersSchema.optional(),
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
  .refine((t) => !t.validTo || t.validTo > t.validFrom, { path: ["validTo"], message: "audit.err.validTo" })
  .refine((t) => !t.tiersMode || t.unitAmount === undefined, { path: ["unitAmount"], message: "audit.err.unitOrTiers" })
  .refine((t) => !t.tiersMode || (t.tiers?.length ?? 0) > 0, { path: ["tiers"], message: "audit.err.tiersRequired" })
  .refine((t) => !!t.tiersMode || !(t.tiers?.length ?? 0), { path: ["tiersMode"], message: "audit.err.tiersMode" });
export type TariffInput = z.input<typeof tariffInputSchema>;
/** One parsed tier: up_to (null = inf) and its amounts as typed, in the currency's units. */
export type TariffTier = z.output<typeof tierSchema>;

/** Half-open periods [from, to) overlap when each starts before the other ends. */
export const overlaps = (a: { validFrom: Date; validTo: Date | null }, b: { validFrom: Date; validTo: Date | null }) =>
  (b.validTo === null || a.validFrom < b.validTo) && (a.validTo === null || b.validFrom < a.validTo);

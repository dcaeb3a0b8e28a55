import { z } from "zod";

const decimal = z.string().trim().regex(/^\d+(\.\d{1,12})?$/, "audit.err.decimal");

/** One contracted price; `unitAmountDecimal` empty = the Stripe price's own unit amount. */
export const tariffInputSchema = z
  .object({
    customerId: z.string().min(1),
    priceId: z.string().trim().min(1),
    unitAmountDecimal: decimal.optional().or(z.literal("").transform(() => undefined)),
    discountPercent: z.string().trim().regex(/^\d{1,3}(\.\d{1,4})?$/, "audit.err.decimal").optional().or(z.literal("").transform(() => undefined)),
    validFrom: z.coerce.date(),
    validTo: z.coerce.date().optional().nullable(),
    note: z.string().trim().max(500).optional(),
    reason: z.string().trim().min(3, "audit.err.reasonRequired").max(1000),
  })
  .refine((t) => !t.validTo || t.validTo > t.validFrom, { path: ["validTo"], message: "audit.err.validTo" });
export type TariffInput = z.input<typeof tariffInputSchema>;

/** Half-open periods [from, to) overlap when each starts before the other ends. */
export const overlaps = (a: { validFrom: Date; validTo: Date | null }, b: { validFrom: Date; validTo: Date | null }) =>
  (b.validTo === null || a.validFrom < b.validTo) && (a.validTo === null || b.validFrom < a.validTo);

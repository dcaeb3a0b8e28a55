// Billing math: Stripe's invoice money recomputed independently (rules: stripe-emulator/README.md,
// "Money rules"). Pure, no I/O, imports only lib/money.
//
// - computeInvoice(input)            line amounts, discounts, allocation, taxes, totals (bigint minor units)
// - priceAmount(price, qty, currency) a line priced by a Stripe Price: per_unit, package, tiered (pricing.ts)
// - prorateChange(from, to, period, t) Stripe's time-based proration: credit and debit lines (proration.ts)
// - recalculate(input, edits)        original vs edited, per line, per discount, per rate and in the totals
// - verifyInvoice(invoice, lookups)  Stripe's stored numbers vs ours → [{ field, expected, actual }]
// - compareInvoice(stored, computed) the same check for amounts read from our own projection
//
// Building InvoiceInput from the DB projection (InvoiceLine / InvoiceLineDiscount / InvoiceLineTax):
// pass Prisma.Decimal columns as they are (anything whose toString() is a plain decimal is accepted),
// `quantity`, `unitAmountDecimal` (null → `amount` is the line amount), line discounts = rows with
// scope "line" in order, invoice discounts = the invoice's discounts in order (the rows with scope
// "invoice" are Stripe's allocations, i.e. the stored side), and a line's taxes as its `taxRates`.
export { computeInvoice, lineAmount } from "./compute-invoice";
export {
  billedAtZeroUnit,
  priceAmount,
  tierBounds,
  tierParts,
  transformQuantity,
  type PriceAmount,
  type PriceInput,
  type TierInput,
  type TierPart,
  type TiersMode,
  type TransformQuantity,
} from "./pricing";
export {
  prorateChange,
  prorationCredit,
  prorationDebit,
  prorationFactor,
  spanDays,
  type ProratedItem,
  type ProrationChange,
  type ProrationLine,
  type ProrationPeriod,
} from "./proration";
export {
  aggregateUsage,
  meteredLineAmount,
  type MeterEventInput,
  type MeterFormula,
  type MeteredLineAmount,
  type MeteredUsage,
  type UsageWindow,
} from "./metering";
export { toRational } from "./normalize";
export { applyEdits, type InvoiceEdit, type TariffEntry, type TieredTariff } from "./apply-edits";
export { recalculate, type Comparison, type LineComparison, type Recalculation } from "./recalculate";
export { compareInvoice, verifyInvoice } from "./verify-invoice";
export { recalculationInputsFromJson, recalculationRecord, type JsonValue, type RecalculationRecord } from "./recalculation-record";
export {
  fromStripeInvoice,
  stripePriceInput,
  type Lookup,
  type StripeCouponLike,
  type StripeDiscountLike,
  type StripeInvoiceLike,
  type StripeLineLike,
  type StripeLookups,
  type StripePriceLike,
  type StripeTaxRateLike,
} from "./from-stripe-invoice";
export type * from "./types";

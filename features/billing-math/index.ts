export { computeInvoice, lineAmount } from "./compute-invoice";
export { applyEdits, type InvoiceEdit, type TariffEntry } from "./apply-edits";
export { recalculate, type Comparison, type LineComparison, type Recalculation } from "./recalculate";
export { compareInvoice, verifyInvoice } from "./verify-invoice";
export {
  fromStripeInvoice,
  type Lookup,
  type StripeCouponLike,
  type StripeDiscountLike,
  type StripeInvoiceLike,
  type StripeLineLike,
  type StripeLookups,
  type StripeTaxRateLike,
} from "./from-stripe-invoice";
export type * from "./types";

// Plain shapes the audit rules read: built from the projections by the loader, or by hand in
// tests. No Prisma types here, so the rules stay pure and run anywhere.

export type Severity = "LOW" | "MEDIUM" | "HIGH" | "CRITICAL";

export type RuleId =
  | "line_math"
  | "invoice_math"
  | "duplicate_charge"
  | "overpayment"
  | "tariff_price"
  | "contract_discount"
  | "after_service_end"
  | "currency_mismatch"
  | "lost_sync"
  | "refund_exceeds_charge"
  | "reconciliation_diff"
  | "after_subscription_end"
  | "trial_charged"
  | "quantity_mismatch"
  | "proration_credit"
  | "metered_usage_mismatch";

export interface AuditLineDiscount {
  discountId: string;
  couponId: string | null;
  percentOff: string | null;
  amountOff: bigint | null;
  /** "line": the line's own coupon; "invoice": its share of an invoice-level discount. */
  scope: string;
  amount: bigint;
}

export interface AuditTax {
  taxRateId: string;
  percentage: string;
  inclusive: boolean;
  amount: bigint;
  taxableAmount: bigint;
  /** Stripe Tax's taxability_reason of the entry (null for manual tax rates). */
  taxabilityReason?: string | null;
}

/**
 * A line's Stripe Price, where it is known (the loader reads it from the projection's Price,
 * audit-price.ts; see rules/line-math.ts). `tiers: null` on a tiered price = tiered, but the
 * tiers are not known.
 */
export type { AuditPrice } from "@/features/billing-math/price-row";
import type { AuditPrice } from "@/features/billing-math/price-row";
import type { TieredTariff } from "@/features/billing-math/apply-edits";

export interface AuditLine {
  id: string;
  stripeId: string;
  position: number;
  currency: string;
  amount: bigint;
  quantity: string;
  unitAmountDecimal: string | null;
  priceId: string | null;
  productId: string | null;
  periodStart: Date | null;
  periodEnd: Date | null;
  proration: boolean;
  /** The line's price with its scheme, when known; absent/null = only the line's own unit amount is known. */
  price?: AuditPrice | null;
  /**
   * Proration lines: the subscription item's whole billing period the proration is a part of
   * (its current_period_start/end when the change was made), when known.
   */
  billingPeriod?: { start: Date; end: Date } | null;
  /** Stripe's `parent.subscription_item_details.subscription_item` (si_…), when the line names it. */
  subscriptionItemId?: string | null;
  /**
   * A credit proration's `proration_details.credited_items`: the invoice and the "original debit
   * line_items to which the credit proration applies" (Stripe's API reference); null otherwise.
   */
  creditedItems?: { invoice: string; lines: string[] } | null;
  /** The billing meter (mtr_…) of the line's price when that price is metered (recurring.usage_type = metered). */
  meterId?: string | null;
  discounts: AuditLineDiscount[];
  taxes: AuditTax[];
}

export interface AuditPayment {
  stripeId: string;
  paymentIntentStripeId: string | null;
  chargeStripeId: string | null;
  outOfBand: boolean;
  amountPaid: bigint | null;
  amountRequested: bigint;
  currency: string;
  status: string;
  paidAt: Date | null;
}

export type InvoiceStatus = "DRAFT" | "OPEN" | "PAID" | "UNCOLLECTIBLE" | "VOID" | "DELETED";

export interface AuditInvoice {
  id: string;
  stripeId: string;
  number: string | null;
  status: InvoiceStatus;
  currency: string;
  subtotal: bigint;
  subtotalExcludingTax: bigint | null;
  total: bigint;
  totalExcludingTax: bigint | null;
  amountDue: bigint;
  amountPaid: bigint;
  amountRemaining: bigint;
  amountOverpaid: bigint;
  stripeCreated: Date;
  finalizedAt: Date | null;
  paidAt: Date | null;
  lines: AuditLine[];
  discounts: { discountId: string; couponId: string | null; amount: bigint }[];
  taxes: AuditTax[];
  payments: AuditPayment[];
}

/** One of the customer's charges near the invoice, with the invoices it is recorded against. */
export interface AuditCharge {
  stripeId: string;
  paymentIntentStripeId: string | null;
  amount: bigint;
  amountRefunded: bigint;
  currency: string;
  status: string;
  disputed: boolean;
  stripeCreated: Date;
  /** Stripe ids of invoices whose payments reference this charge or its payment intent. */
  invoiceStripeIds: string[];
}

export interface AuditRefund {
  stripeId: string;
  chargeStripeId: string | null;
  amount: bigint;
  currency: string;
  status: string;
}

export interface AuditTariff {
  id: string;
  priceId: string | null;
  productId: string | null;
  currency: string;
  /** Per unit: the contracted unit amount (minor units); null for a tiered tariff. */
  unitAmountDecimal: string | null;
  /** A tiered tariff: the line's quantity is priced through these tiers (then unitAmountDecimal is null). */
  tiered?: TieredTariff | null;
  /** The contracted quantity (10 seats); null or absent = only the price is contracted. */
  quantity?: string | null;
  validFrom: Date;
  /** Exclusive; null = open-ended. */
  validTo: Date | null;
}

/** A contracted discount: on a product's lines ("line") or on the whole invoice ("invoice"). */
export interface AuditContractDiscount {
  id: string;
  scope: "line" | "invoice";
  priceId: string | null;
  productId: string | null;
  couponId: string | null;
  percentOff: string | null;
  amountOffMinor: bigint | null;
  validFrom: Date;
  validTo: Date | null;
}

export interface AuditDiff {
  runId: string;
  entityType: string;
  stripeId: string;
  field: string;
  settleValue: string | null;
  stripeValue: string | null;
}

/** A subscription item as projected (customer.subscription.* events): its current billing period only. */
export interface AuditSubscriptionItem {
  stripeId: string;
  priceId: string;
  /** null for metered prices (usage, not a quantity). */
  quantity: bigint | null;
  currentPeriodStart: Date | null;
  currentPeriodEnd: Date | null;
}

/** One of the customer's subscriptions, with the dates the subscription rules read. */
export interface AuditSubscription {
  stripeId: string;
  status: string;
  startDate: Date | null;
  trialStart: Date | null;
  trialEnd: Date | null;
  cancelAt: Date | null;
  canceledAt: Date | null;
  endedAt: Date | null;
  /** Created time of the newest subscription event applied (null: only listed by a resync). */
  lastEventAt: Date | null;
  items: AuditSubscriptionItem[];
}

/** A line some credit proration of the invoice credits (proration_details.credited_items), as projected. */
export interface AuditCreditedLine {
  stripeId: string;
  invoiceStripeId: string;
  amount: bigint;
  periodStart: Date | null;
  periodEnd: Date | null;
  subscriptionItemId: string | null;
}

/** A credit proration (on any of the customer's invoices) that credits one of the credited lines. */
export interface AuditCreditProration {
  stripeId: string;
  invoiceStripeId: string;
  invoiceCreated: Date;
  position: number;
  amount: bigint;
  periodStart: Date | null;
  periodEnd: Date | null;
  creditedLines: string[];
}

/**
 * A billing meter's aggregated value for a customer over [start, end), as Stripe's meter event
 * summaries report it (stored by meter-usage/refresh-meter-usage.ts; `formula` is the meter's
 * default_aggregation.formula when known).
 */
export interface AuditMeterUsage {
  meterId: string;
  start: Date;
  end: Date;
  value: string;
  formula: string | null;
}

export interface AuditSettings {
  /** Two charges of the same amount closer than this are duplicates unless refunded. */
  duplicateWindowMs: number;
  /** A paid payment on an invoice still open after this long means a lost sync. */
  lostSyncGraceMs: number;
}

export const DEFAULT_SETTINGS: AuditSettings = {
  duplicateWindowMs: 24 * 3600_000,
  lostSyncGraceMs: 3600_000,
};

export interface AuditContext {
  now: Date;
  settings: AuditSettings;
  customer: { id: string; stripeId: string; currency: string | null; deleted: boolean };
  invoice: AuditInvoice;
  tariffs: AuditTariff[];
  contractDiscounts: AuditContractDiscount[];
  /** The customer's charges around the invoice's payments (linked or not). */
  charges: AuditCharge[];
  refunds: AuditRefund[];
  /** Differences of the latest reconciliation run about this invoice or its payments. */
  diffs: AuditDiff[];
  /**
   * The customer's subscriptions that have an item with one of the invoice's line prices
   * (absent = none known: the subscription rules then stay silent).
   */
  subscriptions?: AuditSubscription[];
  /**
   * For the invoice's credit prorations: the projected lines they credit, which of the credited
   * invoices are projected at all, and every credit proration of the same subscription items
   * (absent = not loaded: proration_credit stays silent).
   */
  credits?: { creditedLines: AuditCreditedLine[]; projectedInvoices: string[]; creditProrations: AuditCreditProration[] };
  /** Stored meter totals for the customer's metered lines on this invoice (absent = none known). */
  meterUsage?: AuditMeterUsage[];
}

/** A pre-filled correction staff can start from. */
export type Suggestion =
  | { kind: "refund"; chargeStripeId: string; amountMinor: bigint; currency: string; reason: "duplicate" | "requested_by_customer" }
  | { kind: "recalculation"; edits: Record<string, unknown>[]; differenceMinor: bigint; currency: string }
  | { kind: "resync"; stripeIds: string[] }
  | { kind: "review"; note: string };

export interface FindingDraft {
  rule: RuleId;
  /** Stable across runs and replays (built from Stripe ids), so a finding is stored once. */
  fingerprint: string;
  severity: Severity;
  customerId: string;
  invoiceId?: string;
  currency: string;
  amountAtStakeMinor: bigint;
  summary: string;
  evidence: Record<string, unknown>;
  suggestion: Suggestion | null;
}

export type Rule = (ctx: AuditContext) => FindingDraft[];

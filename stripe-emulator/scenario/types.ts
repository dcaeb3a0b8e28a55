import type { SubscriptionHistoryManifest } from "./subscription-history";
/** Public shapes of the scenario generator: its options and the manifest the audit tests read. */

export type Currency = "usd" | "eur" | "jpy" | "kwd";

export interface ScenarioOptions {
  seed: number;
  /** Number of customers (default 40). Ignored when `invoices` is set. */
  customers?: number;
  /** Number of monthly billing cycles (default 6). */
  months?: number;
  /** Target invoice count; overrides customers × months (customers = ceil(invoices / months)). */
  invoices?: number;
  /** Inject the billing errors listed in `manifest.injected` (default true). */
  injectErrors?: boolean;
  /** Unix seconds of the first billing cycle (default 2026-01-01T00:00:00Z). */
  start?: number;
  /**
   * Deliver webhooks while generating (default false: events are recorded but not sent, and a
   * listener catches up through GET /v1/events; sending 100,000 invoices' events would dominate).
   */
  deliverWebhooks?: boolean;
  /**
   * Forget events older than 30 days as the clock advances (default false), as Stripe does:
   * the API never shows them, and a large history then needs a fraction of the memory and
   * time. Leave it off when a consumer reads every recorded event from the store (test
   * loaders, the sync benchmark). Dropped-webhook events stay checkable either way.
   */
  pruneEvents?: boolean;
  /**
   * After the monthly history, this many subscription histories per kind carrying a subscription
   * billing mistake (subscription-errors.ts), each in the manifest (default 0: none, and the
   * history is exactly as before).
   */
  subscriptionErrors?: number;
  /**
   * After the monthly history, subscription histories on test clocks making about this many
   * invoices (subscription-history.ts: renewals, prorations, trials, cancellations, metered usage,
   * discounts and default tax rates), listed in `manifest.subscription_histories` (default 0: none).
   */
  subscriptionInvoices?: number;
  /** Called after every `progressEvery` invoices (default 10,000) with the count so far (benchmarks). */
  onProgress?: (invoices: number) => void;
  progressEvery?: number;
}

/** A contracted discount; validity is half-open: applies when valid_from <= period.start < valid_to. */
export interface ContractDiscount {
  coupon: string;
  percent_off?: number;
  amount_off?: number;
  valid_from: number;
  valid_to: number;
}

/**
 * One contracted tariff: the price a customer agreed to pay for one product during
 * [valid_from, valid_to) (valid_to null = open-ended), compared with `line.period.start`.
 * `discount` is a line-level discount on that product's lines.
 */
export interface Contract {
  customer: string;
  price: string;
  product: string;
  /** "seats" | "usage" | "platform" — which plan line this tariff prices. */
  kind: LineKind;
  currency: Currency;
  unit_amount_decimal: string;
  valid_from: number;
  valid_to: number | null;
  /** Contracted quantity (seat contracts of the demo's named customers only). */
  quantity?: number;
  discount?: ContractDiscount;
}

/** An invoice-level contracted discount (applies to the whole invoice, after line discounts). */
export interface CustomerDiscount extends ContractDiscount {
  customer: string;
  currency?: Currency;
}

export type LineKind = "seats" | "usage" | "platform";

export type InjectedKind =
  | "duplicate_charge"
  | "tariff_mismatch"
  | "missing_discount"
  | "line_math"
  | "double_payment"
  | "dropped_webhooks"
  /** Demo only: more seats billed than contracted (the "12 seats, we have 10" journey). */
  | "quantity_mismatch"
  /** Demo only (demo-audit.ts): an imported invoice whose total is more than its lines, taxes and discounts. */
  | "total_mismatch"
  /** Demo only: a line billed for a period after its product's contract ended. */
  | "billed_after_service_end"
  /** Demo only: an invoice in another currency than the customer's contracts. */
  | "currency_mismatch"
  /** Demo only: an invoice paid in two instalments, the second one's events never delivered. */
  | "lost_payment_events"
  /** Demo only: a refund booked a second time, more refunded than the charge. */
  | "excess_refund"
  /** With `subscriptionErrors` (subscription-errors.ts): an invoice for a period after its subscription ended. */
  | "charged_after_subscription_end"
  /** With `subscriptionErrors`: an invoice charging a subscription's trial period. */
  | "trial_charged"
  /** With `subscriptionErrors`: an invoice billing another quantity than the subscription item's for its period. */
  | "subscription_quantity_mismatch"
  /**
   * With `subscriptionErrors`: a credit proration crediting a line twice (its time already credited
   * by the subscription's own proration invoice) or crediting more than the line charged for that time.
   */
  | "proration_credit"
  /** With `subscriptionErrors`: a metered line billing another usage than its meter recorded for the period. */
  | "metered_usage_mismatch";

/** The kinds injected at random (the demo-only kinds are placed by hand in the demo). */
export const INJECTED_KINDS: readonly InjectedKind[] = [
  "duplicate_charge",
  "tariff_mismatch",
  "missing_discount",
  "line_math",
  "double_payment",
  "dropped_webhooks",
];

export interface InjectedError {
  kind: InjectedKind;
  customer: string;
  /** The invoice the error belongs to (every kind has one). */
  invoice: string;
  invoice_line?: string;
  charge?: string;
  payment_intent?: string;
  /** What a correct bill would have had (amounts in minor units, unit prices as decimal strings). */
  expected?: Record<string, unknown>;
  details: Record<string, unknown>;
}

export interface ScenarioManifest {
  version: 1;
  seed: number;
  options: { customers: number; months: number; invoices: number | null; injectErrors: boolean; start: number };
  /** Unix seconds when generation ended (the emulator clock). */
  clock_end: number;
  /** Total invoices created (including imported ones). */
  invoices: number;
  /** Invoices that carry an injected error; every other invoice is clean. */
  injected_invoice_ids: string[];
  injected: InjectedError[];
  counts: Record<string, number>;
  currencies: Currency[];
  customers: Array<{ id: string; email: string; currency: Currency }>;
  contracts: Contract[];
  customer_discounts: CustomerDiscount[];
  /** With `subscriptionInvoices`: the subscription histories, their changes and usage (all clean). */
  subscription_histories?: SubscriptionHistoryManifest;
  /** A few ids of notable objects for demos and e2e tests (may be empty in big scenarios). */
  highlights: Record<string, string>;
}

import type { Prisma } from "@prisma/client";

export type Tx = Prisma.TransactionClient;

/** The Stripe object kinds Settle projects. */
export type Kind = "customer" | "invoice" | "payment_intent" | "charge" | "refund" | "credit_note" | "dispute" | "price" | "subscription";

export interface TaxRateInfo {
  percentage: string;
  displayName: string | null;
  inclusive: boolean;
}

/**
 * One object as the processor applied it. Stored on the inbox row (appliedObjects) so replay
 * can rebuild the projections from the inbox alone, with exactly the data live sync used.
 * `parentOnly` objects were fetched because a child referenced them: they only insert.
 */
export interface AppliedObject {
  /** invoice_payment: a delivered InvoicePayment written as is (its invoice is not refetched). */
  kind: Kind | "invoice_payment";
  // The Stripe object as JSON (decimal strings, not SDK Decimal instances).
  object: StripeJson;
  parentOnly?: boolean;
  // Tax rate details the invoice/credit note referenced (total_taxes carries only the id).
  taxRates?: Record<string, TaxRateInfo>;
}

// Stripe objects are read defensively: event payloads are raw JSON at the event's API version,
// refetched objects come from the SDK; both are normalised to plain JSON first.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type StripeJson = Record<string, any>;

export interface ProjectionChange {
  kind: Kind;
  stripeId: string;
  customerId?: string | null;
  invoiceId?: string | null;
}

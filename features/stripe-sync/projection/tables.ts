import type { Prisma } from "@prisma/client";

/**
 * The tables the sync projects from Stripe, children before parents: the order a replay
 * truncates and analyzes them in, and tests reset them in. Model names, so a renamed model
 * fails to compile here rather than in SQL.
 */
export const PROJECTION_TABLES = [
  "SubscriptionItem",
  "Subscription",
  "CreditNoteLine",
  "CreditNote",
  "Chargeback",
  "Refund",
  "InvoicePayment",
  "InvoiceLineDiscount",
  "InvoiceLineTax",
  "InvoiceLine",
  "InvoiceDiscount",
  "InvoiceTax",
  "Invoice",
  "Charge",
  "PaymentIntent",
  "Price",
  "Customer",
] as const satisfies readonly Prisma.ModelName[];

/** The billing audit's own tables (findings, contracts, reconciliation), cleared before the projections in a demo reset. */
export const AUDIT_TABLES = [
  "Finding",
  "Tariff",
  "ContractedDiscount",
  "ReconciliationDiff",
  "ReconciliationSeen",
  "ReconciliationRun",
  "MeterUsageSummary",
] as const satisfies readonly Prisma.ModelName[];

/** The quoted table list of a TRUNCATE or ANALYZE statement. */
export const quoteTables = (tables: readonly Prisma.ModelName[]) => tables.map((t) => `"${t}"`).join(", ");

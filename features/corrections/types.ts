// Shapes shared by the correction use cases. Amounts in JSON (Correction.lines) are decimal
// strings of minor units: Json columns cannot hold bigint.

/** One credit-note line as Settle stores it and sends it to Stripe. */
export type CreditLine =
  | { type: "invoice_line_item"; invoice_line_item: string; amount: string; description?: string | null }
  | { type: "custom_line_item"; description: string; quantity: 1; unit_amount: string };

export type CorrectionKind = "credit_note" | "refund";

/** How a post-payment credit is paid back: refund to the card, customer balance, outside Stripe. */
export interface Split {
  refund: bigint;
  credit: bigint;
  outOfBand: bigint;
}

export type LineMode = "invoice_line" | "custom";

export const APPROVAL_SETTING_KEY = "corrections.approvalThresholds";

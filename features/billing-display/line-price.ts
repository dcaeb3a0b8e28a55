// The price of an invoice line as the explanations need it (explain-line.ts), read in the same
// SQL document as the line: a JSON object built from the Price row, or null when the line has no
// price or the price was never projected. Pure: a SQL fragment and its parser.
import type { ExplainLineInput, ExplainPrice } from "./explain-line";

/** json_build_object of the Price row of line alias `l` (null without one). */
export const linePriceJsonSql = (l: string) => `(SELECT json_build_object(
    'id', p.id, 'productName', p."productName", 'unitAmountDecimal', trim_scale(p."unitAmountDecimal")::text, 'billingScheme', p."billingScheme",
    'tiersMode', p."tiersMode", 'tiers', p.tiers, 'transformQuantity', p."transformQuantity",
    'recurringInterval', p."recurringInterval", 'recurringIntervalCount', p."recurringIntervalCount", 'usageType', p."usageType")
  FROM "Price" p WHERE p.id = ${l}."priceId")`;

type Raw = Record<string, unknown>;
const s = (v: unknown) => (typeof v === "string" ? v : null);

export function explainPriceOf(raw: unknown): ExplainPrice | null {
  if (!raw || typeof raw !== "object") return null;
  const p = raw as Raw;
  return {
    id: String(p.id),
    productName: s(p.productName),
    unitAmountDecimal: s(p.unitAmountDecimal),
    billingScheme: s(p.billingScheme),
    tiersMode: s(p.tiersMode),
    tiers: p.tiers ?? null,
    transformQuantity: p.transformQuantity ?? null,
    recurringInterval: s(p.recurringInterval),
    recurringIntervalCount: typeof p.recurringIntervalCount === "number" ? p.recurringIntervalCount : null,
    usageType: s(p.usageType),
  };
}

/** A display line (get-invoice-detail and the like) as the explanation's input. */
export function explainInputOf(
  l: {
    id: string;
    amount: bigint;
    quantity: string;
    proration: boolean;
    periodStart: Date | null;
    periodEnd: Date | null;
    description: string | null;
    subscriptionItemId: string | null;
    price: ExplainPrice | null;
  },
  currency: string,
): ExplainLineInput {
  return { ...l, currency };
}

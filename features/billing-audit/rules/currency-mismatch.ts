// An invoice in another currency than the contract in force for its lines.
import { draft, isDead, tariffInForce } from "./helpers";
import type { Rule } from "../types";

export const currencyMismatch: Rule = (ctx) => {
  const inv = ctx.invoice;
  if (isDead(inv.status)) return [];
  const contracted = new Set<string>();
  for (const line of inv.lines) {
    const t = tariffInForce(ctx, line);
    if (t && t.currency.toLowerCase() !== inv.currency.toLowerCase()) contracted.add(t.currency.toLowerCase());
  }
  if (!contracted.size) return [];
  return [
    draft(ctx, {
      rule: "currency_mismatch",
      fingerprint: `currency_mismatch:${inv.stripeId}`,
      severity: "HIGH",
      amountAtStakeMinor: inv.total,
      summary: `Invoice ${inv.number ?? inv.stripeId} is in ${inv.currency.toUpperCase()}; the contract is in ${[...contracted].join(", ").toUpperCase()}`,
      evidence: { invoiceCurrency: inv.currency, contractCurrencies: [...contracted], total: inv.total },
      suggestion: { kind: "review", note: "Void or fully credit the invoice and reissue it in the contracted currency." },
    }),
  ];
};

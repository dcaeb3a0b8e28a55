import { normalizeCurrency } from "@/lib/money/index";

/** True when the amount is above the currency's threshold, or the currency has none. */
export function requiresApproval(input: { amountMinor: bigint; currency: string; thresholds: Readonly<Record<string, bigint>> }): boolean {
  const limit = input.thresholds[normalizeCurrency(input.currency)];
  return limit === undefined || input.amountMinor > limit;
}

import { parseMoneyInput } from "@/lib/money/index";
import type { Split } from "../types";

/** The split as typed ("" = 0), in the invoice's currency; field → i18n key for what does not parse. */
export function parseSplit(input: { refund: string; credit: string; outOfBand: string }, currency: string): { split: Split; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const one = (field: keyof Split, text: string) => {
    if (!text.trim()) return 0n;
    const r = parseMoneyInput(text, currency, { allowZero: true });
    if (!r.ok) {
      errors[field] = `desk.corrections.err.amount_${r.error}`;
      return 0n;
    }
    return r.amount;
  };
  return { split: { refund: one("refund", input.refund), credit: one("credit", input.credit), outOfBand: one("outOfBand", input.outOfBand) }, errors };
}

import { minorUnitStep } from "@/lib/money/index";
import type { Split } from "../types";

/**
 * Checks the refund / balance credit / out-of-band split of a credit note exactly, as Stripe
 * will: each part ≥ 0 and on the currency's step, and together exactly the post-payment part
 * (total − pre-payment part). Returns field → i18n key; empty when valid.
 */
export function validateSplit(input: { currency: string; total: bigint; prePayment: bigint; split: Split }): Record<string, string> {
  const errors: Record<string, string> = {};
  const step = minorUnitStep(input.currency);
  const parts = { refund: input.split.refund, credit: input.split.credit, outOfBand: input.split.outOfBand };
  for (const [k, v] of Object.entries(parts)) {
    if (v < 0n) errors[k] = "desk.corrections.err.negative";
    else if (v % step !== 0n) errors[k] = "desk.corrections.err.step";
  }
  if (Object.keys(errors).length) return errors;
  const post = input.total - input.prePayment;
  const sum = parts.refund + parts.credit + parts.outOfBand;
  if (sum !== post) errors.split = post === 0n ? "desk.corrections.err.splitNotNeeded" : "desk.corrections.err.splitSum";
  return errors;
}

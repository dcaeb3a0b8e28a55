// Stripe's decline and failure codes mapped to plain-language catalog messages. Anything not
// listed falls back to a generic explanation instead of showing a raw code to the customer.
import type { MessageKey } from "@/lib/i18n";

export const explainedDeclineCodes = [
  "authentication_required",
  "card_declined",
  "card_not_supported",
  "card_velocity_exceeded",
  "currency_not_supported",
  "do_not_honor",
  "expired_card",
  "fraudulent",
  "generic_decline",
  "incorrect_cvc",
  "incorrect_number",
  "incorrect_zip",
  "insufficient_funds",
  "invalid_account",
  "invalid_amount",
  "lost_card",
  "pickup_card",
  "processing_error",
  "stolen_card",
  "try_again_later",
  "withdrawal_count_limit_exceeded",
] as const;

const known = new Set<string>(explainedDeclineCodes);

/** The catalog key explaining why a payment failed; null when it did not fail. */
export function explainDecline(code: string | null | undefined, failed: boolean): MessageKey | null {
  if (!failed) return null;
  // Stripe reports stolen and lost cards to the customer as generic declines on purpose; so do we.
  const c = code === "stolen_card" || code === "lost_card" || code === "fraudulent" || code === "pickup_card" ? "generic_decline" : code;
  return (c && known.has(c) ? `portal.decline.${c}` : "portal.decline.unknown") as MessageKey;
}

// Stripe's documented test payment methods (https://docs.stripe.com/testing). Using one of
// these tokens creates a fresh pm_ object with the card's brand/last4; decline cards fail
// at charge time with the documented code/decline_code.

export interface TestCard {
  brand: string;
  last4: string;
  funding: string;
  country: string;
  /** charge outcome: undefined = succeeds */
  decline?: { code: string; decline_code: string; message: string };
}

const declined = (code: string, decline_code: string, message: string) => ({ code, decline_code, message });
const GENERIC = "Your card was declined.";

export const TEST_CARDS: Record<string, TestCard> = {
  pm_card_visa: { brand: "visa", last4: "4242", funding: "credit", country: "US" },
  pm_card_visa_debit: { brand: "visa", last4: "5556", funding: "debit", country: "US" },
  pm_card_mastercard: { brand: "mastercard", last4: "4444", funding: "credit", country: "US" },
  pm_card_amex: { brand: "amex", last4: "8431", funding: "credit", country: "US" },
  pm_card_discover: { brand: "discover", last4: "1117", funding: "credit", country: "US" },
  pm_card_jcb: { brand: "jcb", last4: "0505", funding: "credit", country: "JP" },
  pm_card_chargeDeclined: { brand: "visa", last4: "0002", funding: "credit", country: "US", decline: declined("card_declined", "generic_decline", GENERIC) },
  pm_card_chargeCustomerFail: {
    brand: "visa",
    last4: "0341",
    funding: "credit",
    country: "US",
    decline: declined("card_declined", "generic_decline", GENERIC),
  },
  pm_card_chargeDeclinedInsufficientFunds: {
    brand: "visa",
    last4: "9995",
    funding: "credit",
    country: "US",
    decline: declined("card_declined", "insufficient_funds", "Your card has insufficient funds."),
  },
  pm_card_chargeDeclinedLostCard: { brand: "visa", last4: "9987", funding: "credit", country: "US", decline: declined("card_declined", "lost_card", GENERIC) },
  pm_card_chargeDeclinedStolenCard: {
    brand: "visa",
    last4: "9979",
    funding: "credit",
    country: "US",
    decline: declined("card_declined", "stolen_card", GENERIC),
  },
  pm_card_chargeDeclinedFraudulent: {
    brand: "visa",
    last4: "0019",
    funding: "credit",
    country: "US",
    decline: declined("card_declined", "fraudulent", GENERIC),
  },
  pm_card_chargeDeclinedExpiredCard: {
    brand: "visa",
    last4: "0069",
    funding: "credit",
    country: "US",
    decline: declined("expired_card", "expired_card", "Your card has expired."),
  },
  pm_card_chargeDeclinedIncorrectCvc: {
    brand: "visa",
    last4: "0127",
    funding: "credit",
    country: "US",
    decline: declined("incorrect_cvc", "incorrect_cvc", "Your card's security code is incorrect."),
  },
  pm_card_chargeDeclinedProcessingError: {
    brand: "visa",
    last4: "0119",
    funding: "credit",
    country: "US",
    decline: declined("processing_error", "processing_error", "An error occurred while processing your card. Try again in a little bit."),
  },
};

/**
 * Stripe's documented test card numbers, for the hosted pages where a person types a number
 * (https://docs.stripe.com/testing): each one behaves as its pm_card_* token above.
 */
export const TEST_CARD_NUMBERS: Record<string, string> = {
  "4242424242424242": "pm_card_visa",
  "4000056655665556": "pm_card_visa_debit",
  "5555555555554444": "pm_card_mastercard",
  "378282246310005": "pm_card_amex",
  "6011111111111117": "pm_card_discover",
  "3566002020360505": "pm_card_jcb",
  "4000000000000002": "pm_card_chargeDeclined",
  "4000000000000341": "pm_card_chargeCustomerFail",
  "4000000000009995": "pm_card_chargeDeclinedInsufficientFunds",
  "4000000000009987": "pm_card_chargeDeclinedLostCard",
  "4000000000009979": "pm_card_chargeDeclinedStolenCard",
  "4100000000000019": "pm_card_chargeDeclinedFraudulent",
  "4000000000000069": "pm_card_chargeDeclinedExpiredCard",
  "4000000000000127": "pm_card_chargeDeclinedIncorrectCvc",
  "4000000000000119": "pm_card_chargeDeclinedProcessingError",
};

/** The test token for a typed card number (spaces and dashes ignored), or undefined. */
export function tokenForCardNumber(typed: unknown): string | undefined {
  return typeof typed === "string" ? TEST_CARD_NUMBERS[typed.replace(/[\s-]/g, "")] : undefined;
}

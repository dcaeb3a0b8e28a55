// What a saved recalculation proves. difference = charged − recalculated: above zero the
// customer was overcharged (propose a correction); otherwise the invoice stands (propose
// closing the dispute as "not an error"). Undercharges are never billed back from the desk.
export type RecalculationOutcome = "customer_right" | "invoice_confirmed";

export const outcomeOf = (differenceMinor: bigint): RecalculationOutcome => (differenceMinor > 0n ? "customer_right" : "invoice_confirmed");

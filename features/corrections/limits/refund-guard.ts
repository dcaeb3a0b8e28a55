/**
 * What a charge is to the invoice a refund corrects, from Settle's synced data: a duplicate the
 * billing audit detected (a live duplicate_charge finding names it), and/or the only successful
 * payment of a paid invoice. Refunding the latter takes the money for a bill the customer owes,
 * which is a credit note's job: an agent may still do it, but only deliberately.
 */
export type ChargeRole = {
  /** The id of a duplicate_charge finding (not dismissed) that names this charge, else null. */
  duplicateFindingId: string | null;
  /** The number (or id) of a PAID invoice this charge is the only successful payment of, else null. */
  solePaymentOf: string | null;
};

export const OVERRIDE_REASON_MIN = 10;

/** True when refunding this charge needs the explicit override: it pays a paid invoice alone and no audit calls it a duplicate. */
export const needsRefundOverride = (role: ChargeRole) => role.duplicateFindingId === null && role.solePaymentOf !== null;

/**
 * The override rule shared by createCorrection and the refund preview: field → i18n key, empty
 * when the refund may go ahead. An override that is not needed is ignored (and not audited).
 */
export function checkRefundOverride(role: ChargeRole, override: { confirmed: boolean; reason: string }): Record<string, string> {
  if (!needsRefundOverride(role)) return {};
  if (!override.confirmed) return { override: "desk.corrections.err.notDuplicate" };
  if (override.reason.trim().length < OVERRIDE_REASON_MIN) return { overrideReason: "desk.corrections.err.overrideReason" };
  return {};
}

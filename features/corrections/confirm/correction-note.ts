import { intlLocale, translate, type Locale } from "@/lib/i18n/index";
import { formatMoney } from "@/lib/money/index";

// The words a customer reads when a correction resolves their dispute and staff wrote no memo:
// in the reader's language, with the amount formatted for it (built per email recipient; the
// timeline shows its own localised "correction issued" entry instead of stored text).

export type IssuedCorrection = { creditNoteNumber: string | null; amount: bigint; currency: string };

/** `creditNoteNumber` null means the correction was a refund without a credit note. */
export function correctionNote(locale: Locale, c: IssuedCorrection): string {
  const amount = formatMoney(c.amount, c.currency, intlLocale(locale));
  return c.creditNoteNumber === null
    ? translate(locale, "corrections.customerNote.refund", { amount })
    : translate(locale, "corrections.customerNote.creditNote", { number: c.creditNoteNumber, amount });
}

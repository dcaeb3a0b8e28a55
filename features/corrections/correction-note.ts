import { intlLocale, type Locale } from "@/lib/i18n";
import { formatMoney } from "@/lib/money";

// The words a customer reads when a correction resolves their dispute and staff wrote no memo:
// in the reader's language, with the amount formatted for it (built per email recipient; the
// timeline shows its own localised "correction issued" entry instead of stored text).
const phrases: Record<Locale, { creditNote: string; refund: string }> = {
  en: {
    creditNote: "We corrected your bill: credit note {number} of {amount} has been issued.",
    refund: "We corrected your bill: a refund of {amount} has been issued.",
  },
  ru: {
    creditNote: "Мы исправили ваш счёт: выпущена кредит-нота {number} на сумму {amount}.",
    refund: "Мы исправили ваш счёт: оформлен возврат на сумму {amount}.",
  },
};

export type IssuedCorrection = { creditNoteNumber: string | null; amount: bigint; currency: string };

/** `creditNoteNumber` null means the correction was a refund without a credit note. */
export function correctionNote(locale: Locale, c: IssuedCorrection): string {
  const amount = formatMoney(c.amount, c.currency, intlLocale(locale));
  const p = phrases[locale];
  return c.creditNoteNumber === null ? p.refund.replace("{amount}", amount) : p.creditNote.replace("{number}", c.creditNoteNumber).replace("{amount}", amount);
}

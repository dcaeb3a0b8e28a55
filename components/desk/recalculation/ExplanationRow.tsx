import type { LineInput } from "@/features/billing-math";
import { explainPricedLine } from "@/features/billing-display/explain-priced-line";
import { lineExplanationText } from "@/features/billing-display/explain-text";
import type { Locale, Translate } from "@/lib/i18n";
import s from "./recalc.module.css";

/** How a line's amount is made, in the invoice page's words (billing-display/explain-text.ts); null for a plain line. */
export function explanationOf(line: LineInput | undefined, amount: bigint | undefined, currency: string, productName: string | null, locale: Locale) {
  if (!line || amount === undefined) return null;
  const e = explainPricedLine(line, amount, currency, productName);
  return e ? lineExplanationText(e, currency, locale) : null;
}

/**
 * Under a line of the recalculation editor, across all its columns: how the charged amount was made
 * (a proration's days, a tier breakdown) and, once an edit changes it, how the recalculated amount is
 * made (the quantity through the tiers again, the moved change date's days).
 */
export function ExplanationRow({
  t,
  lineId,
  columns,
  removed,
  charged,
  recalculated,
}: {
  t: Translate;
  lineId: string;
  columns: number;
  removed: boolean;
  charged: string | null;
  recalculated: string | null;
}) {
  const changed = recalculated !== null && recalculated !== charged;
  if (!charged && !changed) return null;
  return (
    <tr className={`${s.explainRow}${removed ? ` ${s.removed}` : ""}`} data-testid={`recalc-explain-${lineId}`}>
      <td colSpan={columns}>
        {charged && (
          <span className={s.explain} data-explanation="charged">
            <span className={s.explainLabel}>{t("desk.recalc.explainCharged")}:</span> {charged}
          </span>
        )}
        {changed && (
          <span className={s.explain} data-explanation="recalculated">
            <span className={s.explainLabel}>{t("desk.recalc.explainRecalculated")}:</span> <strong>{recalculated}</strong>
          </span>
        )}
      </td>
    </tr>
  );
}

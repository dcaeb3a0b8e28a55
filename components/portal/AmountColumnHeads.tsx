import type { Translate } from "@/lib/i18n";
import s from "./portal.module.css";

/** The numeric column headers an invoice's and a credit note's line tables share, in order. */
export function AmountColumnHeads({ t }: { t: Translate }) {
  return (
    <>
      <th scope="col" className={s.num}>
        {t("portal.invoice.col.quantity")}
      </th>
      <th scope="col" className={s.num}>
        {t("portal.invoice.col.unitPrice")}
      </th>
      <th scope="col" className={s.num}>
        {t("portal.invoice.col.discounts")}
      </th>
      <th scope="col" className={s.num}>
        {t("portal.invoice.col.tax")}
      </th>
      <th scope="col" className={s.num}>
        {t("portal.invoice.col.amount")}
      </th>
    </>
  );
}

/** The same columns' labels, in order, for a table's phone-width stacked labels (Table's stackLabels). */
export const amountColumnLabels = (t: Translate) => [
  t("portal.invoice.col.quantity"),
  t("portal.invoice.col.unitPrice"),
  t("portal.invoice.col.discounts"),
  t("portal.invoice.col.tax"),
  t("portal.invoice.col.amount"),
];

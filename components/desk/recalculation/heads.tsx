import type { ReactNode } from "react";
import type { Translate } from "@/lib/i18n";

/** A numeric column's head (right-aligned by the table's data-numeric style). */
export function NumHead({ children }: { children: ReactNode }) {
  return (
    <th scope="col" data-numeric>
      {children}
    </th>
  );
}

/** The heads "charged · recalculated · difference" that the editor's totals and the saved recalculations share. */
export function ComparisonHeads({ t }: { t: Translate }) {
  return (
    <>
      <NumHead>{t("desk.recalc.charged")}</NumHead>
      <NumHead>{t("desk.recalc.recalculated")}</NumHead>
      <NumHead>{t("desk.recalc.col.difference")}</NumHead>
    </>
  );
}

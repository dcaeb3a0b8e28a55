import { Table } from "@/components/ui";
import type { CreditLine } from "@/features/corrections/types";
import type { Translate } from "@/lib/i18n";

/** A correction's credit-note lines: description, kind, amount (formatted by the page's `money`). */
export function CreditLinesTable({
  t,
  lines,
  money,
  empty,
}: {
  t: Translate;
  lines: readonly CreditLine[];
  money: (amount: bigint) => string;
  empty?: string;
}) {
  return (
    <Table caption={t("desk.corrections.lines")}>
      <thead>
        <tr>
          <th scope="col">{t("desk.dispute.line")}</th>
          <th scope="col">{t("desk.corrections.lineType")}</th>
          <th scope="col" data-numeric>
            {t("desk.dispute.amount")}
          </th>
        </tr>
      </thead>
      <tbody>
        {empty !== undefined && lines.length === 0 && (
          <tr>
            <td colSpan={3}>{empty}</td>
          </tr>
        )}
        {lines.map((l, i) => (
          <tr key={i}>
            <td>{l.description ?? "—"}</td>
            <td>{t(l.type === "invoice_line_item" ? "desk.corrections.type.invoice_line" : "desk.corrections.type.custom")}</td>
            <td data-numeric>{money(BigInt(l.type === "invoice_line_item" ? l.amount : l.unit_amount))}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

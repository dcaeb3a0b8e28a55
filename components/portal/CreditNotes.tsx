import Link from "@/components/ui/Link";
import { Badge } from "@/components/ui";
import { formatAmount, formatDay } from "@/features/billing-display/format";
import { creditNoteStatusLabel } from "@/features/billing-display/labels";
import { creditNoteReasonText } from "@/features/credit-notes/credit-note-cause";
import type { CreditNoteListItem } from "@/features/credit-notes/list-credit-notes";
import type { Locale, Translate } from "@/lib/i18n";
import { ListTable } from "./ListShell";
import s from "./portal.module.css";

/** A credit note's status as a badge: a voided one grey, any other informational. */
export function CreditNoteStatusBadge({ t, status }: { t: Translate; status: string }) {
  return <Badge tone={status === "VOID" ? "neutral" : "info"}>{creditNoteStatusLabel(t, status)}</Badge>;
}

/** The portal's credit-notes list table. */
export function CreditNotesTable({ t, locale, rows }: { t: Translate; locale: Locale; rows: CreditNoteListItem[] }) {
  const columns = [
    { label: t("portal.creditNotes.col.number") },
    { label: t("portal.creditNotes.col.date") },
    { label: t("portal.creditNotes.col.invoice") },
    { label: t("portal.creditNotes.col.reason") },
    { label: t("portal.creditNotes.col.status") },
    { label: t("portal.creditNotes.col.total"), num: true },
  ];
  return (
    <ListTable caption={t("portal.creditNotes.caption")} columns={columns}>
      {rows.map((cn) => (
        <tr key={cn.id}>
          <th scope="row" className={s.nowrap}>
            <Link href={`/credit-notes/${cn.id}`}>{cn.number ?? cn.id}</Link>
          </th>
          <td className={s.nowrap}>{formatDay(cn.created, locale)}</td>
          <td className={s.nowrap}>
            <Link href={`/invoices/${cn.invoice.id}`}>{cn.invoice.number ?? t("portal.invoices.noNumber")}</Link>
          </td>
          <td>{creditNoteReasonText(t, cn)}</td>
          <td>
            <CreditNoteStatusBadge t={t} status={cn.status} />
          </td>
          <td className={s.num}>{formatAmount(cn.total, cn.currency, locale)}</td>
        </tr>
      ))}
    </ListTable>
  );
}

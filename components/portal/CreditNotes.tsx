import Link from "@/components/ui/Link";
import { Badge, Table } from "@/components/ui";
import { formatAmount, formatDay, formatQuantity, formatUnitAmount } from "@/features/billing-display/format";
import { creditNoteStatusLabel } from "@/features/billing-display/labels";
import { creditNoteReasonText } from "@/features/credit-notes/credit-note-cause";
import type { CreditNoteDetail } from "@/features/credit-notes/get-credit-note-detail";
import type { CreditNoteListItem } from "@/features/credit-notes/list-credit-notes";
import type { Locale, Translate } from "@/lib/i18n";
import { AmountColumnHeads, amountColumnLabels } from "./AmountColumnHeads";
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

/** A credit note's lines: description, then the amount columns an invoice's lines share. */
export function CreditNoteLinesTable({ t, locale, d }: { t: Translate; locale: Locale; d: CreditNoteDetail }) {
  const money = (a: bigint) => formatAmount(a, d.currency, locale);
  return (
    <Table
      caption={t("portal.creditNote.linesCaption", { number: d.number ?? d.id })}
      stackLabels={[t("portal.invoice.col.description"), ...amountColumnLabels(t)]}
    >
      <thead>
        <tr>
          <th scope="col">{t("portal.invoice.col.description")}</th>
          <AmountColumnHeads t={t} />
        </tr>
      </thead>
      <tbody>
        {d.lines.map((l) => (
          <tr key={l.id}>
            <th scope="row">{l.description ?? "—"}</th>
            <td className={s.num}>{l.quantity ? formatQuantity(l.quantity, locale) : "—"}</td>
            <td className={s.num}>{l.unitAmountDecimal ? formatUnitAmount(l.unitAmountDecimal, d.currency, locale) : "—"}</td>
            <td className={s.num}>{l.discountAmount ? `−${money(l.discountAmount)}` : "—"}</td>
            <td className={s.num}>{money(l.taxAmount)}</td>
            <td className={s.num}>{money(l.amount)}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** The facts under a credit note's title: when issued, for which invoice, why, and its memo. */
export function CreditNoteFacts({ t, locale, d }: { t: Translate; locale: Locale; d: CreditNoteDetail }) {
  return (
    <dl className={s.facts}>
      <div>
        <dt>{t("portal.creditNote.issued")}</dt>
        <dd>{formatDay(d.effectiveAt ?? d.created, locale)}</dd>
      </div>
      <div>
        <dt>{t("portal.creditNote.forInvoice")}</dt>
        <dd>
          <Link href={`/invoices/${d.invoice.id}`}>{d.invoice.number ?? t("portal.invoices.noNumber")}</Link>
        </dd>
      </div>
      <div>
        <dt>{t("portal.creditNote.reason")}</dt>
        <dd>{creditNoteReasonText(t, d)}</dd>
      </div>
      {d.memo && (
        <div>
          <dt>{t("portal.creditNote.memo")}</dt>
          <dd>{d.memo}</dd>
        </div>
      )}
    </dl>
  );
}

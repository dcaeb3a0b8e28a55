import { pageId } from "@/lib/route-params";
import type { Metadata } from "next";
import Link from "@/components/ui/Link";
import { Badge, ButtonLink, Card, Table } from "@/components/ui";
import { AmountColumnHeads } from "@/components/portal/AmountColumnHeads";
import s from "@/components/portal/portal.module.css";
import { loadCustomerDocument } from "@/features/billing-display/customer-document-page";
import { formatDay, formatQuantity, formatUnitAmount } from "@/features/billing-display/format";
import { creditNoteStatusLabel } from "@/features/billing-display/labels";
import { creditNoteReasonText } from "@/features/credit-notes/credit-note-cause";
import { creditNoteTotalRows } from "@/features/credit-notes/credit-note-total-rows";
import { getCreditNoteDetail } from "@/features/credit-notes/get-credit-note-detail";
import { translate } from "@/lib/i18n";
import { getT } from "@/features/auth/request-locale";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "portal.creditNotes.title") };
}

export default async function CreditNotePage({ params }: { params: Promise<{ id: string }> }) {
  const id = pageId((await params).id);
  const { t, locale, d, money } = await loadCustomerDocument((customerIds, db) => getCreditNoteDetail(db, { customerIds, creditNoteId: id }));
  const number = d.number ?? d.id;
  return (
    <div className={s.page}>
      <p>
        <Link href="/credit-notes">← {t("portal.creditNote.back")}</Link>
      </p>
      <div className={s.head}>
        <div>
          <h1>{t("portal.creditNote.title", { number })}</h1>
          <Badge tone={d.status === "VOID" ? "neutral" : "info"}>{creditNoteStatusLabel(t, d.status)}</Badge>
        </div>
        <ButtonLink href={`/credit-notes/${d.id}/pdf`} download>
          {t("portal.creditNote.downloadPdf")}
        </ButtonLink>
      </div>
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
      <Table
        caption={t("portal.creditNote.linesCaption", { number })}
        stackLabels={[
          t("portal.invoice.col.description"),
          t("portal.invoice.col.quantity"),
          t("portal.invoice.col.unitPrice"),
          t("portal.invoice.col.discounts"),
          t("portal.invoice.col.tax"),
          t("portal.invoice.col.amount"),
        ]}
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
      <Card title={t("portal.creditNote.totals")}>
        <dl className={s.totals}>
          {creditNoteTotalRows(d, t, locale).map((r) => (
            <div key={r.key} style={{ display: "contents" }}>
              <dt className={r.strong ? s.strong : undefined}>{r.label}</dt>
              <dd className={r.strong ? s.strong : undefined}>{r.value}</dd>
            </div>
          ))}
        </dl>
      </Card>
    </div>
  );
}

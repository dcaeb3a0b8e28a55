import type { Metadata } from "next";
import Link from "@/components/ui/Link";
import { Badge, Card, EmptyState, Table } from "@/components/ui";
import s from "@/components/portal/portal.module.css";
import { forCustomerPage } from "@/features/billing-display/portal-access";
import { formatAmount, formatDay } from "@/features/billing-display/format";
import { creditNoteStatusLabel } from "@/features/billing-display/labels";
import { creditNoteReasonText } from "@/features/credit-notes/credit-note-cause";
import { listCreditNotes } from "@/features/credit-notes/list-credit-notes";
import { translate } from "@/lib/i18n";
import { getT } from "@/features/auth/request-locale";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "portal.creditNotes.title") };
}

export default async function CreditNotesPage({ searchParams }: { searchParams: Promise<{ cursor?: string }> }) {
  const { cursor } = await searchParams;
  const [{ t, locale }, page] = await Promise.all([
    getT(),
    forCustomerPage((customerIds, db) => listCreditNotes(db, { customerIds, cursor: typeof cursor === "string" ? cursor : null })),
  ]);
  return (
    <div className={s.page}>
      <h1>{t("portal.creditNotes.title")}</h1>
      {page.items.length === 0 ? (
        <Card>
          <EmptyState title={t("portal.creditNotes.emptyTitle")}>
            <p>{t("portal.creditNotes.emptyBody")}</p>
          </EmptyState>
        </Card>
      ) : (
        <Table
          caption={t("portal.creditNotes.caption")}
          stackLabels={[
            t("portal.creditNotes.col.number"),
            t("portal.creditNotes.col.date"),
            t("portal.creditNotes.col.invoice"),
            t("portal.creditNotes.col.reason"),
            t("portal.creditNotes.col.status"),
            t("portal.creditNotes.col.total"),
          ]}
        >
          <thead>
            <tr>
              <th scope="col">{t("portal.creditNotes.col.number")}</th>
              <th scope="col">{t("portal.creditNotes.col.date")}</th>
              <th scope="col">{t("portal.creditNotes.col.invoice")}</th>
              <th scope="col">{t("portal.creditNotes.col.reason")}</th>
              <th scope="col">{t("portal.creditNotes.col.status")}</th>
              <th scope="col" className={s.num}>
                {t("portal.creditNotes.col.total")}
              </th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((cn) => (
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
                  <Badge tone={cn.status === "VOID" ? "neutral" : "info"}>{creditNoteStatusLabel(t, cn.status)}</Badge>
                </td>
                <td className={s.num}>{formatAmount(cn.total, cn.currency, locale)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {(page.nextCursor || !page.isFirstPage) && (
        <nav className={s.pager} aria-label={t("portal.creditNotes.title")}>
          {!page.isFirstPage ? (
            <span className={s.actions}>
              <Link href="/credit-notes">{t("portal.invoices.first")}</Link>
              {page.prevCursor && (
                <Link href={`/credit-notes?cursor=${page.prevCursor}`} rel="prev">
                  {t("portal.creditNotes.prev")}
                </Link>
              )}
            </span>
          ) : (
            <span />
          )}
          {page.nextCursor && (
            <Link href={`/credit-notes?cursor=${page.nextCursor}`} rel="next">
              {t("portal.creditNotes.next")}
            </Link>
          )}
        </nav>
      )}
    </div>
  );
}

import { pageId } from "@/lib/route-params";
import type { Metadata } from "next";
import Link from "@/components/ui/Link";
import { Badge, ButtonLink, Card } from "@/components/ui";
import s from "@/components/portal/portal.module.css";
import { InvoiceLines } from "@/components/portal/invoice/InvoiceLines";
import { InvoicePayments } from "@/components/portal/invoice/InvoicePayments";
import { InvoiceCreditNotes } from "@/components/portal/invoice/InvoiceCreditNotes";
import { loadCustomerDocument } from "@/features/billing-display/customer-document-page";
import { explainDisplayLines } from "@/features/billing-display/explain-text";
import { invoiceStatusLabel } from "@/features/billing-display/labels";
import { getInvoiceDetail } from "@/features/invoices/get-invoice-detail";
import { invoiceTotalRows } from "@/features/invoices/invoice-total-rows";
import { invoiceFacts } from "@/features/invoices/invoice-facts";
import { translate } from "@/lib/i18n";
import { getT } from "@/features/auth/request-locale";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "portal.invoices.title") };
}

export default async function InvoicePage({ params }: { params: Promise<{ id: string }> }) {
  const id = pageId((await params).id);
  const { t, locale, d, money } = await loadCustomerDocument((customerIds, db) => getInvoiceDetail(db, { customerIds, invoiceId: id }));
  const number = d.number ?? t("portal.invoices.noNumber");
  const disputable = d.status === "OPEN" || d.status === "PAID" || d.status === "UNCOLLECTIBLE";
  return (
    <div className={s.page}>
      <p>
        <Link href="/invoices">← {t("portal.invoice.back")}</Link>
      </p>
      <div className={s.head}>
        <div>
          <h1>{t("portal.invoice.title", { number })}</h1>
          <p className={s.actions}>
            <Badge tone={d.overdue ? "danger" : d.status === "PAID" ? "success" : d.status === "OPEN" ? "warning" : "neutral"}>
              {invoiceStatusLabel(t, d.status)}
            </Badge>
            {d.overdue && <Badge tone="danger">{t("portal.status.overdue")}</Badge>}
            {d.openDisputes > 0 && <Badge tone="info">{t("portal.invoice.openDisputes", { count: d.openDisputes })}</Badge>}
          </p>
        </div>
        <div className={s.actions} role="group" aria-label={t("portal.invoice.actions")}>
          {d.payUrl && (
            <ButtonLink variant="primary" href={d.payUrl} aria-describedby="pay-hint">
              {t("portal.invoice.pay")}
            </ButtonLink>
          )}
          <ButtonLink href={`/invoices/${d.id}/pdf`} download>
            {t("portal.invoice.downloadPdf")}
          </ButtonLink>
          {disputable && <ButtonLink href={`/disputes/new?invoice=${encodeURIComponent(d.id)}`}>{t("portal.invoice.dispute")}</ButtonLink>}
        </div>
      </div>
      {d.payUrl && (
        <p id="pay-hint" className={s.muted}>
          {t("portal.invoice.payHint")}
        </p>
      )}
      <dl className={s.facts}>
        {invoiceFacts(d, t, locale).map((f) => (
          <div key={f.key} data-fact={f.key}>
            <dt>{f.label}</dt>
            <dd>{f.value}</dd>
          </div>
        ))}
        <div>
          <dt>{t("portal.invoice.billedTo")}</dt>
          <dd>{d.customer.name ?? d.customer.email}</dd>
        </div>
      </dl>

      <InvoiceLines
        d={d}
        t={t}
        locale={locale}
        money={money}
        number={number}
        disputable={disputable}
        explained={explainDisplayLines(d.lines, d.currency, locale)}
      />

      <Card title={t("portal.invoice.totals")}>
        <dl className={s.totals} data-testid="invoice-totals">
          {invoiceTotalRows(d, t, locale).map((r) => (
            <div key={r.key} style={{ display: "contents" }} data-total={r.key}>
              <dt className={r.strong ? s.strong : undefined}>{r.label}</dt>
              <dd className={r.strong ? s.strong : undefined}>{r.value}</dd>
            </div>
          ))}
        </dl>
      </Card>

      <InvoicePayments d={d} t={t} locale={locale} />
      <InvoiceCreditNotes d={d} t={t} locale={locale} money={money} />
    </div>
  );
}

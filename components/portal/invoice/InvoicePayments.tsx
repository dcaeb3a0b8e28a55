import { PaymentsTable } from "@/components/portal/PaymentsTable";
import type { InvoiceDetail } from "@/features/invoices/get-invoice-detail";
import { invoicePaymentRows } from "@/features/invoices/invoice-payment-rows";
import type { Locale, Translate } from "@/lib/i18n";
import s from "@/components/portal/portal.module.css";

/** The charges that paid the invoice, with refunds and a retry link for a failed one (the payments page's table). */
export function InvoicePayments({ d, t, locale }: { d: InvoiceDetail; t: Translate; locale: Locale }) {
  return (
    <section>
      <h2>{t("portal.invoice.payments")}</h2>
      {d.payments.length === 0 ? (
        <p className={s.muted}>{t("portal.invoice.noPayments")}</p>
      ) : (
        <PaymentsTable t={t} locale={locale} caption={t("portal.invoice.paymentsCaption")} rows={invoicePaymentRows(d)} />
      )}
    </section>
  );
}

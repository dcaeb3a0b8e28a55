import type { Metadata } from "next";
import { Alert, Button, ButtonLink } from "@/components/ui";
import { EmptyList, ListPager, cursorHrefs } from "@/components/portal/ListShell";
import { PaymentsTable } from "@/components/portal/PaymentsTable";
import s from "@/components/portal/portal.module.css";
import { managePaymentMethodsAction } from "@/features/payments/manage-payment-methods-action";
import { loadPaymentsPage, type PaymentsPageParams } from "@/features/payments/page-data";
import { translate } from "@/lib/i18n";
import { getT } from "@/features/auth/request-locale";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "portal.payments.title") };
}

export default async function PaymentsPage({ searchParams }: { searchParams: Promise<PaymentsPageParams> }) {
  const { t, locale, page, portalUnavailable } = await loadPaymentsPage(await searchParams);
  return (
    <div className={s.page}>
      <div className={s.head}>
        <h1>{t("portal.payments.title")}</h1>
        <div className={s.actions}>
          <form action={managePaymentMethodsAction}>
            <Button type="submit" variant="secondary" aria-describedby="manage-cards-hint">
              {t("portal.payments.manageCards")}
            </Button>
          </form>
          {page.items.length > 0 && (
            <ButtonLink href="/payments/csv" download>
              {t("portal.payments.exportCsv")}
            </ButtonLink>
          )}
        </div>
      </div>
      <p id="manage-cards-hint" className={s.muted}>
        {t("portal.payments.manageCardsHint")}
      </p>
      {portalUnavailable && <Alert tone="danger">{t("portal.payments.portalUnavailable")}</Alert>}
      {page.items.length === 0 ? (
        <EmptyList title={t("portal.payments.emptyTitle")} body={t("portal.payments.emptyBody")} />
      ) : (
        <PaymentsTable t={t} locale={locale} caption={t("portal.payments.caption")} rows={page.items} invoiceColumn />
      )}
      <ListPager
        label={t("portal.payments.title")}
        {...cursorHrefs("/payments", page)}
        firstLabel={t("portal.invoices.first")}
        prevLabel={t("portal.payments.prev")}
        nextLabel={t("portal.payments.next")}
        isFirstPage={page.isFirstPage}
      />
    </div>
  );
}

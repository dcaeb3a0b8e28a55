import type { Metadata } from "next";
import { ButtonLink } from "@/components/ui";
import { InvoiceFiltersForm, InvoicesTable, ReversedRangeAlert } from "@/components/portal/Invoices";
import { EmptyList, ListPager } from "@/components/portal/ListShell";
import s from "@/components/portal/portal.module.css";
import { loadInvoicesPage } from "@/features/invoices/page-data";
import { translate } from "@/lib/i18n";
import { getT } from "@/features/auth/request-locale";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "portal.invoices.title") };
}

type Params = Record<string, string | string[] | undefined>;

export default async function InvoicesPage({ searchParams }: { searchParams: Promise<Params> }) {
  const { t, locale, filters, page, filtered, reversed, csvHref, pager } = await loadInvoicesPage(await searchParams);
  return (
    <div className={s.page}>
      <div className={s.head}>
        <h1>{t("portal.invoices.title")}</h1>
        <ButtonLink href={csvHref} download>
          {t("portal.invoices.exportCsv")}
        </ButtonLink>
      </div>
      <InvoiceFiltersForm t={t} filters={filters} sort={page.sort} dir={page.dir} filtered={filtered} reversed={reversed} />
      {reversed && <ReversedRangeAlert t={t} locale={locale} from={filters.from!} to={filters.to!} />}
      {page.items.length === 0 ? (
        filtered ? (
          <EmptyList
            title={t("portal.invoices.emptyFilteredTitle")}
            body={t("portal.invoices.emptyFilteredBody")}
            action={<ButtonLink href="/invoices">{t("portal.invoices.reset")}</ButtonLink>}
          />
        ) : (
          <EmptyList title={t("portal.invoices.emptyTitle")} body={t("portal.invoices.emptyBody")} />
        )
      ) : (
        <InvoicesTable t={t} locale={locale} rows={page.items} />
      )}
      <ListPager
        label={t("portal.invoices.pagination")}
        {...pager}
        firstLabel={t("portal.invoices.first")}
        prevLabel={t("portal.invoices.prev")}
        nextLabel={t("portal.invoices.next")}
      />
    </div>
  );
}

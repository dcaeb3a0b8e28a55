import type { Metadata } from "next";
import { CreditNotesTable } from "@/components/portal/CreditNotes";
import { EmptyList, ListPager, cursorHrefs } from "@/components/portal/ListShell";
import s from "@/components/portal/portal.module.css";
import { loadCreditNotesPage } from "@/features/credit-notes/page-data";
import { translate } from "@/lib/i18n";
import { getT } from "@/features/auth/request-locale";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "portal.creditNotes.title") };
}

export default async function CreditNotesPage({ searchParams }: { searchParams: Promise<{ cursor?: string }> }) {
  const { t, locale, page } = await loadCreditNotesPage(await searchParams);
  return (
    <div className={s.page}>
      <h1>{t("portal.creditNotes.title")}</h1>
      {page.items.length === 0 ? (
        <EmptyList title={t("portal.creditNotes.emptyTitle")} body={t("portal.creditNotes.emptyBody")} />
      ) : (
        <CreditNotesTable t={t} locale={locale} rows={page.items} />
      )}
      <ListPager
        label={t("portal.creditNotes.title")}
        {...cursorHrefs("/credit-notes", page)}
        firstLabel={t("portal.invoices.first")}
        prevLabel={t("portal.creditNotes.prev")}
        nextLabel={t("portal.creditNotes.next")}
        isFirstPage={page.isFirstPage}
      />
    </div>
  );
}

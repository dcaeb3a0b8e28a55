import { pageId } from "@/lib/route-params";
import type { Metadata } from "next";
import Link from "@/components/ui/Link";
import { ButtonLink } from "@/components/ui";
import { CreditNoteFacts, CreditNoteLinesTable, CreditNoteStatusBadge } from "@/components/portal/CreditNotes";
import { DocumentTotals } from "@/components/portal/DocumentTotals";
import s from "@/components/portal/portal.module.css";
import { loadCustomerDocument } from "@/features/billing-display/customer-document-page";
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
  const { t, locale, d } = await loadCustomerDocument((customerIds, db) => getCreditNoteDetail(db, { customerIds, creditNoteId: id }));
  return (
    <div className={s.page}>
      <p>
        <Link href="/credit-notes">← {t("portal.creditNote.back")}</Link>
      </p>
      <div className={s.head}>
        <div>
          <h1>{t("portal.creditNote.title", { number: d.number ?? d.id })}</h1>
          <CreditNoteStatusBadge t={t} status={d.status} />
        </div>
        <ButtonLink href={`/credit-notes/${d.id}/pdf`} download>
          {t("portal.creditNote.downloadPdf")}
        </ButtonLink>
      </div>
      <CreditNoteFacts t={t} locale={locale} d={d} />
      <CreditNoteLinesTable t={t} locale={locale} d={d} />
      <DocumentTotals title={t("portal.creditNote.totals")} rows={creditNoteTotalRows(d, t, locale)} />
    </div>
  );
}

import type { Metadata } from "next";
import { NewCreditNoteView } from "@/components/corrections/NewCreditNoteView";
import { NewRefundView } from "@/components/corrections/NewRefundView";
import { getT } from "@/features/auth/request-locale";
import { loadNewCorrectionPage } from "@/features/corrections/reads/page-data";
import { rootCauses } from "@/features/disputes/reasons";
import { translate, type MessageKey } from "@/lib/i18n";
import { pageId } from "@/lib/route-params";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "desk.corrections.newTitle") };
}

type Search = Record<string, string | string[] | undefined>;

export default async function NewCorrectionPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Search> }) {
  const [{ id: rawId }, sp, { t, locale }] = await Promise.all([params, searchParams, getT()]);
  const page = await loadNewCorrectionPage(pageId(rawId), sp);
  const rootCauseOptions = rootCauses.filter((r) => r !== "NOT_AN_ERROR").map((r) => ({ value: r, label: t(`disputes.rootCause.${r}` as MessageKey) }));
  if (page.kind === "refund") return <NewRefundView t={t} locale={locale} page={page} rootCauseOptions={rootCauseOptions} />;
  return <NewCreditNoteView t={t} locale={locale} page={page} rootCauseOptions={rootCauseOptions} />;
}

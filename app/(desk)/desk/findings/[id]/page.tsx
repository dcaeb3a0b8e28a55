import type { Metadata } from "next";
import { FindingView } from "@/components/desk/findings/FindingView";
import { getT } from "@/features/auth/request-locale";
import { loadFindingPage } from "@/features/billing-audit/page-data";
import { translate } from "@/lib/i18n";
import { pageId } from "@/lib/route-params";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "audit.findings.title") };
}

export default async function FindingPage({ params }: { params: Promise<{ id: string }> }) {
  const id = pageId((await params).id);
  const { t, locale } = await getT();
  const data = await loadFindingPage(id);
  return <FindingView t={t} locale={locale} data={data} />;
}

import type { Metadata } from "next";
import { FindingsList } from "@/components/desk/findings/FindingsList";
import { getT } from "@/features/auth/request-locale";
import { loadFindingsPage } from "@/features/billing-audit/page-data";
import { translate } from "@/lib/i18n";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "audit.findings.title") };
}

export default async function FindingsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const [{ t, locale }, data] = await Promise.all([getT(), searchParams.then(loadFindingsPage)]);
  return <FindingsList t={t} locale={locale} data={data} />;
}

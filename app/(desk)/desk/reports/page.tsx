import type { Metadata } from "next";
import { ReportsView } from "@/components/desk/reports/ReportsView";
import { getT } from "@/features/auth/request-locale";
import { loadDisputeReport } from "@/features/disputes/page-data";
import { translate } from "@/lib/i18n";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "desk.reports.title") };
}

export default async function ReportsPage() {
  const [{ t, locale }, r] = await Promise.all([getT(), loadDisputeReport()]);
  return <ReportsView t={t} locale={locale} r={r} />;
}

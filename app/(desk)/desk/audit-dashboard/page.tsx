import type { Metadata } from "next";
import { AuditDashboardView } from "@/components/desk/audit/AuditDashboardView";
import { getT } from "@/features/auth/request-locale";
import { loadAuditDashboardPage } from "@/features/billing-audit/page-data";
import { translate } from "@/lib/i18n";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "audit.dashboard.title") };
}

export default async function AuditDashboardPage() {
  const { t, locale } = await getT();
  const d = await loadAuditDashboardPage();
  return <AuditDashboardView t={t} locale={locale} d={d} />;
}

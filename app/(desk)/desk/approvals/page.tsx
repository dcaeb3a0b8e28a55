import type { Metadata } from "next";
import { ApprovalsView } from "@/components/desk/approvals/ApprovalsView";
import { getT } from "@/features/auth/request-locale";
import { loadPendingApprovals } from "@/features/corrections/reads/page-data";
import { translate } from "@/lib/i18n";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "desk.corrections.approvalsTitle") };
}

export default async function ApprovalsPage() {
  const [{ t, locale }, data] = await Promise.all([getT(), loadPendingApprovals()]);
  return <ApprovalsView t={t} locale={locale} data={data} />;
}

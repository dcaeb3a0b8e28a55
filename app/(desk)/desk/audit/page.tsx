import type { Metadata } from "next";
import { AuditLogView } from "@/components/desk/audit/AuditLogView";
import { getT } from "@/features/auth/request-locale";
import { loadAuditLogPage } from "@/features/desk/page-data";
import { translate } from "@/lib/i18n";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "desk.audit.title") };
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const [{ t, locale }, log] = await Promise.all([getT(), searchParams.then(loadAuditLogPage)]);
  return <AuditLogView t={t} locale={locale} log={log} />;
}

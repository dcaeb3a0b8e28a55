import type { Metadata } from "next";
import { ReconciliationDesk } from "@/components/desk/sync/ReconciliationDesk";
import { getT } from "@/features/auth/request-locale";
import { loadReconciliationDesk } from "@/features/stripe-sync/desk/page-data";
import { translate } from "@/lib/i18n";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "desk.sync.reconTitle") };
}

export default async function ReconciliationPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const [{ t, locale }, data] = await Promise.all([getT(), loadReconciliationDesk(sp.run ?? null)]);
  return <ReconciliationDesk t={t} locale={locale} data={data} />;
}

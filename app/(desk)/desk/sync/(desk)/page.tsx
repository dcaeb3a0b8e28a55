import type { Metadata } from "next";
import { SyncDesk } from "@/components/desk/sync/SyncDesk";
import { getT } from "@/features/auth/request-locale";
import { loadSyncDesk } from "@/features/stripe-sync/desk/page-data";
import { translate } from "@/lib/i18n";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "desk.sync.title") };
}

export default async function SyncHealthPage() {
  const [{ t, locale }, desk] = await Promise.all([getT(), loadSyncDesk()]);
  return <SyncDesk t={t} locale={locale} desk={desk} />;
}

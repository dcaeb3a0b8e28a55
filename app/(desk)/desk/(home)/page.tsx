import type { Metadata } from "next";
import { DeskInbox } from "@/components/desk/DeskInbox";
import { getT } from "@/features/auth/request-locale";
import { loadDeskInbox } from "@/features/desk/page-data";
import { translate } from "@/lib/i18n";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "desk.title") };
}

export default async function DeskHomePage() {
  // Layouts and pages render in parallel: the loader checks access itself too.
  const [{ t, locale }, box] = await Promise.all([getT(), loadDeskInbox()]);
  return <DeskInbox t={t} locale={locale} box={box} />;
}

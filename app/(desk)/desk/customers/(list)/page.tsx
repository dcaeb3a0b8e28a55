import type { Metadata } from "next";
import { DirectoryView } from "@/components/desk/customers/DirectoryView";
import { getT } from "@/features/auth/request-locale";
import { loadDirectory } from "@/features/desk/page-data";
import { translate } from "@/lib/i18n";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "desk.directory.title") };
}

export default async function DirectoryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const q = typeof sp.q === "string" ? sp.q : "";
  const [{ t, locale }, r] = await Promise.all([getT(), loadDirectory({ q })]);
  return <DirectoryView t={t} locale={locale} r={r} />;
}

import type { Metadata } from "next";
import { TariffsView } from "@/components/desk/customers/TariffsView";
import { getT } from "@/features/auth/request-locale";
import { loadTariffsPage } from "@/features/billing-audit/page-data";
import { translate } from "@/lib/i18n";
import { pageId } from "@/lib/route-params";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "audit.tariffs.title") };
}

export default async function TariffsPage({ params }: { params: Promise<{ id: string }> }) {
  const id = pageId((await params).id);
  const { t, locale } = await getT();
  const data = await loadTariffsPage(id);
  return <TariffsView t={t} locale={locale} data={data} />;
}

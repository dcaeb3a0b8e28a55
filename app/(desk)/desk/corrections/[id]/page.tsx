import type { Metadata } from "next";
import { CorrectionView } from "@/components/corrections/CorrectionView";
import { getT } from "@/features/auth/request-locale";
import { loadCorrection } from "@/features/corrections/reads/page-data";
import { translate } from "@/lib/i18n";
import { pageId } from "@/lib/route-params";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "desk.corrections.title") };
}

export default async function CorrectionPage({ params }: { params: Promise<{ id: string }> }) {
  const id = pageId((await params).id);
  const [{ t, locale }, { correction }] = await Promise.all([getT(), loadCorrection(id)]);
  return <CorrectionView t={t} locale={locale} correction={correction} />;
}

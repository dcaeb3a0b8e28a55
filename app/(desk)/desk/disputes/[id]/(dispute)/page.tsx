import type { Metadata } from "next";
import { DeskDisputeView } from "@/components/desk/disputes/DeskDisputeView";
import { getT } from "@/features/auth/request-locale";
import { loadDisputeCorrections } from "@/features/corrections/reads/page-data";
import { loadDeskDispute } from "@/features/disputes/page-data";
import { translate } from "@/lib/i18n";
import { pageId } from "@/lib/route-params";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "desk.queue.title") };
}

export default async function DeskDisputePage({ params }: { params: Promise<{ id: string }> }) {
  const id = pageId((await params).id);
  const [{ t, locale }, loaded, corrections] = await Promise.all([getT(), loadDeskDispute(id), loadDisputeCorrections(id)]);
  return <DeskDisputeView t={t} locale={locale} {...loaded} corrections={corrections} />;
}

import type { Metadata } from "next";
import { DisputeQueue } from "@/components/desk/disputes/DisputeQueue";
import { getT } from "@/features/auth/request-locale";
import { loadDisputeQueuePage } from "@/features/disputes/page-data";
import { translate } from "@/lib/i18n";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "desk.queue.title") };
}

export default async function QueuePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const [{ t, locale }, q] = await Promise.all([getT(), searchParams.then(loadDisputeQueuePage)]);
  return <DisputeQueue t={t} locale={locale} q={q} />;
}

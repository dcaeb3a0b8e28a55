import type { Metadata } from "next";
import { DeskInvoiceView } from "@/components/desk/invoices/DeskInvoiceView";
import { getT } from "@/features/auth/request-locale";
import { loadDeskInvoice } from "@/features/desk/page-data";
import { translate } from "@/lib/i18n";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "desk.directory.invoice") };
}

export default async function DeskInvoicePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [{ t, locale }, invoice] = await Promise.all([getT(), loadDeskInvoice(id)]);
  return <DeskInvoiceView t={t} locale={locale} invoice={invoice} />;
}

import type { Metadata } from "next";
import { StaffCustomerView } from "@/components/desk/customers/StaffCustomerView";
import { getT } from "@/features/auth/request-locale";
import { loadStaffCustomer } from "@/features/disputes/page-data";
import { translate } from "@/lib/i18n";
import { pageId } from "@/lib/route-params";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getT();
  return { title: translate(locale, "desk.dispute.customer") };
}

export default async function StaffCustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const id = pageId((await params).id);
  const [{ t, locale }, customer] = await Promise.all([getT(), loadStaffCustomer(id)]);
  return <StaffCustomerView t={t} locale={locale} customer={customer} />;
}

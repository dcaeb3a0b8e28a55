import { forCustomerFile } from "@/features/billing-display/portal-access";
import { exportPaymentsCsv } from "@/features/payments/export-payments-csv";
import { getLocale } from "@/features/auth/request-locale";

export async function GET() {
  const locale = await getLocale();
  return forCustomerFile(async (customerIds, db) => ({
    body: await exportPaymentsCsv(db, { customerIds, locale }),
    type: "text/csv; charset=utf-8",
    fileName: "payments.csv",
  }));
}

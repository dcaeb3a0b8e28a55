import type { ReactNode } from "react";
import { assertOwnDocument } from "@/features/billing-display/assert-own-document";
import { forCustomerPage } from "@/features/billing-display/portal-access";

// Checked here, before this segment's loading boundary starts streaming: another customer's
// (or a made-up) id is answered with an HTTP 404, not a 200 that shows "not found".
export default async function Layout({ params, children }: { params: Promise<{ id: string }>; children: ReactNode }) {
  const { id } = await params;
  await forCustomerPage((customerIds) => assertOwnDocument({ kind: "dispute", id, customerIds }));
  return children;
}

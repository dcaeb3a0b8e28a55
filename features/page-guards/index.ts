import "server-only";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { assertStaff } from "@/features/auth/actor";
import { getSessionUser } from "@/features/auth/get-session-user";
import { guardPage, requireCustomer } from "@/features/auth/require-user";
import type { StaffRole } from "@/features/auth/roles";
import { getDb } from "@/lib/db";
import { isWellFormedId } from "@/lib/input";

/*
 * The 404s of pages that stream. A page under a loading.tsx streams its loading state first,
 * with status 200; a notFound() thrown by the page after that can only show the not-found
 * screen, no longer change the status. So the segment's layout (outside that Suspense boundary)
 * asks these cheap questions first: is the record there and this user's to see, is the role
 * enough. The page still loads (and checks) the full record itself.
 */

/** A portal record of the signed-in customer (by its Stripe customers); anything else is a 404. */
export async function guardCustomerRecord(kind: "invoice" | "creditNote" | "dispute", id: string): Promise<void> {
  const { customerIds } = await guardPage(requireCustomer);
  if (!isWellFormedId(id)) notFound();
  const db = await getDb();
  const select = { id: true } as const;
  const found =
    kind === "invoice"
      ? await db.invoice.findFirst({ where: { id, customerId: { in: customerIds } }, select })
      : kind === "creditNote"
        ? await db.creditNote.findFirst({ where: { id, customerId: { in: customerIds } }, select })
        : // a dispute of a customer this user is linked to now (a link Stripe's data no longer backs does not count)
          await db.dispute.findFirst({ where: { id, customerId: { in: customerIds } }, select });
  if (!found) notFound();
}

/** An invoice the customer may open a dispute on (the question getDisputeDraft asks), when one is named. */
export async function guardDisputableInvoice(invoiceId: string | null): Promise<void> {
  const { customerIds } = await guardPage(requireCustomer);
  if (invoiceId === null) return;
  if (!isWellFormedId(invoiceId)) notFound();
  const db = await getDb();
  const found = await db.invoice.findFirst({ where: { id: invoiceId, customerId: { in: customerIds } }, select: { id: true } });
  if (!found) notFound();
}

/** A desk page for `minRole` and up: anyone below gets the same 404 as a page that does not exist. */
export async function guardStaffPage(minRole: StaffRole): Promise<void> {
  await guardPage(async () => assertStaff(await getSessionUser(), minRole));
}

/** A desk record by id; staff see every customer's. */
export async function guardDeskRecord(kind: "dispute" | "correction" | "customer" | "finding" | "invoice", id: string): Promise<void> {
  await guardStaffPage("AGENT");
  if (!isWellFormedId(id)) notFound();
  const db = await getDb();
  const where = { id };
  const select = { id: true } as const;
  const found =
    kind === "dispute"
      ? await db.dispute.findUnique({ where, select })
      : kind === "correction"
        ? await db.correction.findUnique({ where, select })
        : kind === "customer"
          ? await db.customer.findUnique({ where, select })
          : kind === "finding"
            ? await db.finding.findUnique({ where, select })
            : await db.invoice.findUnique({ where, select });
  if (!found) notFound();
}

/**
 * The query string of the page being rendered, for a layout (layouts get no searchParams). The
 * proxy passes the requested path and query on as `x-settle-path`. Only for a first load's
 * status: on a client-side navigation within the segment the layout is not rendered again, and
 * the page's own check answers.
 */
export async function requestSearchParams(): Promise<URLSearchParams> {
  const path = (await headers()).get("x-settle-path") ?? "";
  const q = path.indexOf("?");
  return new URLSearchParams(q === -1 ? "" : path.slice(q + 1));
}

/**
 * The new-correction page of a dispute: a refund form (`kind=refund`) or the split of a
 * recalculation of this dispute (`recalculation=<id>`); anything else names no page.
 */
export async function guardNewCorrection(disputeId: string): Promise<void> {
  await guardDeskRecord("dispute", disputeId);
  const sp = await requestSearchParams();
  const recalculationId = sp.get("recalculation");
  if (!recalculationId) {
    if (sp.get("kind") !== "refund") notFound();
    return;
  }
  if (!isWellFormedId(recalculationId)) notFound();
  const db = await getDb();
  const found = await db.recalculation.findFirst({ where: { id: recalculationId, disputeId }, select: { id: true } });
  if (!found) notFound();
}

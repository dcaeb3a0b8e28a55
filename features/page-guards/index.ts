import "server-only";
import { headers } from "next/headers";
import { assertCustomer, assertStaff, customerIdsOf } from "@/features/auth/actor";
import { getSessionUser, type SessionUser } from "@/features/auth/get-session-user";
import { loadPage } from "@/features/auth/load-page";
import { guardPage } from "@/features/auth/require-user";
import type { StaffRole } from "@/features/auth/roles";
import type { Db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { isWellFormedId } from "@/lib/input";

/*
 * The 404s of pages that stream. A page under a loading.tsx streams its loading state first,
 * with status 200; a notFound() thrown by the page after that can only show the not-found
 * screen, no longer change the status. So the segment's layout (outside that Suspense boundary)
 * asks these cheap questions first: is the record there and this user's to see, is the role
 * enough. The page still loads (and checks) the full record itself. The questions take the
 * database (`customerRecordExists(db, …)`, `deskRecordExists(db, …)`); the guards get it, with
 * the session, from loadPage, the pages' edge.
 */

export type CustomerRecordKind = "invoice" | "creditNote" | "dispute";
export type CustomerRecordOptions = { kind: CustomerRecordKind; id: string; customerIds: string[] };

/** Whether a portal record with this id belongs to one of these Stripe customers. */
export async function customerRecordExists(db: Db, { kind, id, customerIds }: CustomerRecordOptions): Promise<boolean> {
  if (!isWellFormedId(id)) return false;
  const select = { id: true } as const;
  const found =
    kind === "invoice"
      ? await db.invoice.findFirst({ where: { id, customerId: { in: customerIds } }, select })
      : kind === "creditNote"
        ? await db.creditNote.findFirst({ where: { id, customerId: { in: customerIds } }, select })
        : // a dispute of a customer this user is linked to now (a link Stripe's data no longer backs does not count)
          await db.dispute.findFirst({ where: { id, customerId: { in: customerIds } }, select });
  return found !== null;
}

export type DeskRecordKind = "dispute" | "correction" | "customer" | "finding" | "invoice";
export type DeskRecordOptions = { kind: DeskRecordKind; id: string };

/** Whether a desk record with this id exists (staff see every customer's). */
export async function deskRecordExists(db: Db, { kind, id }: DeskRecordOptions): Promise<boolean> {
  if (!isWellFormedId(id)) return false;
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
  return found !== null;
}

/** The Stripe customers of the session's customer user (read with the session; looked up for users built elsewhere). */
async function sessionCustomerIds(db: Db, actor: SessionUser | null): Promise<string[]> {
  const user = assertCustomer(actor);
  return user.customerIds ?? customerIdsOf(db, user.id);
}

/** A portal record of the signed-in customer (by its Stripe customers); anything else is a 404. */
export async function guardCustomerRecord(kind: CustomerRecordKind, id: string): Promise<void> {
  await loadPage(async (db, actor) => {
    const customerIds = await sessionCustomerIds(db, actor);
    if (!(await customerRecordExists(db, { kind, id, customerIds }))) throw new NotFoundError();
  });
}

/** An invoice the customer may open a dispute on (the question getDisputeDraft asks), when one is named. */
export async function guardDisputableInvoice(invoiceId: string | null): Promise<void> {
  await loadPage(async (db, actor) => {
    const customerIds = await sessionCustomerIds(db, actor);
    if (invoiceId === null) return;
    if (!(await customerRecordExists(db, { kind: "invoice", id: invoiceId, customerIds }))) throw new NotFoundError();
  });
}

/** A desk page for `minRole` and up: anyone below gets the same 404 as a page that does not exist. */
export async function guardStaffPage(minRole: StaffRole): Promise<void> {
  await guardPage(async () => assertStaff(await getSessionUser(), minRole));
}

/** A desk record by id; staff see every customer's. */
export async function guardDeskRecord(kind: DeskRecordKind, id: string): Promise<void> {
  await loadPage(async (db, actor) => {
    assertStaff(actor, "AGENT");
    if (!(await deskRecordExists(db, { kind, id }))) throw new NotFoundError();
  });
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
  const sp = await requestSearchParams();
  await loadPage(async (db, actor) => {
    assertStaff(actor, "AGENT");
    if (!(await deskRecordExists(db, { kind: "dispute", id: disputeId }))) throw new NotFoundError();
    const recalculationId = sp.get("recalculation");
    if (!recalculationId) {
      if (sp.get("kind") !== "refund") throw new NotFoundError();
      return;
    }
    if (!isWellFormedId(recalculationId)) throw new NotFoundError();
    const found = await db.recalculation.findFirst({ where: { id: recalculationId, disputeId }, select: { id: true } });
    if (!found) throw new NotFoundError();
  });
}

// Bad input reaches each use case the way a crafted request would: NUL and other control
// characters in ids and text, impossible dates, years outside Postgres's range, tampered
// cursors. Each must either be ignored (lenient list filters) or fail as an expected error
// (a field error or a 404), never as an unexpected one; and nothing may be written.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb, type Db } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { listAuditEntries } from "@/features/desk/list-audit-entries";
import { changeFindingStatus } from "@/features/billing-audit/change-finding-status";
import { createTariff } from "@/features/billing-audit/create-tariff";
import { listFindings } from "@/features/billing-audit/list-findings";
import { openDisputeFromFinding } from "@/features/billing-audit/open-dispute-from-finding";
import { retireTariff } from "@/features/billing-audit/retire-tariff";
import { encodeTimeCursor } from "@/features/billing-display/time-cursor";
import { createCorrection } from "@/features/corrections/compose/create-correction";
import { getCorrectionDetail } from "@/features/corrections/reads/get-correction-detail";
import { getCorrectionDraft } from "@/features/corrections/compose/get-correction-draft";
import { getRefundDraft } from "@/features/corrections/preview/get-refund-draft";
import { getFinding } from "@/features/billing-audit/get-finding";
import { listCustomerTariffs } from "@/features/billing-audit/list-customer-tariffs";
import { getStaffCustomerView } from "@/features/disputes/get-staff-customer-view";
import { getCreditNoteDetail } from "@/features/credit-notes/get-credit-note-detail";
import { listCreditNotes } from "@/features/credit-notes/list-credit-notes";
import { assignDispute } from "@/features/disputes/assign-dispute";
import { createCannedReply } from "@/features/disputes/canned-replies";
import { changeDisputeStatus } from "@/features/disputes/change-dispute-status";
import { getAttachmentForDownload } from "@/features/disputes/get-attachment";
import { getCustomerDispute } from "@/features/disputes/get-customer-dispute";
import { getDeskDispute } from "@/features/disputes/get-desk-dispute";
import { getDisputeDraft } from "@/features/disputes/get-dispute-draft";
import { listDisputeQueue } from "@/features/disputes/list-dispute-queue";
import { openDispute } from "@/features/disputes/open-dispute";
import { postStaffMessage } from "@/features/disputes/post-staff-message";
import { replyToDispute } from "@/features/disputes/reply-to-dispute";
import { resolveDispute } from "@/features/disputes/resolve-dispute";
import { createCustomerWithInvoice, createUser } from "@/features/disputes/testing/fixtures";
import { exportInvoicesCsv } from "@/features/invoices/export-invoices-csv";
import { getInvoiceDetail } from "@/features/invoices/get-invoice-detail";
import { encodeCursor } from "@/features/invoices/invoice-cursor";
import { parseInvoiceFilters } from "@/features/invoices/invoice-filters";
import { listInvoices } from "@/features/invoices/list-invoices";
import { listPayments } from "@/features/payments/list-payments";

process.env.ATTACHMENTS_DIR = mkdtempSync(path.join(tmpdir(), "settle-bad-"));

const NUL = "\u0000";
const TABLES = ["dispute", "disputeMessage", "attachment", "auditEntry", "setting", "cannedReply", "tariff", "correction", "outboxEmail"] as const;
const year0 = new Date("0000-01-01T00:00:00.000Z");
const b64 = (s: string) => Buffer.from(s).toString("base64url");

let db: Db;
let fx: Awaited<ReturnType<typeof createCustomerWithInvoice>>;
let agent: Awaited<ReturnType<typeof createUser>>;
let lead: Awaited<ReturnType<typeof createUser>>;
let disputeId: string;

beforeAll(async () => {
  db = await getDb();
  fx = await createCustomerWithInvoice(db);
  agent = await createUser(db, "AGENT");
  lead = await createUser(db, "LEAD");
  ({ id: disputeId } = await openDispute(db, {
    actor: fx.user,
    input: {
      invoiceId: fx.invoice.id,
      reason: "WRONG_QUANTITY",
      description: "Charged 12 seats, we have 10.",
      lines: [{ lineId: fx.lineIds[0], expectedQuantity: "10" }],
    },
  }));
});
afterAll(async () => {
  await closeDb();
});

async function counts() {
  const out: Record<string, number> = {};
  for (const t of TABLES) out[t] = await (db[t] as unknown as { count: () => Promise<number> }).count();
  return out;
}

type Case = [name: string, call: () => Promise<unknown>];

const customerIds = () => [fx.customer.id];
const filters = (q: Record<string, string>) => parseInvoiceFilters(q);

const cases = (): Case[] => [
  // Lists: a filter or cursor that cannot be right is dropped (the page still works).
  ...["2026-02-30", "0000-01-01", "9999-12-31", NUL].flatMap((d): Case[] => [
    [`invoices from=${JSON.stringify(d)}`, () => listInvoices(db, { customerIds: customerIds(), filters: filters({ from: d }) })],
    [`invoices to=${JSON.stringify(d)}`, () => listInvoices(db, { customerIds: customerIds(), filters: filters({ to: d }) })],
    [`invoices csv from/to=${JSON.stringify(d)}`, () => exportInvoicesCsv(db, { customerIds: customerIds(), filters: filters({ from: d, to: d }) })],
  ]),
  ["invoices q=NUL", () => listInvoices(db, { customerIds: customerIds(), filters: filters({ q: NUL }) })],
  ["invoices csv q=NUL", () => exportInvoicesCsv(db, { customerIds: customerIds(), filters: filters({ q: `a${NUL}` }) })],
  [
    "invoices cursor year 0000",
    () =>
      listInvoices(db, {
        customerIds: customerIds(),
        filters: filters({ cursor: encodeCursor({ sort: "created", dir: "desc", value: year0.toISOString(), id: "x" }) }),
      }),
  ],
  [
    "invoices cursor id NUL",
    () =>
      listInvoices(db, {
        customerIds: customerIds(),
        filters: filters({ cursor: encodeCursor({ sort: "created", dir: "desc", value: new Date().toISOString(), id: NUL }) }),
      }),
  ],
  ["credit notes cursor year 0000", () => listCreditNotes(db, { customerIds: customerIds(), cursor: encodeTimeCursor({ at: year0, id: "x" }) })],
  ["payments cursor id NUL", () => listPayments(db, { customerIds: customerIds(), cursor: encodeTimeCursor({ at: new Date(), id: NUL }) })],
  ["queue cursor year 0000", () => listDisputeQueue(db, { actor: agent, cursor: b64(JSON.stringify({ v: year0.toISOString(), i: "d_x" })) })],
  ["queue cursor id NUL", () => listDisputeQueue(db, { actor: agent, cursor: b64(JSON.stringify({ v: "2026-01-01T00:00:00.000Z", i: `a${NUL}` })) })],
  ["queue assignee NUL", () => listDisputeQueue(db, { actor: agent, filters: { assignee: NUL } })],
  ["audit log from year 0000", () => listAuditEntries(db, { actor: lead, filters: { from: "0000-01-01" } })],
  ["audit log entityId NUL", () => listAuditEntries(db, { actor: lead, filters: { entityId: NUL } })],
  ["findings cursor NUL", () => listFindings(db, { actor: agent, filters: { cursor: NUL } })],
  ["audit log cursor beyond bigint", () => listAuditEntries(db, { actor: lead, cursor: b64(JSON.stringify({ i: "99999999999999999999" })) })],
  ["audit log cursor NUL", () => listAuditEntries(db, { actor: lead, cursor: b64(JSON.stringify({ i: `1${NUL}` })) })],
  ["findings cursor id NUL", () => listFindings(db, { actor: agent, filters: { cursor: b64(JSON.stringify({ i: `f${NUL}` })) } })],
  // Reads by id: a malformed id is a 404.
  ["invoice NUL", () => getInvoiceDetail(db, { customerIds: customerIds(), invoiceId: NUL })],
  ["credit note NUL", () => getCreditNoteDetail(db, { customerIds: customerIds(), creditNoteId: NUL })],
  ["attachment NUL (customer)", () => getAttachmentForDownload(db, { actor: fx.user, attachmentId: NUL })],
  ["attachment NUL (staff)", () => getAttachmentForDownload(db, { actor: agent, attachmentId: `a${NUL}b` })],
  ["dispute draft invoice NUL", () => getDisputeDraft(db, { actor: fx.user, invoiceId: NUL, lineIds: [NUL] })],
  ["customer dispute NUL", () => getCustomerDispute(db, { actor: fx.user, disputeId: NUL })],
  ["desk dispute NUL", () => getDeskDispute(db, { actor: agent, disputeId: NUL })],
  ["desk customer NUL", () => getStaffCustomerView(db, { actor: agent, customerId: NUL })],
  ["desk customer tariffs NUL", () => listCustomerTariffs(db, { actor: lead, customerId: NUL })],
  ["desk finding NUL", () => getFinding(db, { actor: agent, findingId: NUL })],
  ["desk correction NUL", () => getCorrectionDetail(db, { actor: agent, correctionId: NUL })],
  ["correction draft, recalculation NUL", () => getCorrectionDraft(db, { actor: agent, recalculationId: NUL })],
  ["refund draft, dispute NUL", () => getRefundDraft(db, { actor: agent, disputeId: NUL })],
  ["refund draft, charge and amount NUL", () => getRefundDraft(db, { actor: agent, disputeId, chargeStripeId: `ch_${NUL}`, amount: NUL })],
  // Writes: a field error, before anything is stored.
  [
    "open dispute, NUL in description",
    () => openDispute(db, { actor: fx.user, input: { invoiceId: fx.invoice.id, reason: "OTHER", description: `Charged twice${NUL} this month`, lines: [] } }),
  ],
  [
    "open dispute, NUL invoice id",
    () => openDispute(db, { actor: fx.user, input: { invoiceId: NUL, reason: "OTHER", description: "Charged twice this month", lines: [] } }),
  ],
  [
    "open dispute, NUL line id and quantity",
    () =>
      openDispute(db, {
        actor: fx.user,
        input: { invoiceId: fx.invoice.id, reason: "OTHER", description: "Charged twice this month", lines: [{ lineId: NUL, expectedQuantity: `1${NUL}` }] },
      }),
  ],
  ["reply, NUL in body", () => replyToDispute(db, { actor: fx.user, input: { disputeId, body: `Any news?${NUL}` } })],
  ["reply, NUL dispute id", () => replyToDispute(db, { actor: fx.user, input: { disputeId: NUL, body: "Any news?" } })],
  ["staff message, control character in body", () => postStaffMessage(db, { actor: agent, input: { disputeId, body: `Checking\u0007`, internal: true } })],
  ["status change, NUL reason", () => changeDisputeStatus(db, { actor: agent, input: { disputeId, status: "IN_REVIEW", reason: NUL } })],
  ["assign, NUL assignee", () => assignDispute(db, { actor: lead, input: { disputeId, assigneeId: NUL } })],
  ["resolve, NUL note", () => resolveDispute(db, { actor: agent, input: { disputeId, outcome: "REJECTED", rootCause: "HUMAN_ERROR", note: `No${NUL}` } })],
  [
    "resolve, NUL credit note id",
    () => resolveDispute(db, { actor: agent, input: { disputeId, outcome: "RESOLVED", rootCause: "HUMAN_ERROR", note: "Done", creditNoteId: NUL } }),
  ],
  ["canned reply, NUL body", () => createCannedReply(db, { actor: lead, input: { reason: "OTHER", locale: "en", title: "Hi", body: `Hello${NUL}` } })],
  [
    "tariff, year 0000 and NUL reason",
    () => createTariff(db, { actor: lead, input: { customerId: fx.customer.id, priceId: "price_x", validFrom: "0000-01-01", reason: `Contract${NUL}` } }),
  ],
  [
    "tariff, NUL price id",
    () => createTariff(db, { actor: lead, input: { customerId: fx.customer.id, priceId: NUL, validFrom: "2026-01-01", reason: "Contract" } }),
  ],
  ["retire tariff, NUL id", () => retireTariff(db, { actor: lead, tariffId: NUL, reason: "Wrong" })],
  ["finding status, NUL id", () => changeFindingStatus(db, { actor: agent, input: { findingId: NUL, status: "DISMISSED", reason: "Not a bug" } })],
  ["finding status, NUL reason", () => changeFindingStatus(db, { actor: agent, input: { findingId: "f_x", status: "DISMISSED", reason: `Not a bug${NUL}` } })],
  ["dispute from finding, NUL id", () => openDisputeFromFinding(db, { actor: agent, findingId: NUL })],
  [
    "correction, NUL memo",
    () =>
      createCorrection(db, {
        actor: agent,
        input: { kind: "refund", disputeId, chargeStripeId: "ch_x", amount: "1.00", memo: `x${NUL}`, rootCause: "HUMAN_ERROR" },
      }),
  ],
  [
    "correction, NUL recalculation id",
    () => createCorrection(db, { actor: agent, input: { kind: "credit_note", recalculationId: NUL, rootCause: "HUMAN_ERROR" } }),
  ],
];

describe("bad input: an expected error or ignored, never unexpected, nothing written", () => {
  it("for every use case that takes ids, dates, cursors or text", async () => {
    const before = await counts();
    const unexpected: string[] = [];
    for (const [name, call] of cases()) {
      const outcome = await call().then(
        () => null,
        (err: unknown) => err,
      );
      if (outcome !== null && !isAppError(outcome))
        unexpected.push(`${name}: ${outcome instanceof Error ? outcome.message.split("\n").slice(-1)[0] : String(outcome)}`);
    }
    expect(unexpected).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it("text with control characters is a field error in plain words, not a generic failure", async () => {
    const err = await openDispute(db, {
      actor: fx.user,
      input: { invoiceId: fx.invoice.id, reason: "OTHER", description: `Charged twice${NUL} this month`, lines: [] },
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ fields: { description: "disputes.err.controlChars" } });
    const reply = await replyToDispute(db, { actor: fx.user, input: { disputeId, body: `Any news?${NUL}` } }).catch((e: unknown) => e);
    expect(reply).toMatchObject({ fields: { body: "disputes.err.controlChars" } });
  });

  it("a malformed id is the same 404 as an unknown one", async () => {
    for (const call of [
      () => getInvoiceDetail(db, { customerIds: customerIds(), invoiceId: NUL }),
      () => getAttachmentForDownload(db, { actor: fx.user, attachmentId: NUL }),
      () => getDisputeDraft(db, { actor: fx.user, invoiceId: NUL, lineIds: [] }),
    ]) {
      await expect(call()).rejects.toMatchObject({ status: 404 });
    }
  });

  it("dropped list filters leave the list as if they were not given", async () => {
    const all = await listInvoices(db, { customerIds: customerIds(), filters: filters({}) });
    expect(all.items.map((i) => i.id)).toEqual([fx.invoice.id]);
    for (const q of [{ from: "2026-02-30" }, { to: "9999-12-31" }, { from: "0000-01-01" }, { q: NUL }] as Record<string, string>[]) {
      expect(filters(q), JSON.stringify(q)).toEqual({});
      expect((await listInvoices(db, { customerIds: customerIds(), filters: filters(q) })).items.map((i) => i.id)).toEqual([fx.invoice.id]);
    }
    expect(filters({ from: "2026-02-28", to: "2999-12-31" })).toEqual({ from: "2026-02-28", to: "2999-12-31" });
  });
});

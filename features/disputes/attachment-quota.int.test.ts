import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { getDb, closeDb, type Db } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { openDispute } from "./open-dispute";
import { postStaffMessage } from "./post-staff-message";
import { replyToDispute } from "./reply-to-dispute";
import { createCustomerWithInvoice, createUser } from "./testing/fixtures";

// A 1 MB quota per customer for this file (env() is read once per test file).
process.env.ATTACHMENT_QUOTA_MB = "1";
const dir = mkdtempSync(path.join(tmpdir(), "settle-quota-"));
process.env.ATTACHMENTS_DIR = dir;

let db: Db;
beforeAll(async () => {
  db = await getDb();
});
afterAll(async () => {
  await closeDb();
});

/** A PDF (by its magic bytes) of about `kb` kilobytes. */
const pdfOf = (kb: number) => {
  const data = new Uint8Array(kb * 1024).fill(0x20);
  data.set(new TextEncoder().encode("%PDF-1.4\n"));
  return { name: "statement.pdf", data };
};

const claim = (invoiceId: string, lineId: string) => ({
  invoiceId,
  reason: "WRONG_QUANTITY",
  description: "Charged 12 seats, we have 10.",
  lines: [{ lineId, expectedQuantity: "10" }],
});

describe("per-customer attachment quota", () => {
  it("refuses the upload that would pass the quota with a plain field error, and writes nothing", async () => {
    const { user, invoice, lineIds } = await createCustomerWithInvoice(db);
    const d = await openDispute(db, { actor: user, input: claim(invoice.id, lineIds[0]), files: [pdfOf(600)] });
    const filesBefore = readdirSync(dir).length;
    const messagesBefore = await db.disputeMessage.count({ where: { disputeId: d.id } });

    const err = await replyToDispute(db, { actor: user, input: { disputeId: d.id, body: "Here is the second statement." }, files: [pdfOf(500)] }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.fields.files).toBe("disputes.err.storageQuota");
    expect(await db.disputeMessage.count({ where: { disputeId: d.id } })).toBe(messagesBefore);
    expect(readdirSync(dir)).toHaveLength(filesBefore);

    // Within what is left, and without files, replies still go through.
    await replyToDispute(db, { actor: user, input: { disputeId: d.id, body: "A smaller copy." }, files: [pdfOf(300)] });
    await replyToDispute(db, { actor: user, input: { disputeId: d.id, body: "No file this time." } });
    // A new dispute of the same customer counts against the same quota.
    const again = await openDispute(db, { actor: user, input: claim(invoice.id, lineIds[1]), files: [pdfOf(200)] }).catch((e) => e);
    expect(again.fields?.files).toBe("disputes.err.storageQuota");
  });

  it("counts each customer separately, and never staff uploads", async () => {
    const a = await createCustomerWithInvoice(db);
    const b = await createCustomerWithInvoice(db);
    const agent = await createUser(db, "AGENT");
    const da = await openDispute(db, { actor: a.user, input: claim(a.invoice.id, a.lineIds[0]), files: [pdfOf(900)] });
    await postStaffMessage(db, { actor: agent, input: { disputeId: da.id, body: "Our copy of the contract.", internal: false }, files: [pdfOf(900)] });
    await openDispute(db, { actor: b.user, input: claim(b.invoice.id, b.lineIds[0]), files: [pdfOf(900)] });
    const used = await db.attachment.aggregate({ where: { disputeId: da.id }, _sum: { sizeBytes: true } });
    expect(used._sum.sizeBytes).toBe(1800 * 1024);
  });

  it("two uploads at once cannot both squeeze under the limit", async () => {
    const { user, invoice, lineIds } = await createCustomerWithInvoice(db);
    const d = await openDispute(db, { actor: user, input: claim(invoice.id, lineIds[0]) });
    const results = await Promise.allSettled(
      [0, 1, 2].map((i) => replyToDispute(db, { actor: user, input: { disputeId: d.id, body: `Copy ${i}` }, files: [pdfOf(400)] })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    const sum = await db.attachment.aggregate({ where: { disputeId: d.id }, _sum: { sizeBytes: true } });
    expect(sum._sum.sizeBytes).toBe(800 * 1024);
  });
});

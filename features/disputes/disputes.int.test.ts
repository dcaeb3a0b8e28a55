import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { getDb, closeDb, type Db } from "@/lib/db";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { openDispute } from "./open-dispute";
import { getCustomerDispute } from "./get-customer-dispute";
import { listCustomerDisputes } from "./list-customer-disputes";
import { postStaffMessage } from "./post-staff-message";
import { replyToDispute } from "./reply-to-dispute";
import { resolveDispute } from "./resolve-dispute";
import { reopenDispute } from "./reopen-dispute";
import { changeDisputeStatus } from "./change-dispute-status";
import { getAttachmentForDownload } from "./get-attachment";
import { createCustomerWithInvoice, createUser, pdfFile, pngFile } from "./testing/fixtures";

process.env.ATTACHMENTS_DIR = mkdtempSync(path.join(tmpdir(), "settle-att-"));

let db: Db;
beforeAll(async () => {
  db = await getDb();
});
afterAll(async () => {
  await closeDb();
});

const claim = (invoiceId: string, lineIds: string[], extra: Record<string, unknown> = {}) => ({
  invoiceId,
  reason: "WRONG_QUANTITY",
  description: "Charged 12 seats, we have 10.",
  lines: lineIds.map((lineId) => ({ lineId, expectedQuantity: "10" })),
  ...extra,
});

describe("opening a dispute", () => {
  it("opens on selected lines with an attachment, computes the claim and SLA deadlines", async () => {
    const { user, invoice, lineIds } = await createCustomerWithInvoice(db);
    const now = new Date("2026-11-25T10:00:00Z");
    const d = await openDispute(db, { actor: user, input: claim(invoice.id, [lineIds[0]]), files: [pdfFile()], now });
    const row = await db.dispute.findUniqueOrThrow({ where: { id: d.id }, include: { lines: true, attachments: true } });
    expect(row.scope).toBe("lines");
    expect(row.claimedMinor).toBe(2000n); // 12 → 10 seats of 12000
    expect(row.lines.map((l) => l.openLineKey)).toEqual([lineIds[0]]);
    expect(row.firstResponseDueAt).toEqual(new Date("2026-11-26T10:00:00Z"));
    expect(row.attachments).toHaveLength(1);
    expect(row.attachments[0].mimeType).toBe("application/pdf");
    expect(row.attachments[0].storedName).not.toContain("evidence");
    expect(row.attachments[0].sha256).toMatch(/^[a-f0-9]{64}$/);
    const audit = await db.auditEntry.findMany({ where: { entityId: d.id } });
    expect(audit.map((a) => a.action)).toEqual(["dispute.open"]);
  });

  it("a customer cannot dispute someone else's invoice (404)", async () => {
    const alice = await createCustomerWithInvoice(db);
    const bob = await createCustomerWithInvoice(db);
    await expect(openDispute(db, { actor: bob.user, input: claim(alice.invoice.id, [alice.lineIds[0]]) })).rejects.toBeInstanceOf(NotFoundError);
    // nor a line of another invoice through their own
    await expect(openDispute(db, { actor: bob.user, input: claim(bob.invoice.id, [alice.lineIds[0]]) })).rejects.toBeInstanceOf(ValidationError);
  });

  it("one open dispute per line: a second one fails plainly, after resolution it works again", async () => {
    const { user, invoice, lineIds } = await createCustomerWithInvoice(db);
    const agent = await createUser(db, "AGENT");
    const first = await openDispute(db, { actor: user, input: claim(invoice.id, [lineIds[0], lineIds[1]]) });
    const err = await openDispute(db, { actor: user, input: claim(invoice.id, [lineIds[1]]) }).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.fields.lines).toBe("disputes.err.lineAlreadyDisputed");
    // whole-invoice disputes hold every line
    await expect(openDispute(db, { actor: user, input: claim(invoice.id, []) })).rejects.toBeInstanceOf(ValidationError);
    // a different line is fine
    await openDispute(db, { actor: user, input: claim(invoice.id, [lineIds[2]]) });
    await resolveDispute(db, { actor: agent, input: { disputeId: first.id, outcome: "REJECTED", rootCause: "NOT_AN_ERROR", note: "Invoice is right." } });
    const again = await openDispute(db, { actor: user, input: claim(invoice.id, [lineIds[1]]) });
    expect(again.id).not.toBe(first.id);
    // and now the first cannot be reopened: its line is taken by the newer dispute
    await expect(reopenDispute(db, { actor: user, disputeId: first.id })).rejects.toBeInstanceOf(ValidationError);
  });

  it("the unique open-line key holds under a race", async () => {
    const { user, invoice, lineIds } = await createCustomerWithInvoice(db);
    const results = await Promise.allSettled([0, 1, 2].map(() => openDispute(db, { actor: user, input: claim(invoice.id, [lineIds[0]]) })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.disputedLine.count({ where: { openLineKey: lineIds[0] } })).toBe(1);
  });

  it("rejects a file whose content is not PDF/PNG/JPEG whatever its name, and validates amounts in the invoice currency", async () => {
    const { user, invoice, lineIds } = await createCustomerWithInvoice(db, { currency: "jpy" });
    const html = { name: "invoice.pdf", data: new TextEncoder().encode("<html><script>alert(1)</script></html>") };
    const e1 = await openDispute(db, { actor: user, input: claim(invoice.id, [lineIds[0]]), files: [html] }).catch((e) => e);
    expect(e1.fields.files).toBe("disputes.err.fileType");
    const six = Array.from({ length: 6 }, () => pngFile());
    const e2 = await openDispute(db, { actor: user, input: claim(invoice.id, [lineIds[0]]), files: six }).catch((e) => e);
    expect(e2.fields.files).toBe("disputes.err.tooManyFiles");
    const e3 = await openDispute(db, { actor: user, input: { ...claim(invoice.id, []), lines: [{ lineId: lineIds[0], expectedAmount: "10.5" }] } }).catch(
      (e) => e,
    );
    expect(e3.fields["lines.0.expectedAmount"]).toBe("disputes.err.amount_precision");
    expect(await db.dispute.count({ where: { invoiceId: invoice.id } })).toBe(0);
  });
});

describe("internal notes never reach the customer", () => {
  it("not in the customer's dispute page data, list, emails or downloads", async () => {
    const { user, invoice, lineIds } = await createCustomerWithInvoice(db);
    const agent = await createUser(db, "AGENT");
    const d = await openDispute(db, { actor: user, input: claim(invoice.id, [lineIds[0]]) });
    const SECRET = "INTERNAL-ONLY customer seems to be gaming us";
    const note = await postStaffMessage(db, { actor: agent, input: { disputeId: d.id, body: SECRET, internal: true }, files: [pngFile("internal.png")] });
    await postStaffMessage(db, { actor: agent, input: { disputeId: d.id, body: "We are checking your seat count." } });
    await changeDisputeStatus(db, { actor: agent, input: { disputeId: d.id, status: "IN_REVIEW" } });
    await resolveDispute(db, { actor: agent, input: { disputeId: d.id, outcome: "RESOLVED", rootCause: "HUMAN_ERROR", note: "Corrected." } });

    const view = await getCustomerDispute(db, { actor: user, disputeId: d.id });
    const serialized = JSON.stringify(view, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
    expect(serialized).not.toContain(SECRET);
    expect(serialized).not.toContain("HUMAN_ERROR"); // root cause is internal too
    expect(view.messages.map((m) => m.kind)).toEqual(["MESSAGE", "MESSAGE", "STATUS_CHANGE", "RESOLUTION"]);
    const list = await listCustomerDisputes(db, { actor: user });
    expect(JSON.stringify(list, (_k, v) => (typeof v === "bigint" ? v.toString() : v))).not.toContain(SECRET);

    const mails = await db.outboxEmail.findMany({ where: { to: user.email } });
    expect(mails.map((m) => m.template).sort()).toEqual(["dispute.received", "dispute.reply", "dispute.resolution", "dispute.status"]);
    for (const m of mails) expect(`${m.subject}${m.text}${m.html}`).not.toContain(SECRET);
    expect(await db.outboxEmail.count({ where: { text: { contains: SECRET } } })).toBe(0);

    const noteAttachment = await db.attachment.findFirstOrThrow({ where: { messageId: note.messageId } });
    await expect(getAttachmentForDownload(db, { actor: user, attachmentId: noteAttachment.id })).rejects.toBeInstanceOf(NotFoundError);
    const staffView = await getAttachmentForDownload(db, { actor: agent, attachmentId: noteAttachment.id });
    expect(readFileSync(staffView.path).subarray(0, 4)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  });

  it("another customer cannot read the dispute or its attachments (404)", async () => {
    const alice = await createCustomerWithInvoice(db);
    const bob = await createCustomerWithInvoice(db);
    const d = await openDispute(db, { actor: alice.user, input: claim(alice.invoice.id, [alice.lineIds[0]]), files: [pdfFile()] });
    await expect(getCustomerDispute(db, { actor: bob.user, disputeId: d.id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(replyToDispute(db, { actor: bob.user, input: { disputeId: d.id, body: "hi" } })).rejects.toBeInstanceOf(NotFoundError);
    const att = await db.attachment.findFirstOrThrow({ where: { disputeId: d.id } });
    await expect(getAttachmentForDownload(db, { actor: bob.user, attachmentId: att.id })).rejects.toBeInstanceOf(NotFoundError);
    expect((await getAttachmentForDownload(db, { actor: alice.user, attachmentId: att.id })).fileName).toBe("evidence.pdf");
  });
});

describe("SLA pause, customer reply and reopen", () => {
  it("waiting on the customer pauses the clock; the customer's reply resumes it and emails the assignee", async () => {
    const { user, invoice, lineIds } = await createCustomerWithInvoice(db);
    const agent = await createUser(db, "AGENT");
    const opened = new Date("2026-11-25T10:00:00Z"); // Wed
    const d = await openDispute(db, { actor: user, input: claim(invoice.id, [lineIds[0]]), now: opened });
    await db.dispute.update({ where: { id: d.id }, data: { assigneeId: agent.id } });
    const before = await db.dispute.findUniqueOrThrow({ where: { id: d.id } });
    await changeDisputeStatus(db, { actor: agent, input: { disputeId: d.id, status: "WAITING_ON_CUSTOMER" }, now: new Date("2026-11-25T12:00:00Z") });
    expect((await db.dispute.findUniqueOrThrow({ where: { id: d.id } })).slaPausedAt).toEqual(new Date("2026-11-25T12:00:00Z"));
    // customer replies the next Monday at 09:00: 38 business hours of resolution time were left
    await replyToDispute(db, { actor: user, input: { disputeId: d.id, body: "Here is our seat list." }, now: new Date("2026-11-30T09:00:00Z") });
    const after = await db.dispute.findUniqueOrThrow({ where: { id: d.id } });
    expect(after.status).toBe("IN_REVIEW");
    expect(after.slaPausedAt).toBeNull();
    expect(before.resolutionDueAt).toEqual(new Date("2026-12-02T10:00:00Z"));
    expect(after.resolutionDueAt).toEqual(new Date("2026-12-04T15:00:00Z"));
    const mail = await db.outboxEmail.findFirstOrThrow({ where: { to: agent.email, template: "dispute.assignee_customer_reply" } });
    expect(mail.template).toBe("dispute.assignee_customer_reply");
    expect(mail.text).toContain("Here is our seat list.");
  });

  it("reopens within 30 days and not after; emails go out in the customer's language", async () => {
    const { user, invoice, lineIds } = await createCustomerWithInvoice(db, { locale: "ru" });
    const agent = await createUser(db, "AGENT");
    const d = await openDispute(db, { actor: user, input: claim(invoice.id, [lineIds[0]]) });
    const resolvedAt = new Date(Date.now() - 31 * 24 * 3600 * 1000);
    await resolveDispute(db, { actor: agent, input: { disputeId: d.id, outcome: "RESOLVED", rootCause: "NOT_AN_ERROR", note: "Всё верно." }, now: resolvedAt });
    const mail = await db.outboxEmail.findFirstOrThrow({ where: { to: user.email, template: "dispute.resolution" } });
    expect(mail.subject).toContain("решён");
    await expect(reopenDispute(db, { actor: user, disputeId: d.id })).rejects.toBeInstanceOf(ValidationError);
    await reopenDispute(db, { actor: user, disputeId: d.id, now: new Date(resolvedAt.getTime() + 29 * 24 * 3600 * 1000) });
    const row = await db.dispute.findUniqueOrThrow({ where: { id: d.id }, include: { lines: true } });
    expect(row.status).toBe("OPEN");
    expect(row.reopenCount).toBe(1);
    expect(row.lines[0].openLineKey).toBe(lineIds[0]);
    await expect(replyToDispute(db, { actor: user, input: { disputeId: d.id, body: " " } })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe("a link Stripe's data no longer backs grants nothing, even before the sync removes its row", () => {
  it("the previous address cannot list, open, reply to, reopen or download from the customer's disputes", async () => {
    const { user, invoice, lineIds, customer } = await createCustomerWithInvoice(db);
    const d = await openDispute(db, { actor: user, input: claim(invoice.id, [lineIds[0]]), files: [pdfFile()] });
    await resolveDispute(db, {
      actor: await createUser(db, "AGENT"),
      input: { disputeId: d.id, outcome: "RESOLVED", rootCause: "NOT_AN_ERROR", note: "Checked." },
    });
    const attachment = await db.attachment.findFirstOrThrow({ where: { disputeId: d.id } });
    // The email changed in Stripe; the customer row says so, the link row is still there
    // (an event processed by a restored backup, or a row written by hand).
    await db.customer.update({ where: { id: customer.id }, data: { email: "someone-else@example.com" } });
    expect(await db.userCustomer.count({ where: { userId: user.id, customerId: customer.id } })).toBe(1);
    expect(await listCustomerDisputes(db, { actor: user })).toEqual([]);
    await expect(getCustomerDispute(db, { actor: user, disputeId: d.id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(replyToDispute(db, { actor: user, input: { disputeId: d.id, body: "Still me." } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(reopenDispute(db, { actor: user, disputeId: d.id, reason: "Again" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(getAttachmentForDownload(db, { actor: user, attachmentId: attachment.id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(openDispute(db, { actor: user, input: claim(invoice.id, [lineIds[1] ?? lineIds[0]]) })).rejects.toBeInstanceOf(NotFoundError);
  });
});

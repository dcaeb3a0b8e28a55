// Who is told what waits for them (outbox emails), and that nobody is told twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb, type Db } from "@/lib/db";
import { submitCorrection } from "@/features/corrections/approval/submit-correction";
import { updateApprovalThresholds } from "@/features/corrections/thresholds/update-approval-thresholds";
import { assignDispute } from "./assign-dispute";
import { checkSlaDeadlines } from "./check-sla-deadlines";
import { SLA_SETTING_KEY } from "./get-sla-policy";
import { openDispute } from "./open-dispute";
import { createCustomerWithInvoice, createUser } from "./testing/fixtures";

let db: Db;
beforeAll(async () => {
  db = await getDb();
});
afterAll(async () => {
  await closeDb();
});

const mails = (to: string) =>
  db.outboxEmail.findMany({
    where: { to },
    orderBy: { createdAt: "asc" },
    select: { template: true, subject: true, text: true, locale: true, dedupeKey: true },
  });

async function openOne(now = new Date()) {
  const f = await createCustomerWithInvoice(db);
  const d = await openDispute(db, {
    actor: f.user,
    input: {
      invoiceId: f.invoice.id,
      reason: "WRONG_PRICE",
      description: "The price of line 1 is wrong.",
      lines: [{ lineId: f.lineIds[0], expectedAmount: "100.00" }],
    },
    now,
  });
  return { ...f, dispute: d };
}

describe("staff notifications", () => {
  it("a new dispute: the customer gets a receipt with its number and what happens next; every agent hears of it, leads do not", async () => {
    const agent = await createUser(db, "AGENT", "ru");
    const lead = await createUser(db, "LEAD");
    const s = await openOne();
    const number = `D-${String(s.dispute.number).padStart(6, "0")}`;
    const receipt = await mails(s.user.email);
    expect(receipt).toHaveLength(1);
    expect(receipt[0]).toMatchObject({ template: "dispute.received", subject: `We received your dispute ${number}` });
    expect(receipt[0].text).toContain("What happens next");
    expect(receipt[0].text).toContain(`/disputes/${s.dispute.id}`);
    // The agent reads Russian: the email is in Russian and links to the desk.
    const toAgent = await mails(agent.email);
    expect(toAgent.map((m) => m.template)).toEqual(["staff.new_dispute"]);
    expect(toAgent[0]).toMatchObject({ locale: "ru", subject: `Новый спор ${number} в очереди` });
    expect(toAgent[0].text).toContain(`/desk/disputes/${s.dispute.id}`);
    expect(await mails(lead.email)).toEqual([]);
  });

  it("an assignment: the assignee is told, once per assignment; taking a dispute yourself sends nothing", async () => {
    const agent = await createUser(db, "AGENT");
    const agent2 = await createUser(db, "AGENT");
    const lead = await createUser(db, "LEAD");
    const s = await openOne();
    await db.outboxEmail.deleteMany({ where: { to: { in: [agent.email, agent2.email] } } });
    await assignDispute(db, { actor: agent, input: { disputeId: s.dispute.id, assigneeId: agent.id } });
    expect(await mails(agent.email)).toEqual([]);
    await assignDispute(db, { actor: lead, input: { disputeId: s.dispute.id, assigneeId: agent2.id } });
    // The same request again changes nothing and mails nobody.
    await assignDispute(db, { actor: lead, input: { disputeId: s.dispute.id, assigneeId: agent2.id } });
    expect((await mails(agent2.email)).map((m) => m.template)).toEqual(["staff.assigned"]);
    expect(await mails(lead.email)).toEqual([]);
  });

  it("an approval waiting: every lead and admin except the requester", async () => {
    const admin = await createUser(db, "ADMIN");
    const requester = await createUser(db, "LEAD");
    const other = await createUser(db, "LEAD");
    const agent = await createUser(db, "AGENT");
    await updateApprovalThresholds(db, { actor: admin, thresholds: { usd: "100" } });
    const s = await openOne();
    const c = await db.correction.create({
      data: {
        invoiceId: s.invoice.id,
        disputeId: s.dispute.id,
        kind: "credit_note",
        currency: "usd",
        amountMinor: 5000n,
        lines: [],
        idempotencyKey: `k_${s.dispute.id}`,
        requestedById: requester.id,
      },
    });
    expect(await submitCorrection(db, { actor: requester, correctionId: c.id })).toEqual({ status: "PENDING_APPROVAL" });
    for (const u of [admin, other]) {
      const m = await mails(u.email);
      expect(m.map((x) => x.template)).toEqual(["staff.approval_waiting"]);
      expect(m[0].subject).toContain("$50.00");
      expect(m[0].text).toContain(`/desk/corrections/${c.id}`);
    }
    expect(await mails(requester.email)).toEqual([]);
    expect((await mails(agent.email)).filter((m) => m.template === "staff.approval_waiting")).toEqual([]);
  });

  it("SLA: due soon and breached are each sent once to the assignee (leads too when breached or unassigned), however often the check runs", async () => {
    const agent = await createUser(db, "AGENT");
    const lead = await createUser(db, "LEAD");
    // The default policy (another test file may have stored its own): Mon–Fri 09–17 UTC, 8 h first response.
    await db.setting.deleteMany({ where: { key: SLA_SETTING_KEY } });
    // Opened Monday 09:00 UTC: first response due 17:00 the same day (8 business hours), resolution a week later.
    const opened = new Date("2026-11-23T09:00:00Z");
    const s = await openOne(opened);
    await db.dispute.update({ where: { id: s.dispute.id }, data: { assigneeId: agent.id } });
    const d = await db.dispute.findUniqueOrThrow({ where: { id: s.dispute.id } });
    expect(d.firstResponseDueAt).toEqual(new Date("2026-11-23T17:00:00Z"));
    const sla = async (to: string) =>
      (await mails(to)).filter((m) => m.template?.startsWith("staff.sla") && m.dedupeKey?.includes(s.dispute.id)).map((m) => m.template);

    await checkSlaDeadlines(db, { now: new Date("2026-11-23T12:00:00Z") }); // nothing due within two business hours yet
    expect(await sla(agent.email)).toEqual([]);
    const soon = new Date("2026-11-23T16:00:00Z");
    await checkSlaDeadlines(db, { now: soon });
    await checkSlaDeadlines(db, { now: new Date(soon.getTime() + 60_000) });
    expect(await sla(agent.email)).toEqual(["staff.sla_due_soon"]);
    expect(await sla(lead.email)).toEqual([]); // assigned and not breached: the leads are not bothered
    const late = new Date("2026-11-24T10:00:00Z");
    for (let i = 0; i < 3; i++) await checkSlaDeadlines(db, { now: new Date(late.getTime() + i * 60_000) });
    expect(await sla(agent.email)).toEqual(["staff.sla_due_soon", "staff.sla_breached"]);
    expect(await sla(lead.email)).toEqual(["staff.sla_breached"]);
    // Answered: the first-response deadline no longer runs; waiting on the customer: the clock is paused.
    await db.dispute.update({ where: { id: s.dispute.id }, data: { firstRespondedAt: late, slaPausedAt: late } });
    await checkSlaDeadlines(db, { now: new Date("2026-11-30T10:00:00Z") });
    expect(await sla(agent.email)).toHaveLength(2);
  });
});

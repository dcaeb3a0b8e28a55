import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb, closeDb, type Db } from "@/lib/db";
import { actionMatrix, createRoleActors, featureMatrix, form, idle, type MatrixCase, type Who } from "@/lib/testing/role-matrix";
import type { Actor } from "@/features/auth/actor";
import { createCustomerWithInvoice, createUser } from "./testing/fixtures";
import { openDispute } from "./open-dispute";
import { listDisputeQueue } from "./list-dispute-queue";
import { getDeskDispute } from "./get-desk-dispute";
import { listStaffUsers } from "./list-staff-users";
import { assignDispute } from "./assign-dispute";
import { changeDisputeStatus } from "./change-dispute-status";
import { postStaffMessage } from "./post-staff-message";
import { resolveDispute } from "./resolve-dispute";
import { createCannedReply, deleteCannedReply, listCannedReplies, updateCannedReply } from "./canned-replies";
import { getStaffCustomerView } from "./get-staff-customer-view";
import { getDisputeReport } from "./get-dispute-report";
import { getSlaPolicyForDesk, updateSlaPolicy } from "./get-sla-policy";
import { defaultSlaPolicy } from "./sla";
import { listAuditEntries } from "@/features/desk/list-audit-entries";

// Server actions read the session through getSessionUser; here it returns whoever the row is.
const session = vi.hoisted(() => ({ current: null as unknown }));
vi.mock("@/features/auth/get-session-user", () => ({ getSessionUser: async () => session.current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw Object.assign(new Error("NEXT_REDIRECT"), { url });
  },
}));
const actions = await import("./actions");

let db: Db;
const actors = {} as Record<Who, Actor>;
let otherAgent: Actor;
let fixture: Awaited<ReturnType<typeof createCustomerWithInvoice>>;

async function freshDispute() {
  const f = await createCustomerWithInvoice(db);
  return openDispute(db, {
    actor: f.user,
    input: { invoiceId: f.invoice.id, reason: "WRONG_PRICE", description: "The unit price is wrong.", lines: [{ lineId: f.lineIds[0] }] },
  });
}
async function freshCanned() {
  const lead = await createUser(db, "LEAD");
  return createCannedReply(db, { actor: lead, input: { reason: "OTHER", locale: "en", title: "T", body: "B" } });
}

beforeAll(async () => {
  db = await getDb();
  await createRoleActors(actors, (role) => createUser(db, role));
  otherAgent = await createUser(db, "AGENT");
  fixture = await createCustomerWithInvoice(db);
});
afterAll(async () => {
  // Other test files expect the default policy (files share one database).
  await db.setting.deleteMany({ where: { key: "disputes.slaPolicy" } });
  await closeDb();
});

// Every desk feature function, the least role that may call it, and a call that succeeds for that role.
const features: MatrixCase<Actor, unknown>[] = [
  { name: "listDisputeQueue", min: "AGENT", call: (a) => listDisputeQueue(db, { actor: a }) },
  { name: "getDeskDispute", min: "AGENT", call: async (a) => getDeskDispute(db, { actor: a, disputeId: (await freshDispute()).id }) },
  { name: "listStaffUsers", min: "AGENT", call: (a) => listStaffUsers(db, { actor: a }) },
  {
    name: "assignDispute (claim)",
    min: "AGENT",
    call: async (a) => assignDispute(db, { actor: a, input: { disputeId: (await freshDispute()).id, assigneeId: a?.id ?? "x" } }),
  },
  {
    name: "assignDispute (to someone else)",
    min: "LEAD",
    call: async (a) => assignDispute(db, { actor: a, input: { disputeId: (await freshDispute()).id, assigneeId: otherAgent!.id } }),
  },
  {
    name: "changeDisputeStatus",
    min: "AGENT",
    call: async (a) => changeDisputeStatus(db, { actor: a, input: { disputeId: (await freshDispute()).id, status: "IN_REVIEW" } }),
  },
  {
    name: "postStaffMessage (reply)",
    min: "AGENT",
    call: async (a) => postStaffMessage(db, { actor: a, input: { disputeId: (await freshDispute()).id, body: "hello" } }),
  },
  {
    name: "postStaffMessage (note)",
    min: "AGENT",
    call: async (a) => postStaffMessage(db, { actor: a, input: { disputeId: (await freshDispute()).id, body: "note", internal: true } }),
  },
  {
    name: "resolveDispute",
    min: "AGENT",
    call: async (a) =>
      resolveDispute(db, { actor: a, input: { disputeId: (await freshDispute()).id, outcome: "RESOLVED", rootCause: "WRONG_DATA", note: "fixed" } }),
  },
  { name: "listCannedReplies", min: "AGENT", call: (a) => listCannedReplies(db, { actor: a }) },
  { name: "createCannedReply", min: "LEAD", call: (a) => createCannedReply(db, { actor: a, input: { reason: "OTHER", locale: "en", title: "T", body: "B" } }) },
  {
    name: "updateCannedReply",
    min: "LEAD",
    call: async (a) => updateCannedReply(db, { actor: a, id: (await freshCanned()).id, input: { reason: "OTHER", locale: "ru", title: "T2", body: "B2" } }),
  },
  { name: "deleteCannedReply", min: "LEAD", call: async (a) => deleteCannedReply(db, { actor: a, id: (await freshCanned()).id }) },
  { name: "getStaffCustomerView", min: "AGENT", call: (a) => getStaffCustomerView(db, { actor: a, customerId: fixture.customer.id }) },
  { name: "getDisputeReport", min: "AGENT", call: (a) => getDisputeReport(db, { actor: a }) },
  { name: "listAuditEntries", min: "LEAD", call: (a) => listAuditEntries(db, { actor: a }) },
  { name: "updateSlaPolicy", min: "LEAD", call: (a) => updateSlaPolicy(db, { actor: a, policy: defaultSlaPolicy }) },
  { name: "getSlaPolicyForDesk", min: "AGENT", call: (a) => getSlaPolicyForDesk(db, { actor: a }) },
];

describe("authorization matrix: desk feature functions", () => {
  featureMatrix(features, actors);
});

const actionCases: MatrixCase<Actor, { status: string; message?: string }>[] = [
  {
    name: "assignDisputeAction (me)",
    min: "AGENT",
    call: async () => actions.assignDisputeAction(idle, form({ disputeId: (await freshDispute()).id, assigneeId: "me" })),
  },
  {
    name: "changeDisputeStatusAction",
    min: "AGENT",
    call: async () => actions.changeDisputeStatusAction(idle, form({ disputeId: (await freshDispute()).id, status: "IN_REVIEW" })),
  },
  {
    name: "postStaffMessageAction (internal)",
    min: "AGENT",
    call: async () => actions.postStaffMessageAction(idle, form({ disputeId: (await freshDispute()).id, body: "n", visibility: "internal" })),
  },
  {
    name: "resolveDisputeAction",
    min: "AGENT",
    call: async () =>
      actions.resolveDisputeAction(idle, form({ disputeId: (await freshDispute()).id, outcome: "REJECTED", rootCause: "NOT_AN_ERROR", note: "n" })),
  },
  {
    name: "saveCannedReplyAction",
    min: "LEAD",
    call: async () => actions.saveCannedReplyAction(idle, form({ reason: "DISCOUNT", locale: "en", title: "t", body: "b" })),
  },
  {
    name: "updateSlaPolicyAction",
    min: "LEAD",
    call: async () =>
      actions.updateSlaPolicyAction(
        idle,
        (() => {
          const fd = form({
            timezone: "Europe/London",
            start: "09:00",
            end: "17:30",
            firstResponseHours: "8",
            resolutionHours: "40",
            dueSoonMinutes: "120",
            holidays: "2026-12-25",
          });
          for (const d of ["1", "2", "3", "4", "5"]) fd.append("businessDays", d);
          return fd;
        })(),
      ),
  },
  { name: "deleteCannedReplyAction", min: "LEAD", call: async () => actions.deleteCannedReplyAction(idle, form({ id: (await freshCanned()).id })) },
];

describe("authorization matrix: desk server actions", () => {
  actionMatrix(actionCases, actors, session);

  it("the SLA policy action stores a validated policy with an audit entry", async () => {
    session.current = actors.lead;
    const fd = form({ timezone: "Mars/Olympus", start: "09:00", end: "08:00", firstResponseHours: "8", resolutionHours: "40", dueSoonMinutes: "120" });
    fd.append("businessDays", "1");
    const bad = await actions.updateSlaPolicyAction(idle, fd);
    expect(bad.status).toBe("error");
    expect(Object.keys(bad.fields ?? {})).toEqual(expect.arrayContaining(["timezone"]));
    const row = await db.setting.findUnique({ where: { key: "disputes.slaPolicy" } });
    expect(row?.value).toMatchObject({ timezone: "Europe/London", startMinute: 540, endMinute: 1050, businessDays: [1, 2, 3, 4, 5], holidays: ["2026-12-25"] });
    expect(await db.auditEntry.count({ where: { action: "setting.update", entityId: "disputes.slaPolicy" } })).toBeGreaterThan(0);
  });

  it("a policy with no business time left is refused before it is saved, with a plain message", async () => {
    session.current = actors.lead;
    const before = await db.setting.findUnique({ where: { key: "disputes.slaPolicy" } });
    const audits = await db.auditEntry.count({ where: { action: "setting.update" } });
    const fd = form({ timezone: "UTC", start: "09:00", end: "17:00", firstResponseHours: "8", resolutionHours: "40", dueSoonMinutes: "120" });
    fd.append("businessDays", "7");
    const sundays = Array.from({ length: 366 }, (_, i) => new Date(Date.UTC(2026, 0, 4 + 7 * i)).toISOString().slice(0, 10));
    fd.set("holidays", sundays.join("\n"));
    const state = await actions.updateSlaPolicyAction(idle, fd);
    expect(state.status).toBe("error");
    expect(state.fields?.businessDays).toBe("desk.slaPolicy.noHours");
    expect(state.values?.businessDays).toBe("7"); // shown again as typed, not as stored
    fd.set("holidays", [...sundays, "2033-01-02"].join("\n"));
    expect((await actions.updateSlaPolicyAction(idle, fd)).fields?.holidays).toBe("desk.slaPolicy.tooManyHolidays");
    expect(await db.setting.findUnique({ where: { key: "disputes.slaPolicy" } })).toEqual(before);
    expect(await db.auditEntry.count({ where: { action: "setting.update" } })).toBe(audits);
  });

  it("customer actions refuse staff and anonymous callers", async () => {
    for (const who of ["anonymous", "agent", "lead", "admin"] as Who[]) {
      session.current = actors[who];
      const state = await actions.openDisputeAction(
        idle,
        form({ invoiceId: fixture.invoice.id, reason: "OTHER", description: "abcdefghijk", lineId: fixture.lineIds[0] }),
      );
      expect(state.message).toBe(who === "anonymous" ? "disputes.err.signIn" : "disputes.err.forbidden");
    }
    session.current = fixture.user;
    await expect(
      actions.openDisputeAction(idle, form({ invoiceId: fixture.invoice.id, reason: "OTHER", description: "abcdefghijk", lineId: fixture.lineIds[0] })),
    ).rejects.toMatchObject({ message: "NEXT_REDIRECT" });
  });
});

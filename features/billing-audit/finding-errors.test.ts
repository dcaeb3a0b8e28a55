import { beforeEach, describe, expect, it, vi } from "vitest";

// The finding page's two actions, through the real server-action pipeline and use cases, with a
// database stand-in that answers the few queries they make. The point: each refusal reaches the
// form as a catalog key with its own words, not as the generic "something went wrong".

vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

type Finding = { id: string; status: string; disputeId: string | null; invoiceId: string | null; customerId: string | null; invoice: unknown };
const state = { finding: null as Finding | null, updated: 0, writes: [] as string[] };
const actor = { id: "user_agent", email: "agent@settle.test", role: "AGENT" as const };

// Only what changeFindingStatus / openDisputeFromFinding touch before their conflict checks.
const tx = {
  finding: {
    findUnique: async () =>
      state.finding
        ? {
            rootCause: null,
            dismissReason: null,
            correctionId: null,
            rule: "duplicate_charge",
            currency: "usd",
            amountAtStakeMinor: 1200n,
            summary: "Charged twice",
            evidence: {},
            suggestion: {},
            customer: { name: "Acme", email: "billing@acme.test" },
            ...state.finding,
          }
        : null,
    // The guarded write: `updated` rows match its where clause (0 = someone else got there first).
    updateMany: async () => ({ count: state.updated }),
  },
  disputedLine: { findMany: async () => [] },
  dispute: { create: async () => (state.writes.push("dispute"), { id: "dp_1", number: 7, customerId: "cus_1", openedById: actor.id }) },
  disputeMessage: { create: async () => (state.writes.push("message"), {}) },
};
const db = { ...tx, setting: { findUnique: async () => null }, $transaction: async <T>(fn: (t: typeof tx) => Promise<T>) => fn(tx) };

vi.mock("@/features/auth/action", async () => {
  const { createActionBuilder } = await import("@/lib/server-action");
  return { action: createActionBuilder(async () => ({ db, actor })) };
});

const { decideFindingAction, openFindingDisputeAction } = await import("./actions");
const { FindingConflictError } = await import("./change-finding-status");
const { isMessageKey, translate } = await import("@/lib/i18n");
const en = (await import("@/lib/i18n/messages/en.json")).default;
const ru = (await import("@/lib/i18n/messages/ru.json")).default;

const form = (entries: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(entries)) f.append(k, v);
  return f;
};
const idle = { status: "idle" as const };

beforeEach(() => {
  state.finding = null;
  state.updated = 1;
  state.writes.length = 0;
});

describe("finding decisions: a refusal shows its own words", () => {
  it("a status change that loses the race to another decision shows audit.err.conflict", async () => {
    state.finding = { id: "fnd_1", status: "OPEN", disputeId: null, invoiceId: "inv_1", customerId: "cus_1", invoice: null };
    state.updated = 0;
    const result = await decideFindingAction(idle, form({ findingId: "fnd_1", status: "CONFIRMED", reason: "", note: "" }));
    expect(result).toEqual({ status: "error", message: "audit.err.conflict" });
    expect(isMessageKey(result.message)).toBe(true);
    expect(translate("en", result.message as "audit.err.conflict")).toBe(en["audit.err.conflict"]);
    expect(translate("ru", result.message as "audit.err.conflict")).toBe(ru["audit.err.conflict"]);
    expect(en["audit.err.conflict"]).not.toBe(en["disputes.err.unexpected"]);
  });

  it("the conflict error carries its key as data and is a 409", () => {
    const e = new FindingConflictError();
    expect(e).toMatchObject({ key: "audit.err.conflict", status: 409, code: "conflict" });
  });

  it("a move the workflow does not allow names a catalog key for the status field", async () => {
    state.finding = { id: "fnd_1", status: "OPEN", disputeId: null, invoiceId: "inv_1", customerId: "cus_1", invoice: null };
    const result = await decideFindingAction(idle, form({ findingId: "fnd_1", status: "CORRECTED", reason: "", note: "" }));
    expect(result).toEqual({ status: "error", message: "disputes.err.form", fields: { status: "audit.err.transition" } });
    expect(isMessageKey(result.fields?.status)).toBe(true);
  });

  it("a dismissal without a reason names audit.err.reasonRequired for the reason field", async () => {
    state.finding = { id: "fnd_1", status: "OPEN", disputeId: null, invoiceId: "inv_1", customerId: "cus_1", invoice: null };
    const result = await decideFindingAction(idle, form({ findingId: "fnd_1", status: "DISMISSED", reason: "", note: "" }));
    expect(result).toMatchObject({ status: "error", message: "disputes.err.form", fields: { reason: "audit.err.reasonRequired" } });
    expect(isMessageKey(result.fields?.reason)).toBe(true);
  });
});

describe("opening a dispute from a finding: a refusal shows its own words", () => {
  it("an unconfirmed finding shows audit.err.notConfirmed", async () => {
    state.finding = { id: "fnd_1", status: "OPEN", disputeId: null, invoiceId: "inv_1", customerId: "cus_1", invoice: null };
    const result = await openFindingDisputeAction(idle, form({ findingId: "fnd_1" }));
    expect(result).toMatchObject({ status: "error", message: "audit.err.notConfirmed" });
    expect(isMessageKey(result.message)).toBe(true);
    expect(state.writes).toEqual([]);
  });

  it("a finding without an invoice shows audit.err.noInvoice", async () => {
    state.finding = { id: "fnd_1", status: "CONFIRMED", disputeId: null, invoiceId: null, customerId: null, invoice: null };
    const result = await openFindingDisputeAction(idle, form({ findingId: "fnd_1" }));
    expect(result).toMatchObject({ status: "error", message: "audit.err.noInvoice" });
    expect(isMessageKey(result.message)).toBe(true);
  });

  it("a second click that loses the link race shows audit.err.conflict", async () => {
    state.finding = {
      id: "fnd_1",
      status: "CONFIRMED",
      disputeId: null,
      invoiceId: "inv_1",
      customerId: "cus_1",
      invoice: { number: "INV-1", stripeId: "in_1", lines: [] },
    };
    state.updated = 0;
    const result = await openFindingDisputeAction(idle, form({ findingId: "fnd_1" }));
    expect(result).toEqual({ status: "error", message: "audit.err.conflict" });
    // It got as far as the guarded link, so the refusal is the race's, not an earlier check's.
    expect(state.writes).toEqual(["dispute", "message"]);
  });
});

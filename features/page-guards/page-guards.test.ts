import { beforeEach, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "@/features/auth/get-session-user";

// The layouts' 404 guards: they ask the database handed to them by loadPage (a stand-in here
// that records each question) and answer with Next's redirect or not-found.
type Where = { id: string; customerId?: { in: string[] }; disputeId?: string };
const state = vi.hoisted(() => ({
  user: null as SessionUser | null,
  rows: new Map<string, { id: string; customerId?: string; disputeId?: string }>(),
  asked: [] as string[],
  query: "",
}));
const table = (model: string) => {
  const find = async ({ where }: { where: Where }) => {
    state.asked.push(model);
    const row = state.rows.get(`${model}:${where.id}`);
    if (!row) return null;
    if (where.customerId && !where.customerId.in.includes(row.customerId ?? "")) return null;
    if (where.disputeId && row.disputeId !== where.disputeId) return null;
    return { id: row.id };
  };
  return { findFirst: find, findUnique: find };
};
vi.mock("@/lib/db", () => ({
  getDb: async () => ({
    invoice: table("invoice"),
    creditNote: table("creditNote"),
    dispute: table("dispute"),
    correction: table("correction"),
    customer: table("customer"),
    finding: table("finding"),
    recalculation: table("recalculation"),
  }),
}));
vi.mock("@/features/auth/get-session-user", () => ({ getSessionUser: async () => state.user }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-settle-path": `/page?${state.query}` }) }));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw Object.assign(new Error("NEXT_REDIRECT"), { url });
  },
  notFound: () => {
    throw new Error("NEXT_NOT_FOUND");
  },
}));

const { guardCustomerRecord, guardDisputableInvoice, guardDeskRecord, guardNewCorrection } = await import("./index");

const ID = "cm0000000000000000000001";
const OTHER = "cm0000000000000000000002";
const RECALC = "cm0000000000000000000003";
const customer = (customerIds: string[]): SessionUser => ({ id: "u1", email: "c@x.test", name: null, role: "CUSTOMER", locale: null, customerIds });
const staff = (role: SessionUser["role"]): SessionUser => ({ id: "s1", email: "s@x.test", name: null, role, locale: null });

beforeEach(() => {
  state.user = null;
  state.rows = new Map([
    [`invoice:${ID}`, { id: ID, customerId: "cus_a" }],
    [`creditNote:${ID}`, { id: ID, customerId: "cus_a" }],
    [`dispute:${ID}`, { id: ID, customerId: "cus_a" }],
    [`recalculation:${RECALC}`, { id: RECALC, disputeId: ID }],
  ]);
  state.asked = [];
  state.query = "";
});

describe("guardCustomerRecord", () => {
  it("lets the customer's own record through and 404s another customer's, a missing one and a malformed id", async () => {
    state.user = customer(["cus_a"]);
    for (const kind of ["invoice", "creditNote", "dispute"] as const) await expect(guardCustomerRecord(kind, ID)).resolves.toBeUndefined();
    state.user = customer(["cus_b"]);
    await expect(guardCustomerRecord("invoice", ID)).rejects.toThrow("NEXT_NOT_FOUND");
    state.user = customer(["cus_a"]);
    await expect(guardCustomerRecord("invoice", OTHER)).rejects.toThrow("NEXT_NOT_FOUND");
    state.asked = [];
    await expect(guardCustomerRecord("invoice", "not an id")).rejects.toThrow("NEXT_NOT_FOUND");
    expect(state.asked).toEqual([]); // a malformed id is never looked up
  });

  it("sends the anonymous to sign-in and answers staff with a 404 (the portal is the customer's view)", async () => {
    await expect(guardCustomerRecord("invoice", ID)).rejects.toMatchObject({ url: "/sign-in?callbackUrl=%2Fpage%3F" });
    state.user = staff("ADMIN");
    await expect(guardCustomerRecord("invoice", ID)).rejects.toThrow("NEXT_NOT_FOUND");
    expect(state.asked).toEqual([]);
  });
});

describe("guardDisputableInvoice", () => {
  it("checks the customer, then the named invoice if any", async () => {
    await expect(guardDisputableInvoice(null)).rejects.toMatchObject({ url: expect.stringContaining("/sign-in") });
    state.user = customer(["cus_a"]);
    await expect(guardDisputableInvoice(null)).resolves.toBeUndefined();
    await expect(guardDisputableInvoice(ID)).resolves.toBeUndefined();
    state.user = customer(["cus_b"]);
    await expect(guardDisputableInvoice(ID)).rejects.toThrow("NEXT_NOT_FOUND");
  });
});

describe("guardDeskRecord and guardNewCorrection", () => {
  it("lets staff see any record and 404s customers and missing records", async () => {
    state.user = staff("AGENT");
    await expect(guardDeskRecord("dispute", ID)).resolves.toBeUndefined();
    await expect(guardDeskRecord("correction", ID)).rejects.toThrow("NEXT_NOT_FOUND");
    state.user = customer(["cus_a"]);
    await expect(guardDeskRecord("dispute", ID)).rejects.toThrow("NEXT_NOT_FOUND");
  });

  it("a new correction page names a refund or a recalculation of this dispute", async () => {
    state.user = staff("AGENT");
    state.query = "kind=refund";
    await expect(guardNewCorrection(ID)).resolves.toBeUndefined();
    state.query = `recalculation=${RECALC}`;
    await expect(guardNewCorrection(ID)).resolves.toBeUndefined();
    state.query = "";
    await expect(guardNewCorrection(ID)).rejects.toThrow("NEXT_NOT_FOUND");
    state.query = `recalculation=${OTHER}`;
    await expect(guardNewCorrection(ID)).rejects.toThrow("NEXT_NOT_FOUND");
    state.rows.set(`dispute:${OTHER}`, { id: OTHER, customerId: "cus_a" });
    state.query = `recalculation=${RECALC}`;
    await expect(guardNewCorrection(OTHER)).rejects.toThrow("NEXT_NOT_FOUND"); // another dispute's recalculation
  });
});

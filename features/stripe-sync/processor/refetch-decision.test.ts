import { describe, expect, it } from "vitest";
import { decideMissingParent, decideRefetch, incompleteSnapshot, newestSnapshotCovers, type RefetchFacts } from "./refetch-decision";

const V = "2026-10-28.endive";
const at = new Date("2026-12-01T00:00:10Z");
const invoice = (over: Record<string, unknown> = {}) => ({
  id: "in_1",
  object: "invoice",
  status: "paid",
  discounts: [],
  lines: { object: "list", has_more: false, data: [{ id: "il_1", discounts: [] }] },
  ...over,
});
const facts = (over: Partial<RefetchFacts> = {}): RefetchFacts => ({
  type: "invoice.paid",
  isResync: false,
  kind: "invoice",
  payloadIsObject: true,
  deletion: false,
  snapshot: invoice(),
  apiVersion: V,
  ourApiVersion: V,
  eventCreated: at,
  newestListingAt: null,
  newerPending: 0,
  newerApplied: 0,
  newerSettled: 0,
  sameSecondDiffering: [],
  ...over,
});

describe("decideRefetch", () => {
  it("applies a complete invoice snapshot that is the newest known", () => {
    expect(decideRefetch(facts())).toEqual({ decision: "apply_snapshot", reason: "newest_known" });
  });

  it("applies in order when a newer event is pending, and lets the guards drop a late one", () => {
    expect(decideRefetch(facts({ newerPending: 2 }))).toEqual({ decision: "apply_snapshot", reason: "newer_pending" });
    expect(decideRefetch(facts({ newerApplied: 1, newerPending: 1 }))).toEqual({ decision: "apply_snapshot", reason: "older_than_applied" });
  });

  it("fetches when a newer event was settled by a fetch (the guard did not move to it)", () => {
    expect(decideRefetch(facts({ newerApplied: 1, newerSettled: 1 }))).toEqual({ decision: "refetch", reason: "newer_settled_by_fetch" });
  });

  it("fetches when another snapshot of the same second differs at the same rank (their order is unknown)", () => {
    expect(decideRefetch(facts({ sameSecondDiffering: [{ status: "paid", amount_paid: 0 }] }))).toEqual({
      decision: "refetch",
      reason: "same_second_conflict",
    });
    const charge = { type: "charge.updated", kind: "charge" as const, snapshot: { id: "ch_1", status: "succeeded", amount_refunded: 500 } };
    expect(decideRefetch(facts({ ...charge, sameSecondDiffering: [{ status: "succeeded", amount_refunded: 500 }] })).reason).toBe("same_second_conflict");
  });

  it("applies when same-second snapshots differ in rank: the projection keeps the furthest in any order", () => {
    // draft → open → paid in one second; amount_paid and amount_refunded only grow
    expect(decideRefetch(facts({ sameSecondDiffering: [{ status: "draft" }, { status: "open", amount_paid: 0 }] })).decision).toBe("apply_snapshot");
    expect(decideRefetch(facts({ snapshot: invoice({ status: "open" }), sameSecondDiffering: [{ status: "paid", amount_paid: 1000 }] })).decision).toBe(
      "apply_snapshot",
    );
    const charge = { type: "charge.refunded", kind: "charge" as const, snapshot: { id: "ch_1", status: "succeeded", amount_refunded: 500 } };
    expect(decideRefetch(facts({ ...charge, sameSecondDiffering: [{ status: "succeeded", amount_refunded: 0 }] })).decision).toBe("apply_snapshot");
    // two final statuses of one rank (succeeded / canceled): unknown order
    const pi = { type: "payment_intent.canceled", kind: "payment_intent" as const, snapshot: { id: "pi_1", status: "canceled" } };
    expect(decideRefetch(facts({ ...pi, sameSecondDiffering: [{ status: "succeeded" }] })).reason).toBe("same_second_conflict");
  });

  it("fetches when a resync listing at least as new was applied", () => {
    expect(decideRefetch(facts({ newestListingAt: at })).reason).toBe("listing_newer");
    expect(decideRefetch(facts({ newestListingAt: new Date(at.getTime() - 1000) })).decision).toBe("apply_snapshot");
  });

  it("fetches an incomplete invoice: lines past the first 10, lines missing, discounts as ids", () => {
    expect(decideRefetch(facts({ snapshot: invoice({ lines: { object: "list", has_more: true, data: [] } }) })).reason).toBe("lines_incomplete");
    expect(decideRefetch(facts({ snapshot: invoice({ lines: undefined }) })).reason).toBe("lines_incomplete");
    expect(decideRefetch(facts({ snapshot: invoice({ discounts: ["di_1"] }) })).reason).toBe("discounts_not_expanded");
    const lineDiscountId = invoice({ lines: { object: "list", has_more: false, data: [{ id: "il_1", discounts: ["di_2"] }] } });
    expect(decideRefetch(facts({ snapshot: lineDiscountId })).reason).toBe("discounts_not_expanded");
    const expanded = invoice({
      discounts: [{ id: "di_1", source: { coupon: "co_1" } }],
      lines: { object: "list", has_more: false, data: [{ id: "il_1", discounts: [{ id: "di_2" }] }] },
    });
    expect(decideRefetch(facts({ snapshot: expanded })).decision).toBe("apply_snapshot");
  });

  it("fetches a credit note with more lines than delivered", () => {
    const cn = { id: "cn_1", lines: { has_more: true, data: [] } };
    expect(incompleteSnapshot("credit_note", cn)).toBe("lines_incomplete");
    expect(incompleteSnapshot("credit_note", { ...cn, lines: { has_more: false, data: [] } })).toBeNull();
    expect(incompleteSnapshot("charge", { id: "ch_1" })).toBeNull();
  });

  it("fetches the invoice for invoice items and invoice payments (their payload is not the invoice)", () => {
    expect(decideRefetch(facts({ type: "invoice_payment.paid", payloadIsObject: false, snapshot: { id: "inpay_1", invoice: "in_1" } }))).toEqual({
      decision: "refetch",
      reason: "payload_not_object",
    });
  });

  it("writes a paid invoice payment as delivered when its invoice is projected, and fetches the invoice otherwise", () => {
    // Stripe's InvoicePayment (docs.stripe.com/api/invoice-payment/object), as invoice_payment.paid delivers it.
    const ip = {
      id: "inpay_1",
      object: "invoice_payment",
      invoice: "in_1",
      amount_paid: 2000,
      amount_requested: 2000,
      currency: "usd",
      is_default: true,
      payment: { type: "payment_intent", payment_intent: "pi_1" },
      status: "paid",
      status_transitions: { canceled_at: null, paid_at: 1 },
    };
    const paid = (over: Partial<RefetchFacts> = {}) =>
      facts({ type: "invoice_payment.paid", payloadIsObject: false, snapshot: ip, invoiceProjected: true, ...over });
    expect(decideRefetch(paid())).toEqual({ decision: "apply_snapshot", reason: "invoice_payment" });
    // Late, duplicated or behind a listing: the row's forward-only status keeps the newer state.
    expect(decideRefetch(paid({ newerApplied: 2, newestListingAt: new Date(at.getTime() + 1000) }))).toEqual({
      decision: "apply_snapshot",
      reason: "invoice_payment",
    });
    expect(decideRefetch(paid({ invoiceProjected: false }))).toEqual({ decision: "refetch", reason: "invoice_not_projected" });
    expect(decideRefetch(paid({ invoiceProjected: undefined })).reason).toBe("invoice_not_projected");
    expect(decideRefetch(paid({ apiVersion: "2024-06-20" }))).toEqual({ decision: "refetch", reason: "api_version" });
    expect(decideRefetch(paid({ snapshot: { ...ip, status: "open", amount_paid: null } })).reason).toBe("payload_not_object");
    expect(decideRefetch(paid({ snapshot: { ...ip, invoice: { id: "in_1" } } })).reason).toBe("payload_not_object");
    expect(decideRefetch(paid({ always: true })).reason).toBe("refetch_always");
    // invoice items still fetch: their payload is the item, not the invoice
    expect(
      decideRefetch(
        facts({
          type: "invoiceitem.created",
          payloadIsObject: false,
          snapshot: { id: "ii_1", object: "invoiceitem", invoice: "in_1" },
          invoiceProjected: true,
        }),
      ),
    ).toEqual({ decision: "refetch", reason: "payload_not_object" });
  });

  it("fetches customers and prices (no event-time guard), but applies their deletion", () => {
    expect(decideRefetch(facts({ type: "customer.updated", kind: "customer", snapshot: { id: "cus_1" } })).reason).toBe("no_order_guard");
    expect(decideRefetch(facts({ type: "price.updated", kind: "price", snapshot: { id: "price_1" } })).reason).toBe("no_order_guard");
    expect(decideRefetch(facts({ type: "customer.deleted", kind: "customer", deletion: true, snapshot: { id: "cus_1" } }))).toEqual({
      decision: "apply_snapshot",
      reason: "deletion",
    });
  });

  it("fetches a snapshot at another API version", () => {
    expect(decideRefetch(facts({ apiVersion: "2024-06-20" })).reason).toBe("api_version");
    expect(decideRefetch(facts({ apiVersion: null })).reason).toBe("api_version");
  });

  it("applies payment snapshots (no lines to complete)", () => {
    expect(decideRefetch(facts({ type: "charge.succeeded", kind: "charge", snapshot: { id: "ch_1", status: "succeeded" } })).decision).toBe("apply_snapshot");
  });

  it("a resync row is a listing; the off switch fetches everything else", () => {
    expect(decideRefetch(facts({ isResync: true, type: "settle.resync", always: true }))).toEqual({ decision: "apply_snapshot", reason: "listed" });
    expect(decideRefetch(facts({ always: true }))).toEqual({ decision: "refetch", reason: "refetch_always" });
  });
});

describe("newestSnapshotCovers", () => {
  it("lets the newest snapshot stand for older ones only when it ranks at least as far in every component", () => {
    const open = { status: "open", amount_paid: 0 };
    const paid = { status: "paid", amount_paid: 1200 };
    expect(newestSnapshotCovers("invoice", paid, [open, { status: "draft" }, paid])).toBe(true);
    // applied one by one, forward-only status would keep "paid": the newer "open" cannot stand for it
    expect(newestSnapshotCovers("invoice", open, [paid])).toBe(false);
    expect(newestSnapshotCovers("invoice", { status: "paid", amount_paid: 500 }, [{ status: "paid", amount_paid: 1200 }])).toBe(false);
    expect(newestSnapshotCovers("charge", { status: "succeeded", amount_refunded: 100 }, [{ status: "succeeded", amount_refunded: 300 }])).toBe(false);
    expect(newestSnapshotCovers("charge", { status: "succeeded", amount_refunded: 300 }, [{ status: "pending" }])).toBe(true);
  });
});

describe("subscriptions", () => {
  const sub = (over: Record<string, unknown> = {}) => ({
    id: "sub_1",
    object: "subscription",
    status: "active",
    items: { object: "list", has_more: false, data: [{ id: "si_1" }] },
    ...over,
  });
  const subFacts = (over: Partial<RefetchFacts> = {}) => facts({ type: "customer.subscription.updated", kind: "subscription", snapshot: sub(), ...over });

  it("applies a subscription snapshot with all its items; fetches one whose items have more pages", () => {
    expect(decideRefetch(subFacts())).toEqual({ decision: "apply_snapshot", reason: "newest_known" });
    expect(decideRefetch(subFacts({ snapshot: sub({ items: { object: "list", has_more: true, data: [] } }) }))).toEqual({
      decision: "refetch",
      reason: "lines_incomplete",
    });
    expect(incompleteSnapshot("subscription", sub({ items: undefined }))).toBe("lines_incomplete");
  });

  it("a same-second snapshot of the same rank is fetched; a terminal status outranks a live one", () => {
    expect(decideRefetch(subFacts({ sameSecondDiffering: [{ status: "past_due" }] }))).toEqual({ decision: "refetch", reason: "same_second_conflict" });
    expect(decideRefetch(subFacts({ sameSecondDiffering: [{ status: "canceled" }] }))).toEqual({ decision: "apply_snapshot", reason: "newest_known" });
    expect(newestSnapshotCovers("subscription", { status: "canceled" }, [{ status: "active" }, { status: "trialing" }])).toBe(true);
    expect(newestSnapshotCovers("subscription", { status: "active" }, [{ status: "canceled" }])).toBe(false);
  });
});

describe("a missing parent (a charge's payment intent)", () => {
  const pi = { id: "pi_1", object: "payment_intent", status: "requires_payment_method", amount: 1000 };
  const pending = (over: Record<string, unknown> = {}) => ({ type: "payment_intent.created", apiVersion: V, object: pi, ...over });
  it("is taken from its own pending event's snapshot at our API version", () => {
    expect(decideMissingParent({ kind: "payment_intent", id: "pi_1", pending: pending(), ourApiVersion: V })).toEqual({
      decision: "apply_snapshot",
      reason: "parent_pending_snapshot",
    });
  });
  it("is fetched without a pending event of its own, at another API version, for another kind, or when switched off", () => {
    const d = (f: Parameters<typeof decideMissingParent>[0]) => decideMissingParent(f).reason;
    expect(d({ kind: "payment_intent", id: "pi_1", pending: null, ourApiVersion: V })).toBe("parent_not_pending");
    expect(d({ kind: "payment_intent", id: "pi_2", pending: pending(), ourApiVersion: V })).toBe("parent_not_pending");
    expect(d({ kind: "payment_intent", id: "pi_1", pending: pending({ type: "charge.succeeded" }), ourApiVersion: V })).toBe("parent_not_pending");
    expect(d({ kind: "payment_intent", id: "pi_1", pending: pending({ apiVersion: "2024-06-20" }), ourApiVersion: V })).toBe("api_version");
    expect(d({ kind: "charge", id: "pi_1", pending: pending(), ourApiVersion: V })).toBe("parent_kind");
    expect(d({ kind: "payment_intent", id: "pi_1", pending: pending(), ourApiVersion: V, always: true })).toBe("refetch_always");
  });
});

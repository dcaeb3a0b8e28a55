import { describe, expect, it } from "vitest";
import { invoicePaymentMayMove, invoiceStatusMayMove, isStaleSnapshot, statusRank, toInvoiceStatus } from "./status-order";
import { orderingKey } from "../intake/ordering-key";
import { decimalString } from "../convert";

const at = (s: number) => new Date(s * 1000);

describe("invoice status graph", () => {
  it.each([
    ["DRAFT", "OPEN", true],
    ["DRAFT", "DELETED", true],
    ["OPEN", "PAID", true],
    ["OPEN", "VOID", true],
    ["OPEN", "UNCOLLECTIBLE", true],
    ["UNCOLLECTIBLE", "PAID", true],
    ["UNCOLLECTIBLE", "VOID", true],
    ["PAID", "OPEN", false],
    ["VOID", "PAID", false],
    ["DELETED", "DRAFT", false],
    ["OPEN", "DRAFT", false],
    ["UNCOLLECTIBLE", "OPEN", false],
    ["PAID", "PAID", true],
  ] as const)("%s → %s allowed: %s", (from, to, ok) => {
    expect(invoiceStatusMayMove(from, to)).toBe(ok);
  });
  it("maps Stripe statuses and refuses unknown ones", () => {
    expect(toInvoiceStatus("uncollectible")).toBe("UNCOLLECTIBLE");
    expect(() => toInvoiceStatus("weird")).toThrow();
  });
});

describe("stale snapshots", () => {
  it("an older event is stale, a newer one is not", () => {
    expect(isStaleSnapshot({ lastEventAt: at(100), eventAt: at(99), statusMayMove: true })).toBe(true);
    expect(isStaleSnapshot({ lastEventAt: at(100), eventAt: at(101), statusMayMove: true })).toBe(false);
  });
  it("same second: a snapshot behind on status rank is stale (invoice.updated open after invoice.paid)", () => {
    expect(isStaleSnapshot({ lastEventAt: at(100), eventAt: at(100), statusMayMove: true, incomingRank: [1, 0], storedRank: [3, 500] })).toBe(true);
    expect(isStaleSnapshot({ lastEventAt: at(100), eventAt: at(100), statusMayMove: true, incomingRank: [3, 500], storedRank: [3, 500] })).toBe(false);
  });
  it("a backwards status is stale whatever the time; an authoritative snapshot (no time) is not", () => {
    expect(isStaleSnapshot({ lastEventAt: at(1), eventAt: at(500), statusMayMove: false })).toBe(true);
    expect(isStaleSnapshot({ lastEventAt: null, eventAt: at(0), statusMayMove: true })).toBe(false);
  });
  it("final statuses rank highest", () => {
    expect(statusRank("charge", "succeeded")).toBeGreaterThan(statusRank("charge", "pending"));
    expect(statusRank("dispute", "won")).toBe(9);
  });
});

describe("ordering key", () => {
  it("orders invoice items and invoice payments under their invoice", () => {
    expect(orderingKey("invoiceitem.created", { id: "ii_1", invoice: "in_1" })).toBe("in_1");
    expect(orderingKey("invoice_payment.paid", { id: "inpay_1", invoice: { id: "in_2" } })).toBe("in_2");
    expect(orderingKey("invoiceitem.created", { id: "ii_1", invoice: null })).toBe("ii_1");
    expect(orderingKey("invoice.paid", { id: "in_3" })).toBe("in_3");
  });
});

describe("decimal strings", () => {
  it("keeps Stripe's decimal strings exact and refuses anything else", () => {
    expect(decimalString("12.345678901234")).toBe("12.345678901234");
    expect(decimalString(3)).toBe("3");
    expect(decimalString(null)).toBeNull();
    expect(() => decimalString("1e5")).toThrow();
  });
});

describe("invoice payment status", () => {
  it("moves forward only: open → paid | canceled, never back to open", () => {
    expect(invoicePaymentMayMove(null, "open")).toBe(true);
    expect(invoicePaymentMayMove("open", "paid")).toBe(true);
    expect(invoicePaymentMayMove("open", "canceled")).toBe(true);
    expect(invoicePaymentMayMove("paid", "paid")).toBe(true);
    expect(invoicePaymentMayMove("paid", "open")).toBe(false);
    expect(invoicePaymentMayMove("canceled", "open")).toBe(false);
  });
});

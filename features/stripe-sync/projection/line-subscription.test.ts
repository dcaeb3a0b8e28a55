import { describe, expect, it } from "vitest";
import { invoiceLineToCurrentShape } from "../events/legacy-shape";
import { subscriptionItemOf } from "./line-subscription";

// A live line recorded in an invoice.paid event at API 2025-05-28.basil (GovSource, il_1Rbu7rFHp5a6uQihBqecnf3p): its parent as sent.
const basilParent = {
  invoice_item_details: null,
  subscription_item_details: {
    invoice_item: null,
    proration: false,
    proration_details: { credited_items: null },
    subscription: "sub_1Rbu7tFHp5a6uQihClPjLcC6",
    subscription_item: "si_SWy4Mdj6eRE3WA",
  },
  type: "subscription_item_details",
};

// A recorded credit proration (test mode, 25 Oct 2024, pre-basil shape: invoice in_1QDoa5GjSxKJrDncjsfYN40T),
// the fields Settle reads: it credits the "Remaining time" line of the previous change's invoice.
const recordedCredit = {
  id: "il_1QDoa5GjSxKJrDncDIp6LPfF",
  object: "line_item",
  amount: -2000,
  description: "Unused time on SECRag Premium after 25 Oct 2024",
  invoice_item: "ii_1QDoa5GjSxKJrDncMv9HLXgL",
  period: { end: 1732545057, start: 1729866729 },
  proration: true,
  proration_details: { credited_items: { invoice: "in_1QDoZIGjSxKJrDnc6m6UIHrS", invoice_line_items: ["il_1QDoZJGjSxKJrDncGc70N4Xm"] } },
  quantity: 1,
  subscription: "sub_1QDoXVGjSxKJrDncYU0vmavf",
  subscription_item: "si_R60YaxSr3oVzSg",
  type: "invoiceitem",
};

describe("subscriptionItemOf: the subscription item of an invoice line, as Stripe writes it", () => {
  it("a recorded basil subscription line: subscription and item, no credited items", () => {
    expect(subscriptionItemOf(basilParent)).toEqual({
      subscriptionId: "sub_1Rbu7tFHp5a6uQihClPjLcC6",
      subscriptionItemId: "si_SWy4Mdj6eRE3WA",
      creditedItems: null,
    });
  });

  it("a recorded credit proration keeps what it credits (through the legacy-shape rewrite)", () => {
    const line = invoiceLineToCurrentShape(recordedCredit);
    const s = subscriptionItemOf(line.parent);
    expect(s.subscriptionId).toBe("sub_1QDoXVGjSxKJrDncYU0vmavf");
    expect(JSON.parse(s.creditedItems!)).toEqual({ invoice: "in_1QDoZIGjSxKJrDnc6m6UIHrS", invoice_line_items: ["il_1QDoZJGjSxKJrDncGc70N4Xm"] });
  });

  it("a basil proration line carries its credited items under subscription_item_details", () => {
    const parent = {
      ...basilParent,
      subscription_item_details: {
        ...basilParent.subscription_item_details,
        invoice_item: "ii_1",
        proration: true,
        proration_details: { credited_items: { invoice: "in_1", invoice_line_items: ["il_1", "il_2"] } },
      },
    };
    expect(subscriptionItemOf(parent)).toEqual({
      subscriptionId: "sub_1Rbu7tFHp5a6uQihClPjLcC6",
      subscriptionItemId: "si_SWy4Mdj6eRE3WA",
      creditedItems: JSON.stringify({ invoice: "in_1", invoice_line_items: ["il_1", "il_2"] }),
    });
  });

  it("an invoice item line names only its subscription; a line without a parent has none", () => {
    expect(
      subscriptionItemOf({
        type: "invoice_item_details",
        invoice_item_details: { invoice_item: "ii_1", proration: false, subscription: "sub_9" },
        subscription_item_details: null,
      }),
    ).toEqual({ subscriptionId: "sub_9", subscriptionItemId: null, creditedItems: null });
    expect(subscriptionItemOf(null)).toEqual({ subscriptionId: null, subscriptionItemId: null, creditedItems: null });
  });
});

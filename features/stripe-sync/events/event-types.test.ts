import { describe, expect, it } from "vitest";
import { allEventFamilies, eventFamilyOf, sameTargetTypes } from "./event-types";
import { orderingKey } from "../intake/ordering-key";
import { targetOf } from "./resolve-event";

const coalescable = allEventFamilies().flatMap((f) => f.coalescable.map((type) => ({ type, family: f })));
// data.object of an invoice item or invoice payment names its invoice; the others are the object.
const objectFor = (type: string) => ({ id: "obj_1", invoice: "in_1", object: type.split(".")[0] });

describe("the event table", () => {
  it("the most specific prefix wins", () => {
    expect(eventFamilyOf("charge.dispute.closed")?.kind).toBe("dispute");
    expect(eventFamilyOf("charge.refund.updated")?.kind).toBe("refund");
    expect(eventFamilyOf("charge.refunded")?.kind).toBe("charge");
    expect(eventFamilyOf("invoice_payment.paid")?.kind).toBe("invoice");
    expect(eventFamilyOf("invoice.will_be_due")?.kind).toBe("invoice");
  });

  it("customer.subscription.* is about the subscription, not the customer", () => {
    for (const type of ["created", "updated", "deleted", "paused", "resumed", "trial_will_end"].map((t) => `customer.subscription.${t}`)) {
      expect(eventFamilyOf(type)?.kind, type).toBe("subscription");
      // a canceled subscription stays retrievable: deleted is its final status, not a deletion
      expect(targetOf(type, { id: "sub_1", customer: "cus_1" }), type).toEqual({ kind: "subscription", id: "sub_1" });
    }
    expect(eventFamilyOf("customer.updated")?.kind).toBe("customer");
    expect(sameTargetTypes("customer.subscription.updated")).not.toContain("customer.updated");
  });

  it("leaves out what Settle does not project", () => {
    for (const type of [
      "customer.source.created",
      "customer.discount.created",
      "subscription_schedule.updated",
      "payment_method.attached",
      "product.updated",
      // a renewal's preview without an id (upcoming-renewal.ts in the emulator)
      "invoice.upcoming",
    ]) {
      expect(eventFamilyOf(type)).toBeNull();
      expect(targetOf(type, { id: "x_1" })).toBeNull();
      expect(sameTargetTypes(type)).toEqual([]);
    }
  });

  it("intake's ordering key is the processor's target, for every coalescable type", () => {
    for (const { type, family } of coalescable) {
      const object = objectFor(type);
      const target = targetOf(type, object);
      expect(target?.kind, type).toBe(family.kind);
      expect(orderingKey(type, object), type).toBe(target?.id);
      expect(target?.id, type).toBe(family.key === "invoice" ? "in_1" : "obj_1");
    }
  });

  it("a refetch settles only events of its own family, and every type of it", () => {
    for (const { type, family } of coalescable) {
      const same = sameTargetTypes(type);
      expect(same, type).toContain(type);
      for (const other of same) expect(eventFamilyOf(other)?.family, `${type} → ${other}`).toBe(family.family);
    }
    expect(new Set(sameTargetTypes("invoiceitem.created"))).toEqual(new Set(sameTargetTypes("invoice.paid")));
    expect(sameTargetTypes("refund.updated")).toContain("charge.refund.updated");
    expect(sameTargetTypes("charge.updated")).not.toContain("charge.refund.updated");
    expect(sameTargetTypes("charge.updated")).not.toContain("charge.dispute.updated");
  });

  it("deletions are marked for the kinds Stripe deletes", () => {
    expect(targetOf("invoice.deleted", { id: "in_1" })).toEqual({ kind: "invoice", id: "in_1", deleted: true });
    expect(targetOf("customer.deleted", { id: "cus_1" })).toEqual({ kind: "customer", id: "cus_1", deleted: true });
    expect(targetOf("price.updated", { id: "price_1" })).toEqual({ kind: "price", id: "price_1", deleted: false });
    expect(targetOf("invoiceitem.created", { id: "ii_1", invoice: null })).toBeNull();
    expect(orderingKey("invoiceitem.created", { id: "ii_1", invoice: null })).toBe("ii_1");
  });
});

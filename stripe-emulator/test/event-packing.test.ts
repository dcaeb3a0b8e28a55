// Event snapshots packed into shared strings (Emulator.packSnapshots): every event still shows the
// object as it was when it happened, across pack boundaries, for events sharing one snapshot, in
// snapshots and after a restore.
import { describe, expect, it } from "vitest";
import { Emulator } from "../src/emulator";
import type { Obj } from "../src/store";

const ok = (r: { status: number; body: any }) => {
  if (r.status !== 200) throw new Error(JSON.stringify(r.body));
  return r.body;
};

describe("event snapshots, packed", () => {
  it("show each object as it was, over several packs of ≥ 256 KiB", () => {
    const em = new Emulator({ seed: 3 });
    em.webhooks.enabled = false;
    const expected = new Map<string, Obj>(); // event id → the object as the API returned it then
    // ~1.2 KB per customer, updated once: two events per customer with different snapshots
    for (let i = 0; i < 300; i++) {
      const c = ok(em.api("POST", "/v1/customers", { name: `c${i}`, metadata: { note: "x".repeat(1000), i: String(i) } }));
      const u = ok(em.api("POST", `/v1/customers/${c.id}`, { name: `renamed ${i}` }));
      const [created, updated] = em.store.c.events.order.slice(-2).map((id) => em.store.c.events.get(id)!);
      expect(created.type).toBe("customer.created");
      expect(updated.type).toBe("customer.updated");
      expected.set(created.id, c);
      expected.set(updated.id, u);
    }
    // one paid invoice: invoice.paid, invoice.payment_succeeded and invoice.updated share a snapshot
    const cus = ok(em.api("POST", "/v1/customers", { payment_method: "pm_card_visa", invoice_settings: { default_payment_method: "pm_card_visa" } }));
    ok(em.api("POST", "/v1/invoiceitems", { customer: cus.id, amount: 1234, currency: "usd" }));
    const inv = ok(em.api("POST", "/v1/invoices", { customer: cus.id, pending_invoice_items_behavior: "include" }));
    const paid = ok(em.api("POST", `/v1/invoices/${inv.id}/pay`));
    for (let i = 0; i < 250; i++) ok(em.api("POST", "/v1/customers", { metadata: { pad: "y".repeat(1000) } })); // past the next pack
    for (const [id, object] of expected) expect(ok(em.api("GET", `/v1/events/${id}`)).data.object).toEqual(object);
    const paidEvents = [...em.store.c.events.items.values()].filter(
      (e) => e.object_id === inv.id && ["invoice.paid", "invoice.payment_succeeded", "invoice.updated"].includes(e.type),
    );
    expect(paidEvents.map((e) => e.type).slice(-3)).toEqual(["invoice.paid", "invoice.payment_succeeded", "invoice.updated"]);
    for (const e of paidEvents.slice(-3)) expect(ok(em.api("GET", `/v1/events/${e.id}`)).data.object).toEqual(paid);

    // a snapshot holds the same text, and a restored emulator shows the same events
    const snap = em.snapshot();
    const other = new Emulator({ seed: 3 });
    other.restore(snap);
    for (const id of expected.keys()) expect(ok(other.api("GET", `/v1/events/${id}`))).toEqual(ok(em.api("GET", `/v1/events/${id}`)));
    expect(other.snapshotJSON()).toBe(em.snapshotJSON());
  }, 60_000);
});

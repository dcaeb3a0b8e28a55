import { describe, expect, it } from "vitest";
import { Emulator } from "../src/emulator";
import { seedDemoScenario } from "./demo";
import { seedDemoSubscriptions } from "./demo-subscriptions";

describe("the demo's subscriptions", () => {
  const em = new Emulator();
  const m = seedDemoScenario(em);
  const subs = seedDemoSubscriptions(em, m)!;
  const get = (id: string) => em.api("GET", `/v1/subscriptions/${id}`).body;

  it("gives bob a paid tiered seat plan (12 then 14 seats), an add-on ending at period end and a canceled one", () => {
    expect(subs.customer).toBe(m.customers.find((c) => c.email === "bob@example.com")!.id);
    const seats = get(subs.seats);
    expect([seats.status, seats.items.data[0].quantity]).toEqual(["active", 14]);
    const first = em.api("GET", `/v1/invoices/${seats.latest_invoice}`).body;
    expect(first.currency).toBe("eur");
    // graduated: 10 × 15.00 + 2 × 12.00
    expect([first.status, first.total]).toEqual(["paid", 17_400]);
    const ending = get(subs.ending);
    expect([ending.status, ending.cancel_at_period_end, ending.cancel_at]).toEqual(["trialing", true, ending.items.data[0].current_period_end]);
    expect(get(subs.canceled).status).toBe("canceled");
    const all = em.api("GET", "/v1/subscriptions", { customer: subs.customer, status: "all" }).body;
    expect(all.data).toHaveLength(3);
  });

  it("hands back bob's seat contract: the seat price's own tiers, from the subscription's start", () => {
    const seats = get(subs.seats);
    expect(subs.seatsContract).toEqual({
      customer: subs.customer,
      price: seats.items.data[0].price.id,
      product: seats.items.data[0].price.product,
      currency: "eur",
      tiers_mode: "graduated",
      tiers: [
        { up_to: 10, unit_amount_decimal: "1500", flat_amount_decimal: null },
        { up_to: "inf", unit_amount_decimal: "1200", flat_amount_decimal: null },
      ],
      valid_from: seats.start_date,
      valid_to: null,
    });
  });

  it("adds nothing when bob has subscriptions already", () => {
    expect(seedDemoSubscriptions(em, m)).toBeNull();
    expect(em.api("GET", "/v1/subscriptions", { customer: subs.customer, status: "all" }).body.data).toHaveLength(3);
  });
});

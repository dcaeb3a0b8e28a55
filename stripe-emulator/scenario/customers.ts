import { call } from "./api";
import { CURRENCIES, PERCENTS, PROFILES, TAX_RATES } from "./catalog";
import { type CustomerPlan, monthStart, type ScenarioCtx } from "./context";
import type { Contract, ContractDiscount, Currency, LineKind } from "./types";

const KINDS: readonly LineKind[] = ["seats", "usage", "platform"];
const FIRST = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Wonka", "Soylent", "Tyrell", "Cyberdyne", "Aperture"];
const LAST = ["Labs", "GmbH", "KK", "Trading", "Systems", "Analytics", "Holdings", "Studio"];

export interface CustomerSeed {
  email?: string;
  name?: string;
  currency?: Currency;
  seats?: number;
  contractedSeats?: number;
  /** Tax regime (a key of TAX_RATES) instead of a random one of the currency's. */
  tax?: keyof typeof TAX_RATES;
  /** Contracted discounts for the whole history: this percentage off the seats lines and off every invoice. */
  discountsPct?: { seats: number; invoice: number };
}

/**
 * Creates `n` customers with their contracts. Decisions come from the "customers" stream,
 * so the number of invoices or injected errors never changes who the customers are.
 */
export function createCustomers(ctx: ScenarioCtx, n: number, months: number, start: number, fixed: CustomerSeed[] = []): CustomerPlan[] {
  const rng = ctx.rng("customers");
  const end = monthStart(start, months);
  const plans: CustomerPlan[] = [];
  for (let i = 0; i < n; i++) {
    const seed = fixed[i] ?? {};
    // The first four customers cover every currency even in tiny scenarios.
    const currency: Currency = seed.currency ?? (i < 4 ? CURRENCIES[i]! : pickCurrency(rng.int(0, 99)));
    const prof = PROFILES[currency];
    const name = seed.name ?? `${FIRST[rng.int(0, FIRST.length - 1)]} ${LAST[rng.int(0, LAST.length - 1)]} ${i + 1}`;
    const email = seed.email ?? `billing+c${i + 1}@${name.split(" ")[0]!.toLowerCase()}.example`;
    const taxKey = prof.taxes[rng.int(0, prof.taxes.length - 1)]!;
    // Every 13th taxed customer is on Stripe Tax, in turn not exempt, reverse-charge or exempt
    // (decided by position, not by a random draw, so no other customer changes).
    const stripeTax = i % 13 === 6 && !seed.tax && taxKey ? (["none", "reverse", "exempt"] as const)[Math.floor(i / 13) % 3] : undefined;
    const cus = call(ctx.em, "POST", "/v1/customers", {
      email,
      name,
      metadata: { scenario_index: i },
      preferred_locales: ["en"],
      ...(stripeTax && stripeTax !== "none" ? { tax_exempt: stripeTax } : {}),
    });
    const id = cus.id as string;
    const tariffs = {} as Record<LineKind, Contract[]>;
    for (const kind of KINDS) {
      // 70 % pay list price, the rest a negotiated one.
      const units = prof.units[kind];
      const unit = rng.chance(0.7) ? units[0]! : units[rng.int(1, units.length - 1)]!;
      tariffs[kind] = [contract(ctx, id, currency, kind, unit, start, null)];
    }
    // A fifth renegotiate the seat price at a month boundary: two contracts, back to back.
    if (months > 1 && rng.chance(0.2)) {
      const at = monthStart(start, rng.int(1, months - 1));
      const old = tariffs.seats[0]!;
      const others = prof.units.seats.filter((u) => u !== old.unit_amount_decimal);
      old.valid_to = at;
      tariffs.seats.push(contract(ctx, id, currency, "seats", others[rng.int(0, others.length - 1)]!, at, null));
    }
    const plan: CustomerPlan = {
      index: i,
      id,
      email,
      currency,
      // The random draw above is made either way, so fixing one customer's tax changes no one else.
      taxRate: seed.tax ? ctx.taxRates[seed.tax] : taxKey ? ctx.taxRates[taxKey] : null,
      seats: seed.seats ?? rng.int(3, 60),
      usage: rng.int(50, 4000) * 1000,
      manyLines: rng.chance(0.03),
      collection: rng.chance(0.1) ? "send_invoice" : "charge_automatically",
      tariffs,
      lineDiscount: null,
      invoiceDiscount: null,
      ...(seed.contractedSeats ? { contractedSeats: seed.contractedSeats } : {}),
      ...(stripeTax ? { stripeTax } : {}),
    };
    const roll = rng.int(0, 99);
    // KWD customers get at most one coupon so every discount stays a multiple of 10 fils.
    if (roll < 25) {
      const kind: LineKind = rng.chance(0.7) ? "seats" : "platform";
      // amount_off only on the platform fee, which is always larger than the coupon.
      plan.lineDiscount = { kind, discount: discount(ctx, rng.int(0, 3), months, start, end, rng.int(0, 1e6), currency, kind === "platform") };
    }
    if (roll >= 15 && roll < 40 && !(currency === "kwd" && plan.lineDiscount)) {
      plan.invoiceDiscount = { customer: id, ...discount(ctx, rng.int(0, 3), months, start, end, rng.int(0, 1e6), currency, true) };
    }
    if (seed.discountsPct) {
      const always = { valid_from: start, valid_to: end + 366 * 86400 };
      const { seats, invoice } = seed.discountsPct;
      plan.lineDiscount = { kind: "seats", discount: { coupon: ctx.coupon({ percent_off: seats }), percent_off: seats, ...always } };
      plan.invoiceDiscount = { customer: id, coupon: ctx.coupon({ percent_off: invoice }), percent_off: invoice, ...always };
    }
    if (seed.contractedSeats) for (const c of tariffs.seats) c.quantity = seed.contractedSeats;
    for (const c of tariffs[plan.lineDiscount?.kind ?? "seats"]) if (plan.lineDiscount) c.discount = plan.lineDiscount.discount;
    plans.push(plan);
  }
  return plans;
}

function pickCurrency(r: number): Currency {
  return r < 40 ? "usd" : r < 70 ? "eur" : r < 85 ? "jpy" : "kwd";
}

function contract(ctx: ScenarioCtx, customer: string, currency: Currency, kind: LineKind, unit: string, from: number, to: number | null): Contract {
  const price = ctx.price(currency, kind, unit);
  return {
    customer,
    price: price.id,
    product: ctx.products[kind],
    kind,
    currency,
    // What Stripe echoes back is the contract's canonical form ("0.0100" → "0.01").
    unit_amount_decimal: String(price.unit_amount_decimal ?? unit),
    valid_from: from,
    valid_to: to,
  };
}

/** A discount valid for a window of whole months: a percentage, or a third of the time (when allowed) an amount. */
function discount(
  ctx: ScenarioCtx,
  pct: number,
  months: number,
  start: number,
  end: number,
  r: number,
  currency: Currency,
  amountAllowed: boolean,
): ContractDiscount {
  const a = r % Math.max(1, months);
  const b = a + 1 + ((r >> 8) % Math.max(1, months - a));
  const from = monthStart(start, a);
  const to = b >= months ? end + 366 * 86400 : monthStart(start, b);
  if (amountAllowed && (r >> 4) % 3 === 0) {
    const amount_off = PROFILES[currency].amountOff;
    return { coupon: ctx.coupon({ amount_off, currency }), amount_off, valid_from: from, valid_to: to };
  }
  const percent_off = PERCENTS[pct]!;
  return { coupon: ctx.coupon({ percent_off }), percent_off, valid_from: from, valid_to: to };
}

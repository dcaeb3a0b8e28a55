import type { Emulator } from "../src/emulator";
import { call, type Obj } from "./api";
import { PRODUCTS, TAX_RATES, type TaxKey } from "./catalog";
import { Rng } from "./rng";
import type { Contract, ContractDiscount, Currency, CustomerDiscount, InjectedError, LineKind } from "./types";

/** Everything the scenario knows about one customer, decided before any invoice is made. */
export interface CustomerPlan {
  index: number;
  id: string;
  email: string;
  currency: Currency;
  taxRate: string | null;
  seats: number;
  usage: number;
  /** Split usage over many regions, giving invoices with more than 10 lines. */
  manyLines: boolean;
  collection: "charge_automatically" | "send_invoice";
  tariffs: Record<LineKind, Contract[]>;
  lineDiscount: { kind: LineKind; discount: ContractDiscount } | null;
  invoiceDiscount: CustomerDiscount | null;
  /** Contracted seat count (demo customers only; absent = any seat count is contractual). */
  contractedSeats?: number;
  /** Stripe Tax (automatic_tax) on this customer's invoices, with the customer's tax_exempt status. */
  stripeTax?: "none" | "reverse" | "exempt";
}

/** Shared state of one generation run. */
export class ScenarioCtx {
  readonly products = {} as Record<LineKind, string>;
  readonly taxRates = {} as Record<TaxKey, string>;
  private readonly prices = new Map<string, Obj>();
  private readonly coupons = new Map<string, string>();
  readonly injected: InjectedError[] = [];
  readonly counts: Record<string, number> = {};
  invoiceCount = 0;
  readonly highlights: Record<string, string> = {};

  constructor(
    readonly em: Emulator,
    readonly seed: number,
  ) {}

  rng(label: string): Rng {
    return Rng.fork(this.seed, label);
  }

  count(key: string, by = 1): void {
    this.counts[key] = (this.counts[key] ?? 0) + by;
  }

  /** Products and tax rates are account-wide: created once per run. */
  setupCatalog(): void {
    for (const kind of Object.keys(PRODUCTS) as LineKind[]) {
      const p = PRODUCTS[kind];
      this.products[kind] = call(this.em, "POST", "/v1/products", { name: p.name, unit_label: p.unit_label, metadata: { scenario_kind: kind } }).id;
    }
    for (const key of Object.keys(TAX_RATES) as TaxKey[]) {
      this.taxRates[key] = call(this.em, "POST", "/v1/tax_rates", { ...TAX_RATES[key] }).id;
    }
    // Stripe Tax registrations everywhere but Germany: a Stripe Tax customer there is not_collecting.
    for (const country of new Set(Object.values(TAX_RATES).map((r) => r.country))) {
      if (country !== "DE") call(this.em, "POST", "/v1/tax/registrations", { country });
    }
  }

  /** Prices are shared by every customer on the same (currency, product, unit amount). */
  price(currency: Currency, kind: LineKind, unit: string): Obj {
    const key = `${currency}:${kind}:${unit}`;
    let p = this.prices.get(key);
    if (!p) {
      p = call(this.em, "POST", "/v1/prices", {
        currency,
        product: this.products[kind],
        unit_amount_decimal: unit,
        nickname: `${PRODUCTS[kind].name} ${currency.toUpperCase()} ${unit}`,
      });
      this.prices.set(key, p);
    }
    return p;
  }

  /** Coupons are shared too; amount_off coupons are per currency as in Stripe. */
  coupon(spec: { percent_off?: number; amount_off?: number; currency?: Currency }): string {
    const key = JSON.stringify(spec);
    let id = this.coupons.get(key);
    if (!id) {
      // Names as a merchant writes them: the terms (percent or amount off) are the coupon's own fields.
      const name = spec.percent_off ? "Loyalty discount" : "Welcome credit";
      // Explicit, readable ids (Stripe allows them); a second run on the same account reuses them.
      const wanted = spec.percent_off ? `SCN-PCT${spec.percent_off}` : `SCN-${spec.currency!.toUpperCase()}${spec.amount_off}`;
      const existing = this.em.api("GET", `/v1/coupons/${wanted}`);
      id = existing.status === 200 ? wanted : (call(this.em, "POST", "/v1/coupons", { id: wanted, ...spec, duration: "forever", name }).id as string);
      this.coupons.set(key, id);
    }
    return id;
  }
}

/** Start of the UTC calendar month `m` months after `start`'s month. */
export function monthStart(start: number, m: number): number {
  const d = new Date(start * 1000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + m, 1) / 1000;
}

/** The contract in force for a period start (half-open validity). */
export function contractAt(list: Contract[], t: number): Contract {
  const c = list.find((x) => x.valid_from <= t && (x.valid_to === null || t < x.valid_to));
  if (!c) throw new Error(`no contract for ${list[0]?.customer} at ${t}`);
  return c;
}

export function discountActive(d: ContractDiscount | null | undefined, t: number): boolean {
  return !!d && d.valid_from <= t && t < d.valid_to;
}

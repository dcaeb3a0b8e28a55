// fast-check generators of realistic invoice inputs (tests only).
import fc from "fast-check";
import type { InvoiceEdit } from "../apply-edits";
import type { DiscountInput, InvoiceInput, LineInput, TaxRateInput } from "../types";

const CURRENCIES = ["usd", "eur", "jpy", "kwd", "bhd", "gbp"] as const;
const THREE = new Set(["kwd", "bhd"]);

const decimal = (maxInt: number, maxFrac: number) =>
  fc
    .tuple(fc.integer({ min: 0, max: maxInt }), fc.integer({ min: 0, max: maxFrac }), fc.integer({ min: 0, max: 10 ** maxFrac - 1 }))
    .map(([i, places, frac]) => (places === 0 ? String(i) : `${i}.${String(frac % 10 ** places).padStart(places, "0")}`));

export const percentArb = fc.oneof(
  fc.constantFrom("0", "5", "10", "12.5", "19", "20", "33.33", "50", "100"),
  decimal(100, 2).filter((s) => Number(s) <= 100),
);
export const taxRateArb = (ids: string[]) =>
  fc.record({
    id: fc.constantFrom(...ids),
    percentage: fc.oneof(fc.constantFrom("7", "8.875", "9.975", "19", "20", "21"), decimal(30, 4)),
    inclusive: fc.boolean(),
  }) as fc.Arbitrary<TaxRateInput>;

function discountArb(currency: string, idPrefix: string): fc.Arbitrary<DiscountInput> {
  const step = THREE.has(currency) ? 10 : 1;
  return fc.oneof(
    fc.record({ id: fc.integer({ min: 0, max: 3 }).map((i) => `${idPrefix}${i}`), percentOff: percentArb }),
    fc.record({
      id: fc.integer({ min: 0, max: 3 }).map((i) => `${idPrefix}${i}`),
      amountOff: fc.integer({ min: 0, max: 50_000 }).map((n) => BigInt(n * step)),
    }),
  );
}

const uniqueById = <T extends { id: string }>(xs: T[]) => xs.filter((x, i) => xs.findIndex((y) => y.id === x.id) === i);

function lineArb(currency: string, index: number): fc.Arbitrary<LineInput> {
  const step = THREE.has(currency) ? 10 : 1;
  const priced = fc.record({
    quantity: fc.oneof(fc.integer({ min: 0, max: 2000 }).map(String), decimal(50, 3)),
    unitAmountDecimal: fc.oneof(fc.integer({ min: 0, max: 200_000 }).map(String), decimal(5000, 4)),
  });
  const fixed = fc.integer({ min: 0, max: 500_000 }).map((n) => ({ amount: BigInt(n * step) }));
  return fc
    .record({
      price: fc.oneof({ weight: 4, arbitrary: priced }, { weight: 1, arbitrary: fixed }),
      discounts: fc.array(discountArb(currency, `di_l${index}_`), { maxLength: 2 }).map(uniqueById),
      taxRates: fc.option(fc.array(taxRateArb(["txr_a", "txr_b", "txr_c"]), { maxLength: 2 }).map(uniqueById), { nil: undefined }),
      discountable: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      productId: fc.constantFrom("prod_seats", "prod_usage", "prod_platform"),
    })
    .map(({ price, ...rest }) => ({ id: `il_${index}`, ...price, ...rest, periodStart: 1_767_225_600 }));
}

export const invoiceArb: fc.Arbitrary<InvoiceInput> = fc.constantFrom(...CURRENCIES).chain((currency) =>
  fc.integer({ min: 1, max: 14 }).chain((n) =>
    fc.record({
      currency: fc.constant(currency),
      lines: fc.tuple(...Array.from({ length: n }, (_, i) => lineArb(currency, i))),
      discounts: fc.array(discountArb(currency, "di_inv_"), { maxLength: 2 }).map(uniqueById),
      defaultTaxRates: fc.array(taxRateArb(["txr_a", "txr_d"]), { maxLength: 2 }).map(uniqueById),
    }),
  ),
);

/** Edits that are valid for `inv` (line edits target existing lines; removals come last). */
export function editsArb(inv: InvoiceInput): fc.Arbitrary<InvoiceEdit[]> {
  const lineId = fc.constantFrom(...inv.lines.map((l) => l.id));
  const edit: fc.Arbitrary<InvoiceEdit> = fc.oneof(
    fc.record({ type: fc.constant("set_quantity" as const), lineId, quantity: fc.oneof(fc.integer({ min: 0, max: 500 }).map(String), decimal(20, 2)) }),
    fc.record({ type: fc.constant("set_unit_amount" as const), lineId, unitAmountDecimal: decimal(100_000, 4) }),
    fc.record({ type: fc.constant("set_discount" as const), discount: discountArb(inv.currency, "di_edit_"), lineId: fc.option(lineId, { nil: undefined }) }),
    fc.record({
      type: fc.constant("remove_discount" as const),
      discountId: fc.constantFrom("di_inv_0", "di_inv_1", "di_l0_0", "di_edit_0"),
      lineId: fc.option(lineId, { nil: undefined }),
    }),
    fc.record({ type: fc.constant("set_tax_rate" as const), taxRate: taxRateArb(["txr_a", "txr_e"]), lineId: fc.option(lineId, { nil: undefined }) }),
    fc.record({
      type: fc.constant("remove_tax_rate" as const),
      taxRateId: fc.constantFrom("txr_a", "txr_b", "txr_d"),
      lineId: fc.option(lineId, { nil: undefined }),
    }),
    fc.record({
      type: fc.constant("apply_tariff" as const),
      tariff: fc.array(fc.record({ productId: fc.constantFrom("prod_seats", "prod_usage"), unitAmountDecimal: decimal(10_000, 2) }), { maxLength: 2 }),
    }),
  );
  const removals = fc.array(fc.record({ type: fc.constant("remove_line" as const), lineId }), { maxLength: 2 });
  return fc.tuple(fc.array(edit, { maxLength: 5 }), removals).map(([e, r]) => [...e, ...r]);
}

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { roundHalfUp } from "@/lib/money";
import { applyEdits } from "./apply-edits";
import { computeInvoice } from "./compute-invoice";
import { toRational } from "./normalize";
import { recalculate } from "./recalculate";
import { editsArb, invoiceArb } from "./testing/arbitraries";
import type { DiscountInput, InvoiceResult } from "./types";

const RUNS = { numRuns: 400 };
const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);
const step = (c: string) => (["kwd", "bhd"].includes(c) ? 10n : 1n);

/** The rules' invoice-discount amount on `base`, worked independently of the implementation. */
function expectedDiscount(d: DiscountInput, base: bigint, s: bigint): bigint {
  if (base <= 0n) return 0n;
  if (d.amountOff !== undefined && d.amountOff !== null) return BigInt(d.amountOff) < base ? BigInt(d.amountOff) : base;
  const p = toRational(d.percentOff!, "pct");
  const x = roundHalfUp({ n: base * p.n, d: 100n * p.d * s }) * s;
  return x < base ? x : base;
}

// Generous timeout: the machine is shared and fast-check runs 400 cases per property.
describe("billing math properties", { timeout: 60_000 }, () => {
  it("line discounts + invoice allocations add up to the total discount, per discount and overall", () => {
    fc.assert(
      fc.property(invoiceArb, (inv) => {
        const r = computeInvoice(inv);
        const perLine = sum(r.lines.flatMap((l) => l.discountAmounts.map((d) => d.amount)));
        expect(perLine).toBe(r.totalDiscount);
        expect(sum(r.totalDiscountAmounts.map((d) => d.amount))).toBe(r.totalDiscount);
        for (const l of r.lines) expect(sum(l.discountAmounts.map((d) => d.amount))).toBe(l.discountTotal);
      }),
      RUNS,
    );
  });

  it("each invoice discount's allocation conserves exactly the discount the rules give", () => {
    fc.assert(
      fc.property(invoiceArb, (inv) => {
        const r = computeInvoice(inv);
        // What is left of each line after its own discounts, then after each invoice discount.
        const left = r.lines.map((l) => l.amount - sum(l.discountAmounts.filter((d) => d.scope === "line").map((d) => d.amount)));
        for (const d of inv.discounts ?? []) {
          const shares = r.lines.map((l) => l.discountAmounts.find((x) => x.scope === "invoice" && x.discountId === d.id)?.amount ?? 0n);
          const base = sum(left.filter((_, i) => inv.lines[i].discountable !== false));
          expect(sum(shares)).toBe(expectedDiscount(d, base, step(inv.currency)));
          shares.forEach((s, i) => {
            expect(s >= 0n).toBe(true);
            left[i] -= s;
          });
        }
      }),
      RUNS,
    );
  });

  it("totals are never negative and the identities of Stripe's fields hold", () => {
    fc.assert(
      fc.property(invoiceArb, (inv) => {
        const r: InvoiceResult = computeInvoice(inv);
        expect(r.total >= 0n).toBe(true);
        expect(r.totalExcludingTax >= 0n).toBe(true);
        const itemDiscount = sum(r.lines.flatMap((l) => l.discountAmounts.filter((d) => d.scope === "line").map((d) => d.amount)));
        const invoiceDiscount = r.totalDiscount - itemDiscount;
        // Stripe: the subtotal already has the item discounts taken off.
        expect(r.subtotal).toBe(sum(r.lines.map((l) => l.amount)) - itemDiscount);
        expect(invoiceDiscount <= r.subtotal || r.subtotal < 0n).toBe(true);
        for (const l of r.lines) expect(l.discountedAmount >= 0n).toBe(true);
        expect(r.totalExcludingTax).toBe(r.total - sum(r.totalTaxes.map((t) => t.amount)));
        const exclusive = sum(r.lines.flatMap((l) => l.taxes.filter((t) => !t.inclusive).map((t) => t.amount)));
        expect(r.total).toBe(r.subtotal - invoiceDiscount + exclusive);
        expect(sum(r.lines.map((l) => l.total))).toBe(r.total);
        const s = step(inv.currency);
        for (const l of r.lines) for (const t of l.taxes) expect(t.amount % s).toBe(0n);
      }),
      RUNS,
    );
  });

  it("recalculating a recalculation with no edits changes nothing", () => {
    fc.assert(
      fc.property(
        invoiceArb.chain((inv) => fc.tuple(fc.constant(inv), editsArb(inv))),
        ([inv, edits]) => {
          const first = recalculate(inv, edits);
          const again = recalculate(first.input, []);
          expect(again.changed).toBe(false);
          expect(again.recalculated).toEqual(first.recalculated);
          expect(again.original).toEqual(first.recalculated);
          for (const c of [...again.lines, ...Object.values(again.totals)]) expect("difference" in c ? c.difference : c.total.difference).toBe(0n);
        },
      ),
      RUNS,
    );
  });

  it("edits are idempotent: one at a time, and a list without removals as a whole", () => {
    fc.assert(
      fc.property(
        invoiceArb.chain((inv) => fc.tuple(fc.constant(inv), editsArb(inv))),
        ([inv, edits]) => {
          let cur = inv;
          for (const e of edits) {
            const once = applyEdits(cur, [e]);
            expect(applyEdits(once, [e])).toEqual(once);
            cur = once;
          }
          // Removals are not idempotent as part of a list: a rate set then removed on a line is no
          // longer in use the second time, so setting it again adds it as a default.
          const kept = edits.filter((e) => !e.type.startsWith("remove_"));
          const once = applyEdits(inv, kept);
          expect(applyEdits(once, kept)).toEqual(once);
          expect(computeInvoice(applyEdits(once, kept))).toEqual(computeInvoice(once));
        },
      ),
      RUNS,
    );
  });

  it("differences add up: Σ line total differences = total difference", () => {
    fc.assert(
      fc.property(
        invoiceArb.chain((inv) => fc.tuple(fc.constant(inv), editsArb(inv))),
        ([inv, edits]) => {
          const r = recalculate(inv, edits);
          expect(r.totals.total.difference).toBe(r.totals.total.original - r.totals.total.recalculated);
          expect(sum(r.lines.map((l) => l.total.difference))).toBe(r.totals.total.difference);
        },
      ),
      RUNS,
    );
  });
});

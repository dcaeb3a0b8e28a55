// Property tests of the invoice/credit-note invariants over random invoices (in-process API).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Emulator } from "../src/emulator";

const em = new Emulator({ seed: 42 });
const ok = (r: { status: number; body: any }) => {
  if (r.status !== 200) throw new Error(JSON.stringify(r.body));
  return r.body;
};

const decimal = fc
  .tuple(fc.integer({ min: 0, max: 99999 }), fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 4 }))
  .map(([i, f, d]) => (d === 0 ? String(i) : `${i}.${String(f).padStart(4, "0").slice(0, d)}`));
const percent = fc.tuple(fc.integer({ min: 0, max: 99 }), fc.constantFrom("", ".5", ".875", ".25", ".125")).map(([i, f]) => `${i}${f}`);

const lineArb = fc.record({
  qty: fc.integer({ min: 1, max: 30 }),
  unit: decimal,
  fixed: fc.option(fc.integer({ min: 1, max: 50000 }), { nil: undefined }),
  discountable: fc.boolean(),
  couponPct: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
  couponOff: fc.option(fc.integer({ min: 1, max: 5000 }), { nil: undefined }),
  taxIdx: fc.subarray([0, 1]),
});

const invoiceArb = fc.record({
  currency: fc.constantFrom("usd", "eur", "jpy", "kwd"),
  lines: fc.array(lineArb, { minLength: 1, maxLength: 13 }),
  // rates applied together share a behaviour (mixing is rejected, see README rule 4)
  rates: fc
    .boolean()
    .chain((inclusive) => fc.tuple(fc.record({ p: percent, inclusive: fc.constant(inclusive) }), fc.record({ p: percent, inclusive: fc.constant(inclusive) }))),
  invPct: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
  invOff: fc.option(fc.integer({ min: 1, max: 100000 }), { nil: undefined }),
  balance: fc.integer({ min: -20000, max: 5000 }),
  pay: fc.boolean(),
  creditShare: fc.double({ min: 0.01, max: 1, noNaN: true }),
  split: fc.tuple(fc.nat(100), fc.nat(100)),
});

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const tens = (cur: string, n: number) => (cur === "kwd" ? Math.round(n / 10) * 10 : n);

describe("invoice invariants (property)", () => {
  it("hold for random invoices, payments and credit notes", () => {
    fc.assert(
      fc.property(invoiceArb, (s) => {
        em.reset();
        const cur = s.currency;
        const c = ok(em.api("POST", "/v1/customers", { email: "p@x.test" }));
        if (s.balance) ok(em.api("POST", `/v1/customers/${c.id}/balance_transactions`, { amount: tens(cur, s.balance), currency: cur }));
        const rates = s.rates.map((r) => ok(em.api("POST", "/v1/tax_rates", { display_name: "T", percentage: r.p, inclusive: r.inclusive })).id);
        const coupon = (pct?: number, off?: number) =>
          pct
            ? ok(em.api("POST", "/v1/coupons", { percent_off: pct })).id
            : off
              ? ok(em.api("POST", "/v1/coupons", { amount_off: tens(cur, off), currency: cur })).id
              : undefined;
        const invCoupons = [coupon(s.invPct), coupon(undefined, s.invOff)].filter(Boolean).map((id) => ({ coupon: id }));
        const inv = ok(em.api("POST", "/v1/invoices", { customer: c.id, currency: cur, discounts: invCoupons }));
        for (const l of s.lines) {
          const lc = coupon(l.couponPct, l.couponOff);
          const base = {
            customer: c.id,
            invoice: inv.id,
            currency: cur,
            discountable: l.discountable,
            tax_rates: l.taxIdx.map((i) => rates[i]),
            discounts: lc ? [{ coupon: lc }] : [],
          };
          ok(em.api("POST", "/v1/invoiceitems", l.fixed ? { ...base, amount: tens(cur, l.fixed) } : { ...base, quantity: l.qty, unit_amount_decimal: l.unit }));
        }
        const f = ok(em.api("POST", `/v1/invoices/${inv.id}/finalize`));
        const lines = ok(em.api("GET", `/v1/invoices/${inv.id}/lines`, { limit: 100 })).data;

        expect(f.amount_remaining).toBe(f.amount_due - f.amount_paid);
        expect(f.total_excluding_tax).toBe(f.total - sum(f.total_taxes.map((t: any) => t.amount)));
        const lineDisc = sum(lines.flatMap((l: any) => l.discount_amounts.map((d: any) => d.amount)));
        expect(lineDisc).toBe(sum(f.total_discount_amounts.map((d: any) => d.amount)));
        const excl = sum(f.total_taxes.filter((t: any) => t.tax_behavior === "exclusive").map((t: any) => t.amount));
        // Stripe: subtotal is net of item (line-level) discounts; only invoice-level ones follow it.
        const own = (l: any) => new Set(l.discounts as string[]);
        const itemDisc = sum(lines.flatMap((l: any) => l.discount_amounts.filter((d: any) => own(l).has(d.discount)).map((d: any) => d.amount)));
        expect(f.total).toBe(f.subtotal - (lineDisc - itemDisc) + excl);
        expect(f.subtotal).toBe(sum(lines.map((l: any) => l.amount)) - itemDisc);
        lines.forEach((l: any, i: number) => {
          const d = sum(l.discount_amounts.map((x: any) => x.amount));
          expect(d).toBeLessThanOrEqual(l.amount);
          if (!s.lines[i].discountable) expect(d).toBe(0);
          if (!s.lines[i].fixed) {
            // independent check of rule 1: qty × unit, half up (to tens for KWD)
            const [ip, fp = ""] = s.lines[i].unit.split(".");
            const scale = 10n ** BigInt(fp.length);
            const num = BigInt(ip + fp) * BigInt(s.lines[i].qty);
            const unit = cur === "kwd" ? 10n : 1n;
            const rounded = ((2n * num + scale * unit) / (2n * scale * unit)) * unit;
            expect(l.amount).toBe(Number(rounded));
          }
        });
        if (cur === "kwd")
          for (const v of [
            f.total,
            f.subtotal,
            f.amount_due,
            ...f.total_taxes.map((t: any) => t.amount),
            ...lines.flatMap((l: any) => l.discount_amounts.map((d: any) => d.amount)),
          ])
            expect(v % 10).toBe(0);

        // payment, then a credit note whose post-payment part is split exactly
        let cur2 = f;
        if (s.pay && f.status === "open") cur2 = ok(em.api("POST", `/v1/invoices/${inv.id}/pay`, { payment_method: "pm_card_visa" }));
        expect(cur2.amount_remaining).toBe(cur2.amount_due - cur2.amount_paid);
        const creditable = f.total;
        if (creditable <= 0 || (cur2.status !== "open" && cur2.status !== "paid")) return;
        const amount = Math.max(cur === "kwd" ? 10 : 1, tens(cur, Math.floor(creditable * s.creditShare)));
        if (amount > creditable) return;
        const pre = cur2.status === "open" ? Math.min(amount, cur2.amount_remaining) : 0;
        const post = amount - pre;
        const refundable = cur2.amount_paid;
        const refund = Math.min(refundable, tens(cur, Math.floor((post * s.split[0]) / 100)));
        const credit = Math.min(post - refund, tens(cur, Math.floor(((post - refund) * s.split[1]) / 100)));
        const oob = post - refund - credit;
        const wrong = em.api("POST", "/v1/credit_notes", {
          invoice: inv.id,
          amount,
          refund_amount: refund,
          credit_amount: credit,
          out_of_band_amount: oob + (cur === "kwd" ? 10 : 1),
        });
        expect(wrong.status).toBe(400);
        const cn = ok(em.api("POST", "/v1/credit_notes", { invoice: inv.id, amount, refund_amount: refund, credit_amount: credit, out_of_band_amount: oob }));
        expect(cn.pre_payment_amount + cn.post_payment_amount).toBe(cn.total);
        expect(cn.pre_payment_amount).toBe(pre);
        const after = ok(em.api("GET", `/v1/invoices/${inv.id}`));
        expect(after.amount_remaining).toBe(after.amount_due - after.amount_paid);
        expect(after.amount_remaining).toBeGreaterThanOrEqual(0);
        expect(after.pre_payment_credit_notes_amount + after.post_payment_credit_notes_amount).toBe(cn.total);
        const more = em.api("POST", "/v1/credit_notes", { invoice: inv.id, amount: creditable - amount + (cur === "kwd" ? 10 : 1), out_of_band_amount: 0 });
        expect(more.status).toBe(400);
      }),
      { numRuns: 120, seed: 20260101 },
    );
  }, 60_000);
});

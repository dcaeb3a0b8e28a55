// Every invoice of the conformance corpus (real Stripe data recorded by other projects, see
// README.md) through Settle's billing math and every billing-audit rule. These invoices are
// Stripe's own and correct: any mismatch or finding is a false accusation by Settle.
import { describe, expect, it } from "vitest";
import { verifyInvoice, type StripeInvoiceLike, type StripeTaxRateLike } from "@/features/billing-math";
import { runRules } from "@/features/billing-audit/rules";
import { auditContextFromStripe, type RateInfo } from "@/features/billing-audit/testing/context-from-stripe";
import { invoiceToCurrentShape } from "@/features/stripe-sync/events/legacy-shape";
import { corpusInvoices, corpusTaxRates, discountsOf, loadCorpus, recordedTaxRates, taxRateIdsOf } from "./corpus";

const invoices = corpusInvoices();
const recorded = recordedTaxRates();
const knownRates: Record<string, { percentage: string | null; inclusive: boolean }> = { ...corpusTaxRates(), ...recorded };
// A rate no source recorded and the invoice cannot tell (only not_collecting entries): the
// figures must come out the same whatever its percentage, so each is tried.
const ANY_PERCENTAGE = ["0", "6.25", "20"];

/** Every assignment of percentages to the invoice's rates worth trying (one per unknown-rate value). */
function rateSets(inv: ReturnType<typeof invoiceToCurrentShape>): Record<string, StripeTaxRateLike>[] {
  const ids = taxRateIdsOf(inv);
  const unknown = ids.filter((id) => !knownRates[id]?.percentage);
  const variants = unknown.length ? ANY_PERCENTAGE : [null];
  return variants.map((p) =>
    Object.fromEntries(
      ids.map((id) => {
        const r = knownRates[id];
        if (!r) throw new Error(`tax rate ${id}: neither recorded nor in tax-rates.json`);
        return [id, { id, percentage: r.percentage ?? p!, inclusive: r.inclusive }];
      }),
    ),
  );
}

describe("conformance corpus", () => {
  it("holds real invoices, a dispute and a refund", () => {
    const kinds = new Set(loadCorpus().map((e) => e.object));
    expect(invoices.length).toBeGreaterThanOrEqual(7);
    expect([...kinds].sort()).toEqual(expect.arrayContaining(["dispute", "invoice", "refund"]));
  });

  describe.each(invoices.map((e) => [e.file, e] as const))("%s", (_file, entry) => {
    const inv = invoiceToCurrentShape(entry.data);

    it.each(
      rateSets(inv).map(
        (r) =>
          [
            Object.values(r)
              .map((x) => `${x.id}=${x.percentage}%`)
              .join(", ") || "no tax rates",
            r,
          ] as const,
      ),
    )("billing math: 0 mismatches with Stripe's numbers (%s)", (_label, taxRates) => {
      expect(verifyInvoice(inv as StripeInvoiceLike, { taxRates, discounts: discountsOf(inv) })).toEqual([]);
    });

    it.each(
      rateSets(inv).map(
        (r) =>
          [
            Object.values(r)
              .map((x) => `${x.id}=${x.percentage}%`)
              .join(", ") || "no tax rates",
            r,
          ] as const,
      ),
    )("billing audit: 0 findings (%s)", (_label, taxRates) => {
      const rates: Record<string, RateInfo> = Object.fromEntries(
        Object.entries(taxRates).map(([id, r]) => [id, { percentage: String(r.percentage), inclusive: r.inclusive }]),
      );
      const findings = runRules(auditContextFromStripe(inv, { rates }), (rule, error) => {
        throw new Error(`rule ${rule} threw on ${entry.file}: ${String(error)}`);
      });
      expect(findings.map((f) => `${f.rule}: ${f.summary}`)).toEqual([]);
    });
  });
});

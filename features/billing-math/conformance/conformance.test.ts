// Every invoice of the conformance corpus (real Stripe data recorded by other projects, see
// README.md) through Settle's billing math and every billing-audit rule. These invoices are
// Stripe's own and correct: any mismatch or finding is a false accusation by Settle.
import { describe, expect, it } from "vitest";
import { verifyInvoice, type StripeInvoiceLike } from "@/features/billing-math";
import { runRules } from "@/features/billing-audit/rules";
import { auditContextFromStripe } from "@/features/billing-audit/testing/context-from-stripe";
import { invoiceToCurrentShape } from "@/features/stripe-sync/legacy-shape";
import { corpusInvoices, loadCorpus } from "./corpus";

const invoices = corpusInvoices();

describe("conformance corpus", () => {
  it("holds real invoices, a dispute and a refund", () => {
    const kinds = new Set(loadCorpus().map((e) => e.object));
    expect(invoices.length).toBeGreaterThanOrEqual(4);
    expect([...kinds].sort()).toEqual(expect.arrayContaining(["dispute", "invoice", "refund"]));
  });

  describe.each(invoices.map((e) => [e.file, e] as const))("%s", (_file, entry) => {
    const inv = invoiceToCurrentShape(entry.data) as StripeInvoiceLike;

    it("billing math: 0 mismatches with Stripe's numbers", () => {
      expect(verifyInvoice(inv)).toEqual([]);
    });

    it("billing audit: 0 findings", () => {
      const findings = runRules(auditContextFromStripe(inv), (rule, error) => {
        throw new Error(`rule ${rule} threw on ${entry.file}: ${String(error)}`);
      });
      expect(findings.map((f) => `${f.rule}: ${f.summary}`)).toEqual([]);
    });
  });
});

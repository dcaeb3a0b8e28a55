// The body of the conformance integration tests, shared by the test-mode and the live-mode
// file (Settle reads its Stripe mode from the key once per process, so each mode runs in its
// own file). Test-only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db";
import { stripeLivemode } from "@/lib/env";
import { loadAuditContexts } from "@/features/billing-audit/load-audit-contexts";
import { runRulesOver } from "@/features/billing-audit/audit-invoices";
import { drainEvents } from "@/features/stripe-sync/processor/process-events";
import { runResync } from "@/features/stripe-sync/resync/run-resync";
import { postSigned, resetSyncTables } from "@/features/stripe-sync/testing/harness";
import { startRecordedApi, type RecordedApi } from "@/features/stripe-sync/testing/recorded-api";
import { corpusTaxRates, loadCorpus, recordedTaxRates, type Json } from "../conformance/corpus";

const ids = (v: Json): string | null => (typeof v === "string" ? v : v && typeof v.id === "string" ? v.id : null);
const date = (s: number | null | undefined) => (s === null || s === undefined ? null : new Date(s * 1000));
const big = (v: number | null | undefined) => (v === null || v === undefined ? null : BigInt(v));

// Stripe's figures as the recorded object states them, in either API shape (pre-2025-03-31
// lines name `price` and `tax_amounts`; current ones `pricing` and `taxes`).
const lineTaxes = (l: Json): Json[] =>
  l.taxes ??
  (l.tax_amounts ?? []).map((t: Json) => ({
    amount: t.amount,
    taxable_amount: t.taxable_amount,
    tax_behavior: t.inclusive ? "inclusive" : "exclusive",
    taxability_reason: t.taxability_reason,
    tax_rate_details: { tax_rate: ids(t.tax_rate) },
  }));
const invoiceTaxes = (inv: Json): Json[] =>
  inv.total_taxes ??
  (inv.total_tax_amounts ?? []).map((t: Json) => ({
    amount: t.amount,
    taxable_amount: t.taxable_amount,
    tax_behavior: t.inclusive ? "inclusive" : "exclusive",
    taxability_reason: t.taxability_reason,
    tax_rate_details: { tax_rate: ids(t.tax_rate) },
  }));
const NOT_STATED = "not stated by Stripe";
const byRate = (taxes: Json[]) => {
  // A tax entry recorded before Stripe had `taxable_amount` (2022) states none: nothing to compare.
  const m = new Map<string, { amount: bigint; taxableAmount: bigint | typeof NOT_STATED; inclusive: boolean; taxabilityReason: string | null }>();
  for (const t of taxes) {
    const id = ids(t.tax_rate_details?.tax_rate)!;
    const p = m.get(id);
    const stated = t.taxable_amount !== null && t.taxable_amount !== undefined;
    const taxableAmount = !stated || p?.taxableAmount === NOT_STATED ? NOT_STATED : (p?.taxableAmount ?? 0n) + BigInt(t.taxable_amount);
    m.set(id, {
      amount: (p?.amount ?? 0n) + BigInt(t.amount),
      taxableAmount,
      inclusive: t.tax_behavior === "inclusive",
      taxabilityReason: p?.taxabilityReason ?? t.taxability_reason ?? null,
    });
  }
  return Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)));
};
/** The projected taxable amount, or NOT_STATED where Stripe's entries for the rate state none. */
const statedOr = (taxes: Json[], rateId: string, projected: bigint) =>
  taxes.filter((t) => ids(t.tax_rate_details?.tax_rate) === rateId).some((t) => t.taxable_amount === null || t.taxable_amount === undefined)
    ? NOT_STATED
    : projected;
const byDiscount = (amounts: Json[], own: Set<string | null>, ownScope: string, otherScope: string) => {
  const m = new Map<string, { amount: bigint; scope: string }>();
  for (const d of amounts) {
    const id = ids(d.discount)!;
    m.set(id, { amount: (m.get(id)?.amount ?? 0n) + BigInt(d.amount), scope: own.has(id) ? ownScope : otherScope });
  }
  return Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)));
};

/** How much of the corpus this mode holds: a test that finds less was given less than the corpus has. */
export interface Expected {
  invoices: number;
  others: number;
  audited: number;
  /** Credit prorations (proration, amount < 0, credited_items) among the audited invoices' lines. */
  creditProrations?: number;
}

export function defineSyncConformance(expected: Expected): void {
  const corpus = loadCorpus();
  let api: RecordedApi;
  const live = () => stripeLivemode();
  /** The corpus as this deployment's key sees it (Stripe keeps test and live mode apart). */
  const mine = () => corpus.filter((e) => (e.data.livemode ?? e.event?.livemode ?? false) === live());
  const invoices = () => mine().filter((e) => e.object === "invoice" && typeof e.data.id === "string");

  beforeAll(async () => {
    api = await startRecordedApi({ objects: corpus.filter((e) => !e.event).map((e) => e.data), events: corpus.filter((e) => e.event).map((e) => e.event) });
    process.env.STRIPE_API_BASE = api.url;
    await resetSyncTables();
    const db = await getDb();
    // Customers the corpus names but no source recorded: Settle keeps an invoice only under a
    // known customer, so the test (not Stripe) provides an empty row for each. The one customer
    // the corpus did record is left to the sync and checked below.
    const recorded = new Set(
      mine()
        .filter((e) => e.object === "customer")
        .map((e) => e.data.id),
    );
    for (const id of new Set(invoices().map((e) => ids(e.data.customer)!))) {
      if (!recorded.has(id)) await db.customer.create({ data: { stripeId: id, livemode: live(), stripeCreated: new Date(0) } });
    }
    for (const e of mine().filter((x) => x.event)) expect((await postSigned(e.event)).status, e.file).toBe(200);
    await runResync(await getDb());
    await drainEvents(await getDb(), { backoffMs: 10 });
  });
  afterAll(async () => {
    await api?.close();
    delete process.env.STRIPE_API_BASE;
    await closeDb();
  });

  describe("conformance corpus through the sync", () => {
    it("every delivered and resynced event is processed, none failed", async () => {
      const db = await getDb();
      const rows = await db.stripeEvent.findMany({ select: { id: true, type: true, status: true, lastError: true } });
      expect(rows.length).toBeGreaterThanOrEqual(mine().length);
      expect(rows.filter((r) => r.status !== "PROCESSED")).toEqual([]);
      // Read over HTTP through the SDK: delivered events refetch their object, the resync lists.
      expect(api.requests).toContain("GET /v1/invoices");
      for (const e of mine().filter((x) => x.event))
        expect(api.requests, e.file).toContain(`GET /v1/${e.object === "dispute" ? "disputes" : `${e.object}s`}/${e.data.id}`);
    });

    it("invoices: every projected field equals Stripe's", async () => {
      const db = await getDb();
      expect(invoices().length).toBe(expected.invoices);
      for (const { file, data: inv } of invoices()) {
        const row = await db.invoice.findUniqueOrThrow({
          where: { stripeId: inv.id },
          include: { customer: true, lines: { orderBy: { position: "asc" }, include: { taxes: true, discounts: true } }, taxes: true, discounts: true },
        });
        const st = inv.status_transitions ?? {};
        expect(
          {
            customer: row.customer.stripeId,
            number: row.number,
            status: row.status,
            currency: row.currency,
            collectionMethod: row.collectionMethod,
            billingReason: row.billingReason,
            subtotal: row.subtotal,
            subtotalExcludingTax: row.subtotalExcludingTax,
            total: row.total,
            totalExcludingTax: row.totalExcludingTax,
            amountDue: row.amountDue,
            amountPaid: row.amountPaid,
            amountRemaining: row.amountRemaining,
            amountOverpaid: row.amountOverpaid,
            startingBalance: row.startingBalance,
            endingBalance: row.endingBalance,
            prePaymentCreditNotesAmount: row.prePaymentCreditNotesAmount,
            postPaymentCreditNotesAmount: row.postPaymentCreditNotesAmount,
            periodStart: row.periodStart,
            periodEnd: row.periodEnd,
            dueDate: row.dueDate,
            hostedInvoiceUrl: row.hostedInvoiceUrl,
            description: row.description,
            livemode: row.livemode,
            stripeCreated: row.stripeCreated,
            finalizedAt: row.finalizedAt,
            paidAt: row.paidAt,
            voidedAt: row.voidedAt,
          },
          file,
        ).toEqual({
          customer: ids(inv.customer),
          number: inv.number ?? null,
          status: String(inv.status).toUpperCase(),
          currency: inv.currency,
          collectionMethod: inv.collection_method ?? null,
          billingReason: inv.billing_reason ?? null,
          subtotal: big(inv.subtotal),
          subtotalExcludingTax: big(inv.subtotal_excluding_tax),
          total: big(inv.total),
          totalExcludingTax: big(inv.total_excluding_tax),
          amountDue: big(inv.amount_due),
          amountPaid: big(inv.amount_paid),
          amountRemaining: big(inv.amount_remaining),
          amountOverpaid: big(inv.amount_overpaid ?? 0),
          startingBalance: big(inv.starting_balance),
          endingBalance: big(inv.ending_balance),
          prePaymentCreditNotesAmount: big(inv.pre_payment_credit_notes_amount),
          postPaymentCreditNotesAmount: big(inv.post_payment_credit_notes_amount),
          periodStart: date(inv.period_start),
          periodEnd: date(inv.period_end),
          dueDate: date(inv.due_date),
          hostedInvoiceUrl: inv.hosted_invoice_url ?? null,
          description: inv.description ?? null,
          livemode: inv.livemode === true,
          stripeCreated: date(inv.created),
          finalizedAt: date(st.finalized_at),
          paidAt: date(st.paid_at),
          voidedAt: date(st.voided_at),
        });

        const lines: Json[] = inv.lines.data;
        expect(
          row.lines.map((l) => ({
            stripeId: l.stripeId,
            description: l.description,
            currency: l.currency,
            amount: l.amount,
            quantity: l.quantity.toString(),
            unitAmountDecimal: l.unitAmountDecimal?.toString() ?? null,
            priceId: l.priceId,
            productId: l.productId,
            periodStart: l.periodStart,
            periodEnd: l.periodEnd,
            proration: l.proration,
            taxes: Object.fromEntries(
              l.taxes
                .map((t) => [
                  t.taxRateId,
                  {
                    amount: t.amount,
                    taxableAmount: statedOr(lineTaxes(lines.find((x) => x.id === l.stripeId)), t.taxRateId, t.taxableAmount),
                    inclusive: t.inclusive,
                    taxabilityReason: t.taxabilityReason,
                  },
                ])
                .sort(([a], [b]) => String(a).localeCompare(String(b))),
            ),
            discounts: Object.fromEntries(
              l.discounts.map((d) => [d.discountId, { amount: d.amount, scope: d.scope }]).sort(([a], [b]) => String(a).localeCompare(String(b))),
            ),
          })),
          file,
        ).toEqual(
          lines.map((l) => {
            const price = l.pricing?.price_details?.price ?? ids(l.price);
            const parent = l.parent?.invoice_item_details ?? l.parent?.subscription_item_details ?? l;
            return {
              stripeId: l.id,
              description: l.description ?? null,
              currency: l.currency ?? inv.currency,
              amount: BigInt(l.amount),
              quantity: String(l.quantity_decimal ?? l.quantity ?? 1),
              unitAmountDecimal: l.pricing ? (l.pricing.unit_amount_decimal ?? null) : (l.price?.unit_amount_decimal ?? null),
              priceId: ids(price),
              productId: l.pricing?.price_details?.product ?? ids(l.price?.product) ?? null,
              periodStart: date(l.period?.start),
              periodEnd: date(l.period?.end),
              proration: parent.proration === true,
              taxes: byRate(lineTaxes(l)),
              discounts: byDiscount(l.discount_amounts ?? [], new Set((l.discounts ?? []).map(ids)), "line", "invoice"),
            };
          }),
        );

        const invoiceOwn = new Set<string | null>((inv.discounts ?? []).map(ids));
        expect(
          {
            taxes: Object.fromEntries(
              row.taxes
                .map((t) => [
                  t.taxRateId,
                  {
                    amount: t.amount,
                    taxableAmount: statedOr(invoiceTaxes(inv), t.taxRateId, t.taxableAmount),
                    inclusive: t.inclusive,
                    taxabilityReason: t.taxabilityReason,
                  },
                ])
                .sort(([a], [b]) => String(a).localeCompare(String(b))),
            ),
            discounts: Object.fromEntries(
              row.discounts.map((d) => [d.discountId, { amount: d.amount, scope: d.scope }]).sort(([a], [b]) => String(a).localeCompare(String(b))),
            ),
          },
          file,
        ).toEqual({ taxes: byRate(invoiceTaxes(inv)), discounts: byDiscount(inv.total_discount_amounts ?? [], invoiceOwn, "invoice", "line") });
      }
    });

    it("coupons recorded with the discounts are projected with them", async () => {
      const db = await getDb();
      for (const { file, data: inv } of invoices()) {
        for (const a of inv.total_discount_amounts ?? []) {
          if (typeof a.discount !== "object") continue;
          const coupon = a.discount.source?.coupon ?? a.discount.coupon;
          const row = await db.invoiceDiscount.findFirstOrThrow({ where: { discountId: a.discount.id, invoice: { stripeId: inv.id } } });
          expect(
            { couponId: row.couponId, couponName: row.couponName, percentOff: row.percentOff?.toString() ?? null, amountOff: row.amountOff },
            file,
          ).toEqual({
            couponId: ids(coupon),
            couponName: coupon.name ?? null,
            percentOff: coupon.percent_off === null ? null : String(coupon.percent_off),
            amountOff: big(coupon.amount_off),
          });
        }
      }
    });

    it("customers, refunds and disputes: every projected field equals Stripe's", async () => {
      const db = await getDb();
      const customers = mine().filter((e) => e.object === "customer");
      const refunds = mine().filter((e) => e.object === "refund");
      const disputes = mine().filter((e) => e.object === "dispute");
      expect(customers.length + refunds.length + disputes.length).toBe(expected.others);
      for (const { file, data: c } of customers) {
        const row = await db.customer.findUniqueOrThrow({ where: { stripeId: c.id } });
        expect(
          {
            email: row.email,
            name: row.name,
            currency: row.currency,
            balance: row.balance,
            livemode: row.livemode,
            deleted: row.deleted,
            stripeCreated: row.stripeCreated,
          },
          file,
        ).toEqual({
          email: c.email ?? null,
          name: c.name ?? null,
          currency: c.currency ?? null,
          balance: BigInt(c.balance ?? 0),
          livemode: c.livemode === true,
          deleted: false,
          stripeCreated: date(c.created),
        });
      }
      for (const { file, data: r } of refunds) {
        const row = await db.refund.findUniqueOrThrow({ where: { stripeId: r.id } });
        expect(
          {
            amount: row.amount,
            currency: row.currency,
            status: row.status,
            reason: row.reason,
            paymentIntent: row.paymentIntentStripeId,
            stripeCreated: row.stripeCreated,
          },
          file,
        ).toEqual({
          amount: BigInt(r.amount),
          currency: r.currency,
          status: r.status,
          reason: r.reason ?? null,
          paymentIntent: ids(r.payment_intent),
          stripeCreated: date(r.created),
        });
      }
      for (const { file, data: d } of disputes) {
        const row = await db.chargeback.findUniqueOrThrow({ where: { stripeId: d.id } });
        expect(
          {
            charge: row.chargeStripeId,
            amount: row.amount,
            currency: row.currency,
            status: row.status,
            reason: row.reason,
            livemode: row.livemode,
            stripeCreated: row.stripeCreated,
            closedAt: row.closedAt,
          },
          file,
        ).toEqual({
          charge: ids(d.charge),
          amount: BigInt(d.amount),
          currency: d.currency,
          status: d.status,
          reason: d.reason ?? null,
          livemode: d.livemode === true,
          stripeCreated: date(d.created),
          closedAt: null,
        });
      }
    });

    it("the billing audit over the projections finds nothing on these clean invoices", async () => {
      const db = await getDb();
      // Rates no source recorded are not served (Settle stores 0 % for a rate Stripe does not
      // return); the percentage derived from Stripe's own figures (tax-rates.json) is put in their
      // place for the audit, and invoices naming a rate nobody can tell are left out.
      const rates = corpusTaxRates();
      const recorded = recordedTaxRates();
      const auditable: string[] = [];
      for (const { data: inv } of invoices()) {
        const named = [...new Set([...invoiceTaxes(inv), ...inv.lines.data.flatMap(lineTaxes)].map((t: Json) => ids(t.tax_rate_details?.tax_rate)!))];
        if (named.some((id) => !recorded[id] && !rates[id]?.percentage)) continue;
        for (const id of named.filter((x) => !recorded[x])) {
          await db.invoiceTax.updateMany({ where: { taxRateId: id }, data: { percentage: rates[id].percentage! } });
          await db.invoiceLineTax.updateMany({ where: { taxRateId: id }, data: { percentage: rates[id].percentage! } });
        }
        auditable.push((await db.invoice.findUniqueOrThrow({ where: { stripeId: inv.id }, select: { id: true } })).id);
      }
      expect(auditable.length).toBe(expected.audited);
      const contexts = await loadAuditContexts(db, auditable, { chargeScope: "invoices", livemode: live() });
      // proration_credit stays silent without its data: every credit proration must reach it with
      // the lines it credits loaded (amount and period as projected), or "0 findings" proves nothing.
      let creditProrations = 0;
      for (const c of contexts)
        for (const l of c.invoice.lines.filter((x) => x.proration && x.amount < 0n && x.creditedItems?.lines.length)) {
          creditProrations++;
          const loaded = new Map((c.credits?.creditedLines ?? []).map((x) => [x.stripeId, x]));
          for (const id of l.creditedItems!.lines) {
            expect(loaded.get(id)?.invoiceStripeId, `${l.stripeId} credits ${id}`).toBe(l.creditedItems!.invoice);
            expect(loaded.get(id)!.amount > 0n, `${id} is a debit`).toBe(true);
          }
        }
      expect(creditProrations).toBe(expected.creditProrations ?? 0);
      const { findings, failed } = runRulesOver(contexts);
      expect(failed).toEqual([]);
      expect(findings.map((f) => `${f.rule} ${f.invoiceId}: ${f.summary}`)).toEqual([]);
    });
  });
}

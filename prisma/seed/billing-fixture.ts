// Pure builder of realistic billing projections (no I/O): the seed, the tests and the
// benchmark share it. Numbers follow Stripe's rules so the portal shows consistent bills:
// line amount = quantity × unit price; invoice discount allocated to lines; exclusive tax per
// rate on the discounted amount; total = subtotal − discounts + tax; amount_remaining =
// amount_due − amount_paid; pre-payment credit notes lower amount_due.
import type { Prisma } from "@prisma/client";

export type FixtureOptions = {
  customerId: string;
  invoices: number;
  linesPerInvoice: number;
  currency?: string;
  /** Distinguishes the Stripe ids of several fixtures in one database. */
  idPrefix?: string;
  seed?: number;
  /** Creation time of the newest invoice; older ones go back one day each (ties every 7th). */
  newestAt?: Date;
};

export type FixtureRows = {
  invoices: Prisma.InvoiceCreateManyInput[];
  lines: Prisma.InvoiceLineCreateManyInput[];
  lineDiscounts: Prisma.InvoiceLineDiscountCreateManyInput[];
  lineTaxes: Prisma.InvoiceLineTaxCreateManyInput[];
  discounts: Prisma.InvoiceDiscountCreateManyInput[];
  taxes: Prisma.InvoiceTaxCreateManyInput[];
  paymentIntents: Prisma.PaymentIntentCreateManyInput[];
  charges: Prisma.ChargeCreateManyInput[];
  invoicePayments: Prisma.InvoicePaymentCreateManyInput[];
  refunds: Prisma.RefundCreateManyInput[];
  creditNotes: Prisma.CreditNoteCreateManyInput[];
  creditNoteLines: Prisma.CreditNoteLineCreateManyInput[];
};

const PRODUCTS = [
  { name: "Team seats", unit: 1200n },
  { name: "API calls (per 1,000)", unit: 35n },
  { name: "Storage (GB-month)", unit: 21n },
  { name: "Priority support", unit: 4900n },
  { name: "SMS notifications", unit: 7n },
];
const DECLINES = ["insufficient_funds", "expired_card", "incorrect_cvc", "do_not_honor", "lost_card"];
const DAY = 86_400_000;

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

// Prices are quoted in cents; zero- and three-decimal currencies get plausible magnitudes.
const scaleFor = (currency: string) => (currency === "jpy" ? 1n : currency === "kwd" ? 3n : 1n);
const roundTaxHalfUp = (base: bigint, basisPoints: bigint) => (base * basisPoints + 5000n) / 10000n;

export function buildBillingFixture(o: FixtureOptions): FixtureRows {
  const currency = o.currency ?? "usd";
  const p = o.idPrefix ?? o.customerId;
  const random = rng(o.seed ?? 42);
  const newest = (o.newestAt ?? new Date(Date.UTC(2026, 10, 1))).getTime();
  const rows: FixtureRows = {
    invoices: [],
    lines: [],
    lineDiscounts: [],
    lineTaxes: [],
    discounts: [],
    taxes: [],
    paymentIntents: [],
    charges: [],
    invoicePayments: [],
    refunds: [],
    creditNotes: [],
    creditNoteLines: [],
  };
  const taxRate = { id: `txr_${p}_vat`, name: "VAT", bp: 2000n }; // 20.00 %
  for (let i = 0; i < o.invoices; i++) {
    const invId = `${p}_in_${i}`;
    // every 7th invoice shares its creation time with the previous one: ties for keyset tests
    const created = new Date(newest - (i - (i % 7 === 6 ? 1 : 0)) * DAY);
    const periodStart = new Date(created.getTime() - 30 * DAY);
    const roll = random();
    const status = i % 23 === 5 ? "VOID" : i % 31 === 9 ? "UNCOLLECTIBLE" : roll < 0.25 ? "OPEN" : "PAID";
    const hasDiscount = i % 3 === 0;
    let subtotal = 0n;
    let discountTotal = 0n;
    let taxTotal = 0n;
    let taxable = 0n;
    for (let l = 0; l < o.linesPerInvoice; l++) {
      const prod = PRODUCTS[(i + l) % PRODUCTS.length];
      const qty = BigInt(1 + Math.floor(random() * 40));
      const unit = prod.unit * scaleFor(currency) * (currency === "kwd" ? 10n : 1n);
      const amount = qty * unit;
      const lineId = `${invId}_li_${l}`;
      rows.lines.push({
        id: lineId,
        stripeId: `il_${lineId}`,
        invoiceId: invId,
        position: l,
        description: `${prod.name}`,
        currency,
        amount,
        quantity: qty.toString(),
        unitAmountDecimal: unit.toString(),
        priceId: null,
        productId: null,
        periodStart,
        periodEnd: created,
        proration: false,
      });
      const discount = hasDiscount ? amount / 10n - ((amount / 10n) % (currency === "kwd" ? 10n : 1n)) : 0n;
      if (hasDiscount) {
        rows.lineDiscounts.push({
          id: `${lineId}_d`,
          lineId,
          discountId: `di_${invId}`,
          couponId: "LOYAL10",
          percentOff: "10",
          scope: "invoice",
          amount: discount,
        });
      }
      const base = amount - discount;
      let tax = roundTaxHalfUp(base, taxRate.bp);
      if (currency === "kwd") tax -= tax % 10n;
      rows.lineTaxes.push({
        id: `${lineId}_t`,
        lineId,
        taxRateId: taxRate.id,
        displayName: taxRate.name,
        percentage: "20",
        inclusive: false,
        amount: tax,
        taxableAmount: base,
      });
      subtotal += amount;
      discountTotal += discount;
      taxTotal += tax;
      taxable += base;
    }
    if (hasDiscount)
      rows.discounts.push({ id: `${invId}_d`, invoiceId: invId, discountId: `di_${invId}`, couponId: "LOYAL10", percentOff: "10", amount: discountTotal });
    rows.taxes.push({
      id: `${invId}_t`,
      invoiceId: invId,
      taxRateId: taxRate.id,
      displayName: taxRate.name,
      percentage: "20",
      inclusive: false,
      amount: taxTotal,
      taxableAmount: taxable,
    });
    const total = subtotal - discountTotal + taxTotal;

    // a credit note on every 5th paid invoice (refunded) and every 6th open one (pre-payment)
    let pre = 0n;
    let post = 0n;
    const creditLine = o.linesPerInvoice > 0 ? rows.lines[rows.lines.length - o.linesPerInvoice] : null;
    const wantCredit = creditLine && ((status === "PAID" && i % 5 === 0) || (status === "OPEN" && i % 6 === 0));
    let cnTotal = 0n;
    if (wantCredit && creditLine) {
      const lineTax = rows.lineTaxes[rows.lineTaxes.length - o.linesPerInvoice];
      const lineDisc = hasDiscount ? rows.lineDiscounts[rows.lineDiscounts.length - o.linesPerInvoice] : null;
      const net = (creditLine.amount as bigint) - ((lineDisc?.amount as bigint | undefined) ?? 0n);
      cnTotal = net + (lineTax.amount as bigint);
      const cnId = `${invId}_cn`;
      const isPost = status === "PAID";
      if (isPost) post = cnTotal;
      else pre = cnTotal;
      rows.creditNotes.push({
        id: cnId,
        stripeId: `cn_${cnId}`,
        invoiceId: invId,
        customerId: o.customerId,
        number: `CN-${p.toUpperCase()}-${String(i + 1).padStart(5, "0")}`,
        status: "ISSUED",
        type: isPost ? "post_payment" : "pre_payment",
        reason: isPost ? "order_change" : "product_unsatisfactory",
        memo: isPost ? "Seats removed after cancellation" : "Service outage credit",
        currency,
        amount: cnTotal,
        subtotal: creditLine.amount as bigint,
        total: cnTotal,
        discountAmount: (lineDisc?.amount as bigint | undefined) ?? 0n,
        prePaymentAmount: isPost ? 0n : cnTotal,
        postPaymentAmount: isPost ? cnTotal : 0n,
        refundAmount: isPost ? cnTotal : 0n,
        creditAmount: 0n,
        stripeCreated: new Date(created.getTime() + 2 * DAY),
        effectiveAt: new Date(created.getTime() + 2 * DAY),
      });
      rows.creditNoteLines.push({
        id: `${cnId}_l0`,
        stripeId: `cnli_${cnId}_0`,
        creditNoteId: cnId,
        position: 0,
        type: "invoice_line_item",
        invoiceLineStripeId: creditLine.stripeId,
        description: creditLine.description,
        quantity: creditLine.quantity,
        unitAmountDecimal: creditLine.unitAmountDecimal,
        amount: creditLine.amount as bigint,
        discountAmount: (lineDisc?.amount as bigint | undefined) ?? 0n,
        taxAmount: lineTax.amount as bigint,
      });
    }
    const amountDue = status === "VOID" ? 0n : total - pre;
    const amountPaid = status === "PAID" ? amountDue : 0n;
    const amountRemaining = status === "OPEN" || status === "UNCOLLECTIBLE" ? amountDue : 0n;
    const dueDate = i % 4 === 3 ? null : new Date(created.getTime() + 14 * DAY);
    rows.invoices.push({
      id: invId,
      stripeId: `in_${invId}`,
      customerId: o.customerId,
      number: `${p.toUpperCase()}-${String(i + 1).padStart(5, "0")}`,
      status,
      currency,
      collectionMethod: dueDate ? "send_invoice" : "charge_automatically",
      billingReason: "subscription_cycle",
      subtotal,
      subtotalExcludingTax: subtotal,
      total,
      totalExcludingTax: subtotal - discountTotal,
      amountDue,
      amountPaid,
      amountRemaining,
      prePaymentCreditNotesAmount: pre,
      postPaymentCreditNotesAmount: post,
      periodStart,
      periodEnd: created,
      dueDate,
      hostedInvoiceUrl: status === "OPEN" ? `https://invoice.stripe.com/i/${invId}` : null,
      stripeCreated: created,
      finalizedAt: created,
      paidAt: status === "PAID" ? new Date(created.getTime() + DAY) : null,
      voidedAt: status === "VOID" ? created : null,
    });

    // payments: a failed attempt before success on every 4th paid invoice; a failure on open ones
    const pay = (n: number, ok: boolean, amount: bigint) => {
      const piId = `${invId}_pi${n}`;
      const decline = DECLINES[(i + n) % DECLINES.length];
      const at = new Date(created.getTime() + (n + 1) * 3600_000);
      rows.paymentIntents.push({
        id: piId,
        stripeId: `pi_${piId}`,
        customerId: o.customerId,
        amount,
        amountReceived: ok ? amount : 0n,
        currency,
        status: ok ? "succeeded" : "requires_payment_method",
        lastErrorCode: ok ? null : "card_declined",
        lastDeclineCode: ok ? null : decline,
        lastErrorMessage: ok ? null : "Your card was declined.",
        stripeCreated: at,
      });
      const chId = `${invId}_ch${n}`;
      rows.charges.push({
        id: chId,
        stripeId: `ch_${chId}`,
        customerId: o.customerId,
        paymentIntentId: piId,
        amount,
        amountCaptured: ok ? amount : 0n,
        amountRefunded: ok && post > 0n ? post : 0n,
        currency,
        status: ok ? "succeeded" : "failed",
        paid: ok,
        refunded: ok && post === amount,
        failureCode: ok ? null : "card_declined",
        failureMessage: ok ? null : "Your card was declined.",
        declineCode: ok ? null : decline,
        outcomeReason: ok ? null : decline,
        paymentMethodType: "card",
        cardBrand: n % 2 ? "mastercard" : "visa",
        cardLast4: n % 2 ? "4444" : "4242",
        stripeCreated: at,
      });
      rows.invoicePayments.push({
        id: `${invId}_ip${n}`,
        stripeId: `inpay_${invId}_${n}`,
        invoiceId: invId,
        paymentIntentStripeId: `pi_${piId}`,
        amountPaid: ok ? amount : null,
        amountRequested: amount,
        currency,
        status: ok ? "paid" : "open",
        paidAt: ok ? at : null,
        stripeCreated: at,
      });
      if (ok && post > 0n) {
        rows.refunds.push({
          id: `${invId}_re`,
          stripeId: `re_${invId}`,
          chargeId: chId,
          customerId: o.customerId,
          paymentIntentStripeId: `pi_${piId}`,
          amount: post,
          currency,
          status: "succeeded",
          reason: "requested_by_customer",
          creditNoteStripeId: `cn_${invId}_cn`,
          stripeCreated: new Date(created.getTime() + 2 * DAY),
        });
      }
    };
    if (status === "PAID" && amountDue > 0n) {
      if (i % 4 === 0) pay(0, false, amountDue);
      pay(1, true, amountDue);
    } else if (status === "OPEN" && i % 2 === 0 && amountDue > 0n) pay(0, false, amountDue);
  }
  return rows;
}

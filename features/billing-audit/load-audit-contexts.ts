import "server-only";
import type { Db } from "@/lib/db";
import { auditRows, dateOf, epochMs } from "@/lib/pg-pool";
import { tiersOf } from "@/features/billing-math/price-row";
import { loadInvoiceDocs } from "./load-invoice-docs";
import {
  DEFAULT_SETTINGS,
  type AuditCharge,
  type AuditContext,
  type AuditContractDiscount,
  type AuditDiff,
  type AuditInvoice,
  type AuditMeterUsage,
  type AuditRefund,
  type AuditSettings,
  type AuditSubscription,
  type AuditTariff,
} from "./types";

// Builds audit contexts with a fixed number of flat SQL queries per batch (no per-invoice round
// trips, no ORM hydration): invoices as JSON documents, then the customers, tariffs, contracted
// discounts, charges (with the invoices each is recorded against), refunds and the latest
// reconciliation's diffs (and, with the customers, the subscriptions the invoices' lines may
// bill). Each invoice then gets, in memory, only the charges the rules look at: the ones
// recorded against it and the customer's others within the duplicate window.

export interface LoadOptions {
  now?: Date;
  settings?: AuditSettings;
  /** The reconciliation run whose diffs apply; undefined = look up the latest finished run. */
  runId?: string | null;
  /**
   * "customer" (the sweep): every charge of the batch's customers, one indexed query.
   * "invoices" (the incremental check): only the invoices' own charges and those near them.
   */
  chargeScope?: "customer" | "invoices";
  /**
   * Only invoices and charges of this Stripe mode (the audit passes the configured key's: the
   * other mode's rows are another account's, and a test charge is no duplicate of a live one).
   * Undefined = any mode (a recalculation reads the one invoice it was asked for).
   */
  livemode?: boolean;
}

export async function latestReconciliationRunId(db: Db): Promise<string | null> {
  const rows = await auditRows<{ id: string }>(
    db,
    `SELECT id FROM "ReconciliationRun" WHERE "finishedAt" IS NOT NULL AND error IS NULL ORDER BY "startedAt" DESC LIMIT 1`,
  );
  return rows[0]?.id ?? null;
}

type TariffRow = {
  id: string;
  customerId: string;
  priceId: string | null;
  productId: string | null;
  currency: string;
  unit: string | null;
  tiersMode: string | null;
  /** Stripe-shaped tiers as JSON text (read as text: the same on both database drivers). */
  tiers: string | null;
  quantity: string | null;
  validFrom: number;
  validTo: number | null;
};
/** A tiered tariff's mode and tiers; null per unit (or, defensively, when the stored tiers are unreadable). */
function tieredOf(t: TariffRow): AuditTariff["tiered"] {
  if (t.tiersMode !== "graduated" && t.tiersMode !== "volume") return null;
  const tiers = t.tiers === null ? null : tiersOf(JSON.parse(t.tiers) as unknown);
  return tiers ? { tiersMode: t.tiersMode, tiers } : null;
}

type ContractDiscountRow = {
  id: string;
  customerId: string;
  scope: string;
  priceId: string | null;
  productId: string | null;
  couponId: string | null;
  percentOff: string | null;
  amountOff: string | null;
  validFrom: number;
  validTo: number | null;
};
type ChargeRow = {
  stripeId: string;
  customerId: string | null;
  pi: string | null;
  amount: string;
  refunded: string;
  currency: string;
  status: string;
  disputed: boolean;
  created: number;
};
const CHARGE_COLS = `c."stripeId", c."customerId", pi."stripeId" AS pi, c.amount::text AS amount, c."amountRefunded"::text AS refunded, c.currency, c.status, c.disputed, ${epochMs('c."stripeCreated"')} AS created`;

async function loadCharges(
  db: Db,
  invoices: (AuditInvoice & { customerId: string })[],
  customerIds: string[],
  scope: "customer" | "invoices",
  windowMs: number,
  livemode: boolean | null,
): Promise<ChargeRow[]> {
  // LATERAL with OFFSET 0 (so the planner cannot flatten it): one index probe per charge; a plain
  // join hashed every payment intent for every batch (50 ms per batch at 1M lines, growing).
  if (scope === "customer")
    return auditRows<ChargeRow>(
      db,
      `SELECT ${CHARGE_COLS} FROM "Charge" c LEFT JOIN LATERAL (SELECT p."stripeId" FROM "PaymentIntent" p WHERE p.id = c."paymentIntentId" OFFSET 0) pi ON true
       WHERE c."customerId" = ANY($1::text[]) AND ($2::boolean IS NULL OR c.livemode = $2)`,
      [customerIds, livemode],
    );
  const piIds = [...new Set(invoices.flatMap((i) => i.payments.map((p) => p.paymentIntentStripeId).filter((x): x is string => !!x)))];
  const chIds = [...new Set(invoices.flatMap((i) => i.payments.map((p) => p.chargeStripeId).filter((x): x is string => !!x)))];
  if (!piIds.length && !chIds.length) return [];
  // The linked charges and, in the same statement, the same customer's charges within the window
  // of each. Two indexed lookups joined by UNION: an OR of the two would scan the whole table.
  return auditRows<ChargeRow>(
    db,
    `WITH ids AS (
       SELECT c.id FROM "Charge" c JOIN "PaymentIntent" p ON p.id = c."paymentIntentId" WHERE p."stripeId" = ANY($1::text[])
       UNION SELECT c.id FROM "Charge" c WHERE c."stripeId" = ANY($2::text[])
     ), linked AS (
       SELECT ${CHARGE_COLS}, c.livemode, c."stripeCreated" AS at FROM ids JOIN "Charge" c ON c.id = ids.id LEFT JOIN "PaymentIntent" pi ON pi.id = c."paymentIntentId"
     )
     SELECT "stripeId", "customerId", pi, amount, refunded, currency, status, disputed, created FROM linked WHERE ($4::boolean IS NULL OR livemode = $4)
     UNION
     SELECT ${CHARGE_COLS} FROM linked l JOIN "Charge" c ON c."customerId" = l."customerId"
       AND c."stripeCreated" BETWEEN l.at - make_interval(secs => $3::float8 / 1000) AND l.at + make_interval(secs => $3::float8 / 1000)
       AND ($4::boolean IS NULL OR c.livemode = $4)
       LEFT JOIN "PaymentIntent" pi ON pi.id = c."paymentIntentId"`,
    [piIds, chIds, windowMs, livemode],
  );
}

/** A subscription as the customers' query returns it, positional (see SUBSCRIPTIONS_SQL). */
type SubscriptionRow = [
  stripeId: string,
  status: string,
  startDate: number | null,
  trialStart: number | null,
  trialEnd: number | null,
  cancelAt: number | null,
  canceledAt: number | null,
  endedAt: number | null,
  lastEventAt: number | null,
  items: [stripeId: string, priceId: string, quantity: string | null, start: number | null, end: number | null][],
];

/**
 * A column of the customers' query: the customer's subscriptions that have an item with one of
 * the batch's line prices ($2) or one the lines name ($4; what rules/subscription-match.ts can
 * match a line to: by item id first, else by price), each with
 * all its items, as one JSON array. Read beside the customer (Subscription(customerId, …) index)
 * rather than as a query of its own, so the step's reads still fit the audit pool's four
 * connections; the incremental check reads one customer's few subscriptions.
 */
const SUBSCRIPTIONS_SQL = `(SELECT coalesce(json_agg(json_build_array(s."stripeId", s.status, ${epochMs('s."startDate"')}, ${epochMs('s."trialStart"')}, ${epochMs('s."trialEnd"')},
    ${epochMs('s."cancelAt"')}, ${epochMs('s."canceledAt"')}, ${epochMs('s."endedAt"')}, ${epochMs('s."lastEventAt"')},
    (SELECT coalesce(json_agg(json_build_array(si."stripeId", si."priceId", si.quantity::text, ${epochMs('si."currentPeriodStart"')}, ${epochMs('si."currentPeriodEnd"')}) ORDER BY si."stripeId"), '[]')
       FROM "SubscriptionItem" si WHERE si."subscriptionId" = s.id)) ORDER BY s."stripeId"), '[]')
  FROM "Subscription" s WHERE s."customerId" = c.id AND ($3::boolean IS NULL OR s.livemode = $3)
    AND EXISTS (SELECT 1 FROM "SubscriptionItem" si WHERE si."subscriptionId" = s.id AND (si."priceId" = ANY($2::text[]) OR si."stripeId" = ANY($4::text[]))))`;

function auditSubscriptionOf([
  stripeId,
  status,
  startDate,
  trialStart,
  trialEnd,
  cancelAt,
  canceledAt,
  endedAt,
  lastEventAt,
  items,
]: SubscriptionRow): AuditSubscription {
  return {
    stripeId,
    status,
    startDate: dateOf(startDate),
    trialStart: dateOf(trialStart),
    trialEnd: dateOf(trialEnd),
    cancelAt: dateOf(cancelAt),
    canceledAt: dateOf(canceledAt),
    endedAt: dateOf(endedAt),
    lastEventAt: dateOf(lastEventAt),
    items: items.map(([stripeId, priceId, quantity, start, end]) => ({
      stripeId,
      priceId,
      quantity: quantity === null ? null : BigInt(quantity),
      currentPeriodStart: dateOf(start),
      currentPeriodEnd: dateOf(end),
    })),
  };
}

export async function loadAuditContexts(db: Db, invoiceIds: string[], opts: LoadOptions = {}): Promise<AuditContext[]> {
  if (!invoiceIds.length) return [];
  const now = opts.now ?? new Date();
  const settings = opts.settings ?? DEFAULT_SETTINGS;
  const livemode = opts.livemode ?? null;
  // The latest reconciliation run does not depend on the invoices: read it beside their documents
  // (one round trip less for the incremental check, and the next step's four queries then fit the
  // audit pool's four connections without one waiting for another).
  const runIdRead = opts.runId !== undefined ? Promise.resolve(opts.runId) : latestReconciliationRunId(db);
  runIdRead.catch(() => undefined); // awaited below; this only keeps a failure from being "unhandled" if the documents fail first
  const invoices = await loadInvoiceDocs(db, invoiceIds, livemode);
  if (!invoices.length) return [];
  const customerIds = [...new Set(invoices.map((i) => i.customerId))];

  const priceIds = [...new Set(invoices.flatMap((i) => i.lines.map((l) => l.priceId).filter((x): x is string => !!x)))];
  const itemIds = [...new Set(invoices.flatMap((i) => i.lines.map((l) => l.subscriptionItemId).filter((x): x is string => !!x)))];
  // Credit prorations and metered lines are rare: their reads run only when the batch has some.
  const creditsRead = loadCredits(db, invoices, livemode);
  const meterRead = loadMeterUsage(db, invoices, customerIds);
  creditsRead.catch(() => undefined);
  meterRead.catch(() => undefined);
  const [customers, tariffs, discounts, chargeRows, runId] = await Promise.all([
    auditRows<CustomerRow>(
      db,
      priceIds.length || itemIds.length
        ? `SELECT c.id, c."stripeId", c.currency, c.deleted, ${SUBSCRIPTIONS_SQL}::text AS subscriptions FROM "Customer" c WHERE c.id = ANY($1::text[])`
        : `SELECT id, "stripeId", currency, deleted FROM "Customer" WHERE id = ANY($1::text[])`,
      priceIds.length || itemIds.length ? [customerIds, priceIds, livemode, itemIds] : [customerIds],
    ),
    auditRows<TariffRow>(
      db,
      `SELECT id, "customerId", "priceId", "productId", currency, "unitAmountDecimal"::text AS unit, "tiersMode", tiers::text AS tiers, quantity::text AS quantity, ${epochMs('"validFrom"')} AS "validFrom", ${epochMs('"validTo"')} AS "validTo"
       FROM "Tariff" WHERE "customerId" = ANY($1::text[]) AND "retiredAt" IS NULL`,
      [customerIds],
    ),
    auditRows<ContractDiscountRow>(
      db,
      `SELECT id, "customerId", scope, "priceId", "productId", "couponId", "percentOff"::text AS "percentOff", "amountOffMinor"::text AS "amountOff",
              ${epochMs('"validFrom"')} AS "validFrom", ${epochMs('"validTo"')} AS "validTo"
       FROM "ContractedDiscount" WHERE "customerId" = ANY($1::text[]) AND "retiredAt" IS NULL`,
      [customerIds],
    ),
    loadCharges(db, invoices, customerIds, opts.chargeScope ?? "invoices", settings.duplicateWindowMs, livemode),
    runIdRead,
  ]);

  const chargeStripeIds = chargeRows.map((c) => c.stripeId);
  const [links, refundRows] = chargeRows.length
    ? await Promise.all([
        loadLinks(db, chargeRows, customerIds, opts.chargeScope ?? "invoices"),
        auditRows<{ stripeId: string; charge: string; amount: string; currency: string; status: string }>(
          db,
          `SELECT r."stripeId", c."stripeId" AS charge, r.amount::text AS amount, r.currency, r.status FROM "Refund" r JOIN "Charge" c ON c.id = r."chargeId" WHERE c."stripeId" = ANY($1::text[])`,
          [chargeStripeIds],
        ),
      ])
    : [[], []];
  const diffs = runId
    ? await auditRows<AuditDiff>(
        db,
        `SELECT "runId", "entityType", "stripeId", field, "settleValue", "stripeValue" FROM "ReconciliationDiff" WHERE "runId" = $1 AND "stripeId" = ANY($2::text[])`,
        [runId, [...invoices.map((i) => i.stripeId), ...chargeStripeIds, ...refundRows.map((r) => r.stripeId)]],
      )
    : [];
  const [credits, meterUsage] = await Promise.all([creditsRead, meterRead]);
  return buildContexts({ now, settings, invoices, customers, tariffs, discounts, chargeRows, links, refundRows, diffs, credits, meterUsage });
}

/** A line credited by a credit proration, or a credit proration, as the credit queries return them. */
type CreditedRow = { stripeId: string; inv: string; amount: string; start: number | null; end: number | null; item: string | null };
type CreditRow = { stripeId: string; inv: string; created: number; position: number; amount: string; start: number | null; end: number | null; lines: unknown };
type Credits = { credited: CreditedRow[]; projected: string[]; prorations: CreditRow[] };

const isCreditProration = (l: AuditInvoice["lines"][number]) => l.proration && l.amount < 0n && !!l.creditedItems?.lines.length;

/**
 * For the batch's credit prorations only (none: no query): the lines they credit (by Stripe id,
 * unique index), which credited invoices are projected, and every credit proration of the same
 * subscription items (InvoiceLine(subscriptionItemId) index), so proration_credit can tell a
 * line credited twice. O(the credits' items' prorations), whatever the table's size.
 */
async function loadCredits(db: Db, invoices: AuditInvoice[], livemode: boolean | null): Promise<Credits | null> {
  const credits = invoices.flatMap((i) => i.lines.filter(isCreditProration));
  if (!credits.length) return null;
  const lineIds = [...new Set(credits.flatMap((l) => l.creditedItems!.lines))];
  const invoiceIds = [...new Set(credits.map((l) => l.creditedItems!.invoice))];
  const items = [...new Set(credits.map((l) => l.subscriptionItemId).filter((x): x is string => !!x))];
  const [credited, projected, prorations] = await Promise.all([
    auditRows<CreditedRow>(
      db,
      `SELECT l."stripeId", i."stripeId" AS inv, l.amount::text AS amount, ${epochMs('l."periodStart"')} AS start, ${epochMs('l."periodEnd"')} AS "end", l."subscriptionItemId" AS item
       FROM "InvoiceLine" l JOIN "Invoice" i ON i.id = l."invoiceId" WHERE l."stripeId" = ANY($1::text[])`,
      [lineIds],
    ),
    auditRows<{ stripeId: string }>(db, `SELECT "stripeId" FROM "Invoice" WHERE "stripeId" = ANY($1::text[])`, [invoiceIds]),
    items.length
      ? auditRows<CreditRow>(
          db,
          `SELECT l."stripeId", i."stripeId" AS inv, ${epochMs('i."stripeCreated"')} AS created, l.position, l.amount::text AS amount,
                  ${epochMs('l."periodStart"')} AS start, ${epochMs('l."periodEnd"')} AS "end", l."creditedItems"->'invoice_line_items' AS lines
           FROM "InvoiceLine" l JOIN "Invoice" i ON i.id = l."invoiceId"
           WHERE l."subscriptionItemId" = ANY($1::text[]) AND l.proration AND l.amount < 0 AND l."creditedItems" IS NOT NULL
             AND i.status NOT IN ('DRAFT', 'DELETED', 'VOID') AND ($2::boolean IS NULL OR i.livemode = $2)`,
          [items, livemode],
        )
      : Promise.resolve([] as CreditRow[]),
  ]);
  return { credited, projected: projected.map((r) => r.stripeId), prorations };
}

type MeterRow = { customerId: string; meter: string; start: number; end: number; value: string; formula: string | null };

/** The stored meter totals of the batch's customers for the meters their metered lines bill (none: no query). */
async function loadMeterUsage(db: Db, invoices: (AuditInvoice & { customerId: string })[], customerIds: string[]): Promise<MeterRow[]> {
  const meters = [...new Set(invoices.flatMap((i) => i.lines.map((l) => l.meterId).filter((x): x is string => !!x)))];
  if (!meters.length) return [];
  return auditRows<MeterRow>(
    db,
    `SELECT c.id AS "customerId", u."meterId" AS meter, ${epochMs('u."startTime"')} AS start, ${epochMs('u."endTime"')} AS "end",
            trim_scale(u."aggregatedValue")::text AS value, u.formula
     FROM "Customer" c JOIN "MeterUsageSummary" u ON u."customerStripeId" = c."stripeId" AND u."meterId" = ANY($2::text[])
     WHERE c.id = ANY($1::text[])`,
    [customerIds, meters],
  );
}

type CustomerRow = { id: string; stripeId: string; currency: string | null; deleted: boolean; subscriptions?: string | null };

type Link = { pi: string | null; ch: string | null; inv: string };

/** Which invoices these charges (or their payment intents) are recorded against, looked up by id (both indexed). */
const linksById = (db: Db, rows: ChargeRow[]) =>
  auditRows<Link>(
    db,
    `SELECT p."paymentIntentStripeId" AS pi, p."chargeStripeId" AS ch, i."stripeId" AS inv FROM "InvoicePayment" p JOIN "Invoice" i ON i.id = p."invoiceId"
     WHERE p."paymentIntentStripeId" = ANY($1::text[])
     UNION SELECT p."paymentIntentStripeId", p."chargeStripeId", i."stripeId" FROM "InvoicePayment" p JOIN "Invoice" i ON i.id = p."invoiceId" WHERE p."chargeStripeId" = ANY($2::text[])`,
    [rows.map((c) => c.pi).filter((x): x is string => !!x), rows.map((c) => c.stripeId)],
  );

/**
 * The incremental check looks its few charges up by id. The sweep reads every payment of the
 * batch's customers' invoices in one pass, then looks up by id only the charges that found no
 * invoice there (one recorded against another customer's invoice must count as linked in both,
 * or the sweep would call it a duplicate charge where the incremental check does not).
 */
async function loadLinks(db: Db, chargeRows: ChargeRow[], customerIds: string[], scope: "customer" | "invoices"): Promise<Link[]> {
  if (scope === "invoices") return linksById(db, chargeRows);
  const own = await auditRows<Link>(
    db,
    `SELECT p."paymentIntentStripeId" AS pi, p."chargeStripeId" AS ch, i."stripeId" AS inv
     FROM "Invoice" i CROSS JOIN LATERAL (SELECT "paymentIntentStripeId", "chargeStripeId" FROM "InvoicePayment" WHERE "invoiceId" = i.id OFFSET 0) p
     WHERE i."customerId" = ANY($1::text[])`,
    [customerIds],
  );
  const linked = new Set(own.flatMap((l) => [l.pi, l.ch]));
  const unlinked = chargeRows.filter((c) => !linked.has(c.stripeId) && !(c.pi && linked.has(c.pi)));
  return unlinked.length ? [...own, ...(await linksById(db, unlinked))] : own;
}

type Rows = {
  now: Date;
  settings: AuditSettings;
  invoices: (AuditInvoice & { customerId: string })[];
  customers: CustomerRow[];
  tariffs: TariffRow[];
  discounts: ContractDiscountRow[];
  chargeRows: ChargeRow[];
  links: Link[];
  refundRows: { stripeId: string; charge: string; amount: string; currency: string; status: string }[];
  diffs: AuditDiff[];
  credits: Credits | null;
  meterUsage: MeterRow[];
};

function group<T, K>(rows: T[], key: (r: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

function buildContexts(r: Rows): AuditContext[] {
  const invoicesOf = new Map<string, Set<string>>();
  const link = (key: string | null, inv: string) => {
    if (key) {
      let s = invoicesOf.get(key);
      if (!s) invoicesOf.set(key, (s = new Set()));
      s.add(inv);
    }
  };
  for (const l of r.links) {
    link(l.pi, l.inv);
    link(l.ch, l.inv);
  }

  const charges: (AuditCharge & { customerId: string | null })[] = [...new Map(r.chargeRows.map((c) => [c.stripeId, c])).values()].map((c) => {
    const inv = new Set(invoicesOf.get(c.stripeId) ?? []);
    for (const x of (c.pi ? invoicesOf.get(c.pi) : undefined) ?? []) inv.add(x);
    return {
      customerId: c.customerId,
      stripeId: c.stripeId,
      paymentIntentStripeId: c.pi,
      amount: BigInt(c.amount),
      amountRefunded: BigInt(c.refunded),
      currency: c.currency,
      status: c.status,
      disputed: c.disputed,
      stripeCreated: new Date(c.created),
      invoiceStripeIds: [...inv],
    };
  });
  // Per customer, charges sorted by time (window lookups) and by the invoice they are recorded against.
  const chargesBy = group(charges, (c) => c.customerId);
  for (const list of chargesBy.values()) list.sort((a, b) => a.stripeCreated.getTime() - b.stripeCreated.getTime());
  const linkedTo = new Map<string, (AuditCharge & { customerId: string | null })[]>();
  for (const c of charges)
    for (const inv of c.invoiceStripeIds) {
      const l = linkedTo.get(inv);
      if (l) l.push(c);
      else linkedTo.set(inv, [c]);
    }
  const refundsBy = group<AuditRefund, string | null>(
    r.refundRows.map((x) => ({ stripeId: x.stripeId, chargeStripeId: x.charge, amount: BigInt(x.amount), currency: x.currency, status: x.status })),
    (x) => x.chargeStripeId,
  );
  const diffsBy = group(r.diffs, (d) => d.stripeId);
  const customerById = new Map(r.customers.map((c) => [c.id, c]));
  const tariffsBy = group<AuditTariff & { customerId: string }, string>(
    r.tariffs.map((t) => ({
      id: t.id,
      customerId: t.customerId,
      priceId: t.priceId,
      productId: t.productId,
      currency: t.currency,
      unitAmountDecimal: t.unit,
      tiered: tieredOf(t),
      quantity: t.quantity,
      validFrom: new Date(t.validFrom),
      validTo: dateOf(t.validTo),
    })),
    (t) => t.customerId,
  );
  const discountsBy = group<AuditContractDiscount & { customerId: string }, string>(
    r.discounts.map((d) => ({
      id: d.id,
      customerId: d.customerId,
      scope: d.scope === "invoice" ? "invoice" : "line",
      priceId: d.priceId,
      productId: d.productId,
      couponId: d.couponId,
      percentOff: d.percentOff,
      amountOffMinor: d.amountOff === null ? null : BigInt(d.amountOff),
      validFrom: new Date(d.validFrom),
      validTo: dateOf(d.validTo),
    })),
    (d) => d.customerId,
  );
  // Each customer's subscriptions are parsed once, not once per invoice of the batch.
  const subscriptionsByCustomer = new Map<string, SubscriptionRow[]>();
  const subscriptionRowsOf = (c: CustomerRow): SubscriptionRow[] => {
    let rows = subscriptionsByCustomer.get(c.id);
    if (!rows)
      subscriptionsByCustomer.set(c.id, (rows = c.subscriptions && c.subscriptions !== "[]" ? (JSON.parse(c.subscriptions) as SubscriptionRow[]) : []));
    return rows;
  };
  const w = r.settings.duplicateWindowMs;
  const meterUsageBy = new Map<string, AuditMeterUsage[]>();
  for (const [customerId, rows] of group(r.meterUsage, (m) => m.customerId))
    meterUsageBy.set(
      customerId,
      rows.map((m) => ({ meterId: m.meter, start: new Date(m.start), end: new Date(m.end), value: m.value, formula: m.formula })),
    );

  const out: AuditContext[] = [];
  for (const inv of r.invoices) {
    const customer = customerById.get(inv.customerId);
    if (!customer) continue;
    // The rules read the invoice's own charges and the customer's charges within the duplicate
    // window of those (where a duplicate lives); the rest of the customer's history is irrelevant.
    const mine = (linkedTo.get(inv.stripeId) ?? []).filter((c) => c.customerId === inv.customerId);
    const custCharges = chargesBy.get(inv.customerId) ?? [];
    const picked = new Set<AuditCharge>(mine);
    for (const a of mine) {
      const t = a.stripeCreated.getTime();
      for (let i = lowerBound(custCharges, t - w); i < custCharges.length && custCharges[i].stripeCreated.getTime() <= t + w; i++) picked.add(custCharges[i]);
    }
    const ctxCharges = [...picked].map(({ customerId: _c, ...rest }: AuditCharge & { customerId?: string | null }) => rest);
    const ctxRefunds = ctxCharges.flatMap((c) => refundsBy.get(c.stripeId) ?? []);
    const mineIds = mine.map((c) => c.stripeId);
    out.push({
      now: r.now,
      settings: r.settings,
      customer: { id: customer.id, stripeId: customer.stripeId, currency: customer.currency, deleted: customer.deleted },
      invoice: inv,
      tariffs: (tariffsBy.get(inv.customerId) ?? []).map(({ customerId: _c, ...t }) => t),
      contractDiscounts: (discountsBy.get(inv.customerId) ?? []).map(({ customerId: _c, ...d }) => d),
      charges: ctxCharges,
      refunds: ctxRefunds,
      subscriptions: subscriptionsOf(inv, subscriptionRowsOf(customer)),
      ...(r.credits && inv.lines.some(isCreditProration) ? { credits: creditsOf(inv, r.credits) } : {}),
      ...(meterUsageBy.has(inv.customerId) && inv.lines.some((l) => l.meterId) ? { meterUsage: meterUsageBy.get(inv.customerId) } : {}),
      diffs: [inv.stripeId, ...mineIds, ...ctxRefunds.filter((x) => x.chargeStripeId && mineIds.includes(x.chargeStripeId)).map((x) => x.stripeId)].flatMap(
        (id) => diffsBy.get(id) ?? [],
      ),
    });
  }
  return out;
}

/** The customer's subscriptions with an item at one of this invoice's line prices, or one its lines name. */
function subscriptionsOf(inv: AuditInvoice, rows: SubscriptionRow[]): AuditSubscription[] {
  if (!rows.length) return [];
  const prices = new Set(inv.lines.map((l) => l.priceId));
  const items = new Set(inv.lines.map((l) => l.subscriptionItemId).filter(Boolean));
  return rows.filter((s) => s[9].some((i) => prices.has(i[1]) || items.has(i[0]))).map(auditSubscriptionOf);
}

/** This invoice's share of the batch's credit reads: the lines its credits credit, and the credits of those lines. */
function creditsOf(inv: AuditInvoice, c: Credits): NonNullable<AuditContext["credits"]> {
  const mine = inv.lines.filter(isCreditProration);
  const lineIds = new Set(mine.flatMap((l) => l.creditedItems!.lines));
  const invoices = new Set(mine.map((l) => l.creditedItems!.invoice));
  const linesOf = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
  return {
    creditedLines: c.credited
      .filter((l) => lineIds.has(l.stripeId))
      .map((l) => ({
        stripeId: l.stripeId,
        invoiceStripeId: l.inv,
        amount: BigInt(l.amount),
        periodStart: dateOf(l.start),
        periodEnd: dateOf(l.end),
        subscriptionItemId: l.item,
      })),
    projectedInvoices: c.projected.filter((id) => invoices.has(id)),
    creditProrations: c.prorations
      .map((p) => ({ ...p, credited: linesOf(typeof p.lines === "string" ? JSON.parse(p.lines) : p.lines) }))
      .filter((p) => p.credited.some((id) => lineIds.has(id)))
      .map((p) => ({
        stripeId: p.stripeId,
        invoiceStripeId: p.inv,
        invoiceCreated: new Date(p.created),
        position: p.position,
        amount: BigInt(p.amount),
        periodStart: dateOf(p.start),
        periodEnd: dateOf(p.end),
        creditedLines: p.credited,
      })),
  };
}

function lowerBound(sorted: AuditCharge[], t: number): number {
  let lo = 0,
    hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].stripeCreated.getTime() < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

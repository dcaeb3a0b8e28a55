// A finding in words, for people: its title, the facts behind it and the suggested correction,
// in the reader's language with money, quantities and dates through the one set of display
// formatters. The rules keep their English `summary` for logs and search; pages, emails and
// timelines read this instead. Pure: the caller supplies the line numbers and the translator.
import { formatAmount, formatDay, formatQuantity, formatUnitAmount } from "@/features/billing-display/format";
import type { Locale, MessageKey, Translate, Vars } from "@/lib/i18n";

export interface DescribableFinding {
  rule: string;
  currency: string | null;
  evidence: unknown;
  suggestion: unknown;
  invoiceNumber?: string | null;
}

export interface FindingFact {
  label: string;
  value: string;
}

export interface FindingDescription {
  title: string;
  facts: FindingFact[];
  suggestion: string | null;
}

export interface DescribeOptions {
  t: Translate;
  locale: Locale;
  /** 1-based position of a line on its invoice, by Stripe line id (null when unknown). */
  lineNumber?: (lineStripeId: string) => number | null;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);
const str = (v: unknown): string | null => (typeof v === "string" ? v : typeof v === "number" || typeof v === "bigint" ? String(v) : null);
/** Evidence stores minor units as decimal strings (JSON has no bigint). */
const big = (v: unknown): bigint | null => {
  const s = str(v);
  return s !== null && /^-?\d+$/.test(s) ? BigInt(s) : null;
};
const date = (v: unknown): Date | null => {
  const s = str(v);
  const d = s ? new Date(s) : null;
  return d && !Number.isNaN(d.getTime()) ? d : null;
};

export function describeFinding(f: DescribableFinding, o: DescribeOptions): FindingDescription {
  const { t, locale } = o;
  const currency = f.currency ?? "usd";
  const ev = obj(f.evidence);
  const money = (v: unknown) => {
    const b = big(v);
    return b === null ? "—" : formatAmount(b, currency, locale);
  };
  const unit = (v: unknown) => {
    const s = str(v);
    return s === null ? "—" : formatUnitAmount(s, currency, locale);
  };
  const qty = (v: unknown) => {
    const s = str(v);
    return s === null ? "—" : formatQuantity(s, locale);
  };
  const day = (v: unknown) => formatDay(date(v), locale);
  const lineNo = (v: unknown): string => {
    const id = str(v);
    const n = id && o.lineNumber ? o.lineNumber(id) : null;
    return n === null ? "?" : String(n);
  };
  const invoice = f.invoiceNumber ?? t("audit.describe.thisInvoice");
  const k = (key: string, vars?: Vars) => t(key as MessageKey, vars);
  const fact = (labelKey: string, value: string): FindingFact => ({ label: k(labelKey), value });
  const facts: FindingFact[] = [];
  let title: string;

  switch (f.rule) {
    case "line_math": {
      // basis: how the expected amount was found (rules/line-math.ts); older findings have none (= unit)
      const basis = str(ev.basis);
      const vars = {
        line: lineNo(ev.line),
        quantity: qty(ev.quantity),
        unit: unit(ev.unitAmountDecimal),
        expected: money(ev.expected),
        billed: money(ev.billed),
      };
      title = k(
        basis === "price" ? "audit.describe.line_math_price" : basis === "proration" ? "audit.describe.line_math_proration" : "audit.describe.line_math",
        vars,
      );
      facts.push(fact("audit.fact.quantity", qty(ev.quantity)));
      if (basis !== "price" && basis !== "proration") facts.push(fact("audit.fact.unitPrice", unit(ev.unitAmountDecimal)));
      facts.push(fact("audit.fact.expected", money(ev.expected)), fact("audit.fact.billed", money(ev.billed)));
      break;
    }
    case "invoice_math": {
      const ms = arr(ev.mismatches);
      title = k("audit.describe.invoice_math", { invoice, count: ms.length });
      for (const m of ms)
        facts.push({
          label: fieldLabel(str(m.field) ?? "", o),
          value: k("audit.fact.expectedVsStored", { expected: money(m.expected), actual: money(m.actual) }),
        });
      break;
    }
    case "duplicate_charge": {
      const dup = obj(ev.duplicate);
      const orig = obj(ev.original);
      title = k("audit.describe.duplicate_charge", { amount: money(dup.amount), original: day(orig.created), duplicate: day(dup.created) });
      facts.push(
        fact("audit.fact.duplicateCharge", `${str(dup.charge) ?? "—"} · ${day(dup.created)}`),
        fact("audit.fact.originalCharge", `${str(orig.charge) ?? "—"} · ${day(orig.created)}`),
        fact("audit.fact.amount", money(dup.amount)),
        fact("audit.fact.refunded", money(dup.refunded)),
      );
      break;
    }
    case "overpayment": {
      const ps = arr(ev.payments);
      const paid = ps.reduce((s, p) => s + (big(p.amountPaid) ?? 0n), 0n);
      title = k("audit.describe.overpayment", { invoice, count: ps.length, paid: money(paid), due: money(ev.amountDue) });
      facts.push(
        fact("audit.fact.amountDue", money(ev.amountDue)),
        fact("audit.fact.amountPaid", money(ev.amountPaid)),
        fact("audit.fact.overpaid", money(ev.amountOverpaid)),
      );
      for (const p of ps)
        facts.push({ label: k("audit.fact.payment", { id: str(p.charge) ?? str(p.id) ?? "—" }), value: `${money(p.amountPaid)} · ${day(p.paidAt)}` });
      break;
    }
    case "tariff_price": {
      const tariff = obj(ev.tariff);
      // A tiered contract has no unit price to compare: the amounts are (its tiers give the expected one).
      title =
        tariff.tiersMode === "graduated" || tariff.tiersMode === "volume"
          ? k("audit.describe.tariff_price.tiered", {
              line: lineNo(ev.line),
              billed: money(ev.billedAmount),
              quantity: qty(ev.quantity),
              mode: k(`audit.tariffs.mode.${tariff.tiersMode}`),
              expected: money(ev.expectedAmount),
            })
          : k("audit.describe.tariff_price", { line: lineNo(ev.line), billed: unit(ev.billedUnit), contract: unit(tariff.unit) });
      facts.push(
        fact("audit.fact.quantity", qty(ev.quantity)),
        fact("audit.fact.billed", money(ev.billedAmount)),
        fact("audit.fact.expected", money(ev.expectedAmount)),
        fact("audit.fact.contractValid", validity(tariff, o)),
      );
      break;
    }
    case "contract_discount": {
      const contract = ev.contract === null || ev.contract === undefined ? null : obj(ev.contract);
      const where = ev.line ? k("audit.describe.onLine", { line: lineNo(ev.line) }) : k("audit.describe.onInvoice");
      if (ev.coupon === undefined && contract) {
        title = k("audit.describe.contract_discount.missing", { coupon: str(contract.coupon) ?? str(contract.id) ?? "—", where });
        const off = contract.percentOff !== null && contract.percentOff !== undefined ? `${qty(contract.percentOff)} %` : money(contract.amountOff);
        facts.push(fact("audit.fact.discount", off), fact("audit.fact.contractValid", validity(contract, o)));
      } else {
        title = k(contract ? "audit.describe.contract_discount.expired" : "audit.describe.contract_discount.extra", { coupon: str(ev.coupon) ?? "—", where });
        facts.push(fact("audit.fact.amount", money(ev.amount)));
        if (contract) facts.push(fact("audit.fact.contractValid", validity(contract, o)));
      }
      break;
    }
    case "after_service_end": {
      title = k("audit.describe.after_service_end", { line: lineNo(ev.line), start: day(ev.periodStart), end: day(ev.serviceEndedAt) });
      facts.push(
        fact("audit.fact.amount", money(ev.amount)),
        fact("audit.fact.periodStart", day(ev.periodStart)),
        fact("audit.fact.serviceEnded", day(ev.serviceEndedAt)),
      );
      break;
    }
    case "after_subscription_end": {
      title = k("audit.describe.after_subscription_end", {
        line: lineNo(ev.line),
        start: day(ev.periodStart),
        end: day(ev.endedAt),
        subscription: str(ev.subscription) ?? "—",
      });
      facts.push(
        fact("audit.fact.amount", money(ev.amount)),
        fact("audit.fact.periodStart", day(ev.periodStart)),
        fact("audit.fact.subscriptionEnded", day(ev.endedAt)),
        fact("audit.fact.subscription", str(ev.subscription) ?? "—"),
      );
      break;
    }
    case "trial_charged": {
      const trial = `${day(ev.trialStart)} – ${day(ev.trialEnd)}`;
      title = k("audit.describe.trial_charged", {
        line: lineNo(ev.line),
        amount: money(ev.amount),
        start: day(ev.periodStart),
        trialStart: day(ev.trialStart),
        trialEnd: day(ev.trialEnd),
      });
      facts.push(
        fact("audit.fact.amount", money(ev.amount)),
        fact("audit.fact.periodStart", day(ev.periodStart)),
        fact("audit.fact.trial", trial),
        fact("audit.fact.subscription", str(ev.subscription) ?? "—"),
      );
      break;
    }
    case "quantity_mismatch": {
      title = k("audit.describe.quantity_mismatch", { line: lineNo(ev.line), billed: qty(ev.billedQuantity), item: qty(ev.itemQuantity) });
      facts.push(
        fact("audit.fact.billedQuantity", qty(ev.billedQuantity)),
        fact("audit.fact.subscriptionQuantity", qty(ev.itemQuantity)),
        fact("audit.fact.billedPeriod", `${day(ev.periodStart)} – ${day(ev.periodEnd)}`),
        fact("audit.fact.billed", money(ev.billed)),
      );
      if (big(ev.expected) !== null) facts.push(fact("audit.fact.expected", money(ev.expected)));
      facts.push(fact("audit.fact.subscription", str(ev.subscription) ?? "—"));
      break;
    }
    case "proration_credit": {
      const kind = str(ev.kind);
      const earlier = obj(ev.earlierCredit);
      const vars = { line: lineNo(ev.line), amount: money(ev.credited), charged: money(ev.chargedForPeriod), invoice: str(ev.creditedInvoice) ?? "—" };
      title = k(
        kind === "double_credit"
          ? "audit.describe.proration_credit.double"
          : kind === "over_credit"
            ? "audit.describe.proration_credit.over"
            : "audit.describe.proration_credit.never",
        vars,
      );
      facts.push(
        fact("audit.fact.credited", money(ev.credited)),
        fact("audit.fact.creditedPeriod", `${day(ev.periodStart)} – ${day(ev.periodEnd)}`),
        fact("audit.fact.creditedInvoice", str(ev.creditedInvoice) ?? "—"),
      );
      if (kind === "over_credit") facts.push(fact("audit.fact.chargedForPeriod", money(ev.chargedForPeriod)));
      if (kind === "double_credit") facts.push(fact("audit.fact.earlierCredit", `${str(earlier.creditLine) ?? "—"} · ${str(earlier.invoice) ?? "—"}`));
      break;
    }
    case "metered_usage_mismatch": {
      title = k("audit.describe.metered_usage_mismatch", { line: lineNo(ev.line), billed: qty(ev.billedQuantity), meter: qty(ev.meterQuantity) });
      facts.push(
        fact("audit.fact.billedQuantity", qty(ev.billedQuantity)),
        fact("audit.fact.meterQuantity", qty(ev.meterQuantity)),
        fact("audit.fact.billedPeriod", `${day(ev.periodStart)} – ${day(ev.periodEnd)}`),
        fact("audit.fact.billed", money(ev.billed)),
      );
      if (big(ev.expected) !== null) facts.push(fact("audit.fact.expected", money(ev.expected)));
      break;
    }
    case "currency_mismatch": {
      const contracted = Array.isArray(ev.contractCurrencies) ? ev.contractCurrencies.map((c) => String(c).toUpperCase()).join(", ") : "—";
      title = k("audit.describe.currency_mismatch", { invoice, currency: (str(ev.invoiceCurrency) ?? currency).toUpperCase(), contracted });
      facts.push(fact("audit.fact.total", money(ev.total)));
      break;
    }
    case "lost_sync": {
      const ps = arr(ev.payments);
      const cs = arr(ev.charges);
      const paid = ps.length ? ps.reduce((s, p) => s + (big(p.amountPaid) ?? 0n), 0n) : cs.reduce((s, c) => s + (big(c.amount) ?? 0n), 0n);
      const status = str(ev.status) ?? "";
      title = k("audit.describe.lost_sync", { invoice, status: k(`portal.status.${status.toLowerCase()}`), paid: money(paid) });
      facts.push(fact("audit.fact.amountRemaining", money(ev.amountRemaining)));
      for (const c of cs) facts.push({ label: k("audit.fact.charge", { id: str(c.id) ?? "—" }), value: `${money(c.amount)} · ${day(c.created)}` });
      break;
    }
    case "refund_exceeds_charge": {
      title = k("audit.describe.refund_exceeds_charge", { charge: str(ev.charge) ?? "—", amount: money(ev.amount), refunded: money(ev.amountRefunded) });
      for (const r of arr(ev.refunds))
        facts.push({ label: k("audit.fact.refund", { id: str(r.id) ?? "—" }), value: `${money(r.amount)} · ${str(r.status) ?? ""}` });
      break;
    }
    case "reconciliation_diff": {
      const ds = arr(ev.differences);
      const entity = str(ev.entityType) ?? "";
      title = k("audit.describe.reconciliation_diff", { entity: entityLabel(entity, o), id: str(ev.stripeId) ?? "—", count: ds.length });
      for (const d of ds)
        facts.push({
          label: fieldLabel(str(d.field) ?? "", o),
          value: k("audit.fact.settleVsStripe", { settle: str(d.settle) ?? "—", stripe: str(d.stripe) ?? "—" }),
        });
      break;
    }
    default:
      title = k("audit.describe.unknown");
  }
  return { title, facts, suggestion: describeSuggestion(f, o, money, lineNo) };
}

function validity(c: Obj, o: DescribeOptions): string {
  const from = formatDay(date(c.validFrom), o.locale);
  return c.validTo ? `${from} – ${formatDay(date(c.validTo), o.locale)}` : o.t("audit.fact.openEnded", { from });
}

const ENTITY_KEYS = new Set(["invoice", "payment", "refund", "credit_note", "charge", "customer", "dispute"]);
function entityLabel(entity: string, o: DescribeOptions): string {
  return ENTITY_KEYS.has(entity) ? o.t(`audit.entity.${entity}` as MessageKey) : entity;
}

const FIELD_KEYS = new Set([
  "subtotal",
  "subtotal_excluding_tax",
  "total",
  "total_excluding_tax",
  "amount_remaining",
  "amount_due",
  "amount_paid",
  "amount",
  "amount_refunded",
  "status",
  "currency",
]);
/** Stripe field paths the billing math and reconciliation report, in words. */
function fieldLabel(field: string, o: DescribeOptions): string {
  const { t } = o;
  const line = /^lines\[([^\]]+)\](?:\.(.*))?$/.exec(field);
  if (line) {
    const n = o.lineNumber?.(line[1]) ?? null;
    const where = t("audit.field.line", { line: n === null ? "?" : String(n) });
    return line[2] ? `${where}: ${fieldLabel(line[2], o)}` : where;
  }
  const tax = /^(?:total_)?taxes\[([^\]]+)\]\.(amount|taxable_amount)$/.exec(field);
  if (tax) return t(tax[2] === "amount" ? "audit.field.tax" : "audit.field.taxable", { rate: tax[1] });
  const disc = /^(?:total_)?discount_amounts\[([^\]]+)\]$/.exec(field);
  if (disc) return t("audit.field.discount", { discount: disc[1] });
  if (field.startsWith("missing_")) return t("audit.field.missing");
  return FIELD_KEYS.has(field) ? t(`audit.field.${field}` as MessageKey) : field;
}

function describeSuggestion(f: DescribableFinding, o: DescribeOptions, money: (v: unknown) => string, lineNo: (v: unknown) => string): string | null {
  const s = obj(f.suggestion);
  const { t } = o;
  switch (s.kind) {
    case "refund":
      return t("audit.suggest.refund", { amount: money(s.amountMinor), charge: str(s.chargeStripeId) ?? "—" });
    case "recalculation": {
      const edits = arr(s.edits).map((e) => {
        switch (e.type) {
          case "set_amount":
            return t("audit.suggest.edit.setAmount", { line: lineNo(e.lineId), amount: money(e.amount) });
          case "set_unit_amount":
            return t("audit.suggest.edit.setUnit", {
              line: lineNo(e.lineId),
              unit: str(e.unitAmountDecimal) === null ? "—" : formatUnitAmount(str(e.unitAmountDecimal)!, f.currency ?? "usd", o.locale),
            });
          case "remove_line":
            return t("audit.suggest.edit.removeLine", { line: lineNo(e.lineId) });
          case "set_tiered_price":
            return t("audit.suggest.edit.setTiers", { line: lineNo(e.lineId) });
          case "set_quantity":
            return t("audit.suggest.edit.setQuantity", {
              line: lineNo(e.lineId),
              quantity: str(e.quantity) === null ? "—" : formatQuantity(str(e.quantity)!, o.locale),
            });
          case "add_discount":
            return e.lineId
              ? t("audit.suggest.edit.addLineDiscount", { line: lineNo(e.lineId), coupon: str(e.couponId) ?? "—" })
              : t("audit.suggest.edit.addInvoiceDiscount", { coupon: str(e.couponId) ?? "—" });
          default:
            return String(e.type ?? "");
        }
      });
      return t("audit.suggest.recalculation", { edits: edits.join("; "), difference: money(s.differenceMinor) });
    }
    case "resync":
      return t("audit.suggest.resync");
    case "review":
      return t(`audit.suggest.review.${f.rule}` as MessageKey) === `audit.suggest.review.${f.rule}`
        ? t("audit.suggest.review.default")
        : t(`audit.suggest.review.${f.rule}` as MessageKey);
    default:
      return null;
  }
}

/** The rule, severity and status names people read (catalog keys exist for every value). */
export const findingRuleLabel = (t: Translate, rule: string) => t(`audit.rule.${rule}` as MessageKey);
export const findingSeverityLabel = (t: Translate, severity: string) => t(`audit.severity.${severity}` as MessageKey);
export const findingStatusLabel = (t: Translate, status: string) => t(`audit.status.${status}` as MessageKey);

/** Audit actions on findings and disputes in words; unknown ones stay as recorded. */
export const auditActionLabel = (t: Translate, action: string) => {
  const key = `audit.action.${action}` as MessageKey;
  const text = t(key);
  return text === key ? action : text;
};

/** Who acted, when no user is behind the entry (the audit itself, a command, the system). */
export const actorLabel = (t: Translate, label: string) => {
  if (label.startsWith("user:")) return t("audit.actor.removedUser");
  const key = `audit.actor.${label.split(":")[0]}` as MessageKey;
  const text = t(key);
  return text === key ? label : text;
};

// The explanations of explain-line.ts in words, en and ru, with the display formatters the
// invoice page and the PDF share (format.ts): the same sentence on screen, in the PDF and in the
// dispute form's line picker.
import { toDecimalString, type Rational } from "@/lib/money";
import { createT, type Locale, type Translate } from "@/lib/i18n";
import { formatAmount, formatDay, formatQuantity, formatUnitAmount } from "./format";
import type { ChangeExplanation, ExplainPrice, InvoiceExplanation, LineExplanation, PriceBreakdown } from "./explain-line";
import { explainInvoice, isWholeDays } from "./explain-line";

const MINUS = "-"; // as formatAmount writes a negative amount

function exactAmount(r: Rational, currency: string, locale: Locale): string {
  return formatUnitAmount(toDecimalString(r, 12), currency, locale);
}

/** "1–10 × US$15.00 = US$150.00; 11–12 × US$12.00 = US$24.00; flat US$5.00" and the like. */
export function breakdownText(b: PriceBreakdown, currency: string, locale: Locale, t: Translate = createT(locale)): string {
  const q = (s: string | bigint) => formatQuantity(String(s), locale);
  const unit = (u: string) => formatUnitAmount(u, currency, locale);
  if (b.scheme === "per_unit") return `${q(b.quantity)} × ${unit(b.unitAmount)}`;
  if (b.scheme === "package")
    return t(b.round === "up" ? "explain.packageUp" : "explain.packageDown", {
      quantity: q(b.quantity),
      packages: q(b.packages),
      size: q(String(b.divideBy)),
      unit: unit(b.unitAmount),
      amount: exactAmount(b.exact, currency, locale),
    });
  const parts = b.parts.map((p) => {
    const range = p.upTo === null ? `${q(p.from)}+` : p.from === p.upTo ? q(p.from) : `${q(p.from)}–${q(p.upTo)}`;
    const units = b.mode === "volume" ? q(p.quantity) : range;
    const bits: string[] = [];
    if (p.quantity > 0n || p.flatAmount.n === 0n) bits.push(`${units} × ${exactAmount(p.unitAmount, currency, locale)}`);
    if (p.flatAmount.n !== 0n) bits.push(t("explain.flat", { amount: exactAmount(p.flatAmount, currency, locale) }));
    const body = `${bits.join(" + ")} = ${exactAmount(p.exact, currency, locale)}`;
    return b.mode === "volume" ? t("explain.volumeTier", { range, body }) : body;
  });
  return parts.join("; ");
}

function fraction(e: { remainingSeconds: bigint; periodSeconds: bigint }, locale: Locale, t: Translate): string {
  const q = (n: bigint) => formatQuantity(n.toString(), locale);
  if (isWholeDays(e)) return t("explain.days", { remaining: q(e.remainingSeconds / 86_400n), period: q(e.periodSeconds / 86_400n) });
  const days = (s: bigint) => formatQuantity(toDecimalString({ n: (s * 10n + 43_200n) / 86_400n, d: 10n }, 1), locale);
  return t("explain.seconds", {
    remaining: q(e.remainingSeconds),
    period: q(e.periodSeconds),
    remainingDays: days(e.remainingSeconds),
    periodDays: days(e.periodSeconds),
  });
}

/** The sentence(s) for one line, in the reader's language. */
export function lineExplanationText(e: LineExplanation, currency: string, locale: Locale): string {
  const t = createT(locale);
  if (e.kind === "cannot") return t(`explain.cannot.${e.reason}`);
  if (e.kind === "price") {
    const b = e.breakdown;
    const total = formatAmount(e.amount, currency, locale);
    if (b.scheme === "tiered")
      return t(b.mode === "graduated" ? "explain.graduated" : "explain.volume", { parts: breakdownText(b, currency, locale, t), amount: total });
    const text = breakdownText(b, currency, locale, t);
    // a package breakdown ends with its exact amount: the billed one is added only when rounding made it differ
    return text.endsWith(` = ${total}`) ? text : `${text} = ${total}`;
  }
  const what = e.productName ? `${formatQuantity(e.quantity, locale)} × ${e.productName}` : formatQuantity(e.quantity, locale);
  const b = e.breakdown;
  // per_unit: "12 × US$15.00 × 19/31 days"; packages and tiers: their whole-period amount in brackets first
  const full = b.scheme === "per_unit" ? breakdownText(b, currency, locale, t) : `(${breakdownText(b, currency, locale, t)})`;
  const calc = `${full} × ${fraction(e, locale, t)}`;
  const vars = {
    what,
    from: formatDay(e.from, locale),
    to: formatDay(e.to, locale),
    calc: e.direction === "credit" ? `${MINUS}${calc}` : calc,
    amount: formatAmount(e.amount, currency, locale),
  };
  return t(e.direction === "credit" ? "explain.unused" : "explain.remaining", vars);
}

/** "You changed Team from 10 to 12 on 12 Mar 2026: …" */
export function changeExplanationText(c: ChangeExplanation, currency: string, locale: Locale): string {
  const t = createT(locale);
  const money = (a: bigint) => formatAmount(a, currency, locale);
  const q = (s: string) => formatQuantity(s, locale);
  const sums = {
    debit: money(c.debit),
    credit: money(-c.credit),
    net: money(c.net),
    date: formatDay(c.at, locale),
  };
  if (c.fromProduct === c.toProduct) return t("explain.changeQuantity", { product: c.toProduct ?? "—", from: q(c.fromQuantity), to: q(c.toQuantity), ...sums });
  return t("explain.changePrice", {
    from: `${q(c.fromQuantity)} × ${c.fromProduct ?? "—"}`,
    to: `${q(c.toQuantity)} × ${c.toProduct ?? "—"}`,
    ...sums,
  });
}

/** Every explained line's text by line id, and the change sentences, for one invoice. */
export function invoiceExplanationTexts(x: InvoiceExplanation, currency: string, locale: Locale) {
  const lines = new Map<string, string>();
  for (const [id, e] of x.lines) lines.set(id, lineExplanationText(e, currency, locale));
  const changes = x.changes.map((c) => ({ ...c, text: changeExplanationText(c, currency, locale) }));
  return { lines, changes };
}

/** The explanations of a display invoice's lines (get-invoice-detail's shape), in the reader's language. */
export function explainDisplayLines(
  lines: readonly {
    id: string;
    amount: bigint;
    quantity: string;
    proration: boolean;
    periodStart: Date | null;
    periodEnd: Date | null;
    description: string | null;
    subscriptionItemId: string | null;
    price: ExplainPrice | null;
  }[],
  currency: string,
  locale: Locale,
) {
  return invoiceExplanationTexts(explainInvoice(lines.map((l) => ({ ...l, currency }))), currency, locale);
}

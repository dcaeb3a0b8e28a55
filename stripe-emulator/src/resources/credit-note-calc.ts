// Credit note money: lines (invoice line share or custom), their discounts and taxes, and
// the pre-/post-payment split with the exact refund + credit + out-of-band rule.
import type { Emulator } from "../emulator";
import { invalid } from "../errors";
import { taxFor } from "../invoice-math";
import { allocate, div, exponent, mul, parseDecimal, rat, roundAmount } from "../money";
import { int, type Params } from "../params";
import type { Obj } from "../store";
import { pretaxCredits } from "./invoice-build";

export interface NoteLine {
  line: Obj;
  amount: number;
  discount: number;
  /** The part of `discount` from the invoice line's own (item) discounts: inside the subtotal. */
  itemDiscount: number;
  taxes: { rate: string; inclusive: boolean; amount: number; taxable: number; reason?: string; none?: boolean }[];
}

export function buildNoteLines(em: Emulator, inv: Obj, p: Params, preview: boolean): NoteLine[] {
  const invLines: Obj[] = em.store.lines.get(inv.id) ?? [];
  const raw = p.lines === undefined || p.lines === "" ? [] : Array.isArray(p.lines) ? p.lines : Object.values(p.lines as Obj);
  const amountParam = int(p, "amount");
  if (!raw.length && amountParam === undefined) throw invalid("You must pass either `lines` or `amount`.", "lines", "parameter_missing");
  if (raw.length && amountParam !== undefined) throw invalid("You cannot pass both `lines` and `amount`.", "amount");
  const cur = inv.currency;
  const lineId = (i: number) => (preview ? `cnli_preview_${i}` : em.newId("cnli"));
  if (!raw.length) {
    if (amountParam! <= 0) throw invalid("amount must be positive.", "amount");
    if (exponent(cur) === 3 && amountParam! % 10 !== 0) throw invalid(`Amounts in ${cur.toUpperCase()} must be a multiple of 10.`, "amount");
    return [
      { line: customLine(em, lineId(0), "Credit", amountParam!, "1", String(amountParam)), amount: amountParam!, discount: 0, itemDiscount: 0, taxes: [] },
    ];
  }
  return (raw as Params[]).map((l, i) => {
    const param = `lines[${i}]`;
    if (l.type === "custom_line_item") {
      const qty = parseDecimal(l.quantity ?? "1");
      const unit = parseDecimal(l.unit_amount_decimal ?? l.unit_amount);
      if (!qty || !unit) throw invalid("custom_line_item needs quantity and unit_amount.", `${param}[unit_amount]`, "parameter_missing");
      const amount = Number(roundAmount(mul(qty, unit), cur));
      const taxes = taxRates(em, l.tax_rates, `${param}[tax_rates]`).map((r) => tax(em, r, amount, cur));
      fixInclusive(taxes, amount);
      return {
        line: customLine(em, lineId(i), String(l.description ?? ""), amount, String(l.quantity ?? "1"), String(l.unit_amount_decimal ?? l.unit_amount), taxes),
        amount,
        discount: 0,
        itemDiscount: 0,
        taxes,
      };
    }
    if (l.type !== "invoice_line_item") throw invalid("type must be invoice_line_item or custom_line_item.", `${param}[type]`);
    const il = invLines.find((x) => x.id === l.invoice_line_item);
    if (!il)
      throw invalid(`No such invoice line item: '${String(l.invoice_line_item)}' on invoice ${inv.id}`, `${param}[invoice_line_item]`, "resource_missing");
    let amount: number;
    if (l.amount !== undefined && l.amount !== "") amount = int(l, "amount")!;
    else if (l.quantity !== undefined && l.quantity !== "") {
      const q = parseDecimal(l.quantity)!;
      const lq = parseDecimal(il.quantity_decimal ?? il.quantity ?? "1")!;
      amount = Number(roundAmount(div(mul(rat(BigInt(il.amount)), q), lq), cur));
    } else amount = il.amount;
    if (amount <= 0 || amount > il.amount) throw invalid(`The credit amount for ${il.id} must be between 1 and ${il.amount}.`, `${param}[amount]`);
    if (exponent(cur) === 3 && amount % 10 !== 0) throw invalid(`Amounts in ${cur.toUpperCase()} must be a multiple of 10.`, `${param}[amount]`);
    // discounts and taxes follow the invoice line pro rata, rounded like the invoice
    const lineDisc: number = il.discount_amounts.reduce((a: number, d: Obj) => a + d.amount, 0);
    const discount = il.amount ? Number(roundAmount(rat(BigInt(lineDisc) * BigInt(amount), BigInt(il.amount)), cur)) : 0;
    const taxable = amount - discount;
    // An entry Stripe Tax collected nothing on (invoice-build's stripeTaxability) collects nothing on its credit either.
    const taxes = (il.taxes as Obj[]).map((t) =>
      NOT_COLLECTED.has(t.taxability_reason)
        ? {
            rate: t.tax_rate_details.tax_rate as string,
            inclusive: t.tax_behavior === "inclusive",
            amount: 0,
            taxable: t.taxability_reason === "reverse_charge" ? taxable : 0,
            reason: t.taxability_reason as string,
            none: true,
          }
        : { ...tax(em, em.store.c.tax_rates.get(t.tax_rate_details.tax_rate)!, taxable, cur), reason: t.taxability_reason as string | undefined },
    );
    fixInclusive(taxes, taxable);
    const discountAmounts = allocate(
      BigInt(discount),
      il.discount_amounts.map((d: Obj) => BigInt(d.amount)),
      exponent(cur) === 3 ? 10n : 1n,
    );
    const lineDiscounts = il.discount_amounts.map((d: Obj, k: number) => ({ amount: Number(discountAmounts[k]), discount: d.discount }));
    const line: Obj = {
      id: lineId(i),
      object: "credit_note_line_item",
      amount,
      description: il.description,
      discount_amount: discount,
      discount_amounts: lineDiscounts,
      invoice_line_item: il.id,
      livemode: em.livemode,
      metadata: {},
      pretax_credit_amounts: pretaxCredits(lineDiscounts),
      quantity: l.quantity !== undefined && l.quantity !== "" ? Number(l.quantity) : null,
      tax_rates: taxes.map((t) => em.store.c.tax_rates.get(t.rate)),
      taxes: taxesOut(taxes),
      type: "invoice_line_item",
      unit_amount: null,
      unit_amount_decimal: null,
    };
    const own = new Set((il.discounts as unknown[]).map((d) => (typeof d === "string" ? d : (d as Obj).id)));
    const itemDiscount = lineDiscounts.reduce((a: number, d: Obj) => (own.has(d.discount) ? a + d.amount : a), 0);
    return { line, amount, discount, itemDiscount, taxes };
  });
}

function taxRates(em: Emulator, raw: unknown, param: string): Obj[] {
  if (raw === undefined || raw === "") return [];
  const list = Array.isArray(raw) ? raw : Object.values(raw as Obj);
  return list.map((id, i) => em.get("tax_rates", String(id), "tax rate", `${param}[${i}]`));
}

function tax(em: Emulator, r: Obj, taxable: number, cur: string) {
  const percentage = em.store.meta.get(r.id)?.percentage ?? String(r.percentage);
  return {
    rate: r.id,
    inclusive: r.inclusive as boolean,
    amount: Number(taxFor(BigInt(taxable), { rate: r.id, percentage, inclusive: r.inclusive }, cur)),
    taxable,
  };
}

const NOT_COLLECTED = new Set(["not_collecting", "customer_exempt", "reverse_charge"]);

function fixInclusive(taxes: NoteLine["taxes"], base: number): void {
  const incl = taxes.filter((t) => t.inclusive).reduce((a, t) => a + t.amount, 0);
  for (const t of taxes) if (t.inclusive && !t.none) t.taxable = base - incl;
}

export function taxesOut(taxes: NoteLine["taxes"]): Obj[] {
  return taxes.map((t) => ({
    amount: t.amount,
    tax_behavior: t.inclusive ? "inclusive" : "exclusive",
    tax_rate_details: { tax_rate: t.rate },
    taxability_reason: t.reason ?? "standard_rated",
    taxable_amount: t.taxable,
    type: "tax_rate_details",
  }));
}

function customLine(em: Emulator, id: string, description: string, amount: number, quantity: string, unit: string, taxes: NoteLine["taxes"] = []): Obj {
  return {
    id,
    object: "credit_note_line_item",
    amount,
    description,
    discount_amount: 0,
    discount_amounts: [],
    invoice_line_item: undefined,
    livemode: em.livemode,
    metadata: {},
    pretax_credit_amounts: [],
    quantity: Number(quantity),
    tax_rates: [],
    taxes: taxesOut(taxes),
    type: "custom_line_item",
    unit_amount: /^-?\d+$/.test(unit) ? Number(unit) : null,
    unit_amount_decimal: unit,
  };
}

export interface NoteTotals {
  subtotal: number;
  subtotalExcludingTax: number;
  discount: number;
  discountAmounts: { amount: number; discount: string }[];
  totalTaxes: Obj[];
  total: number;
  totalExcludingTax: number;
}

export function noteTotals(lines: NoteLine[]): NoteTotals {
  const all = lines.flatMap((l) => l.taxes);
  const incl = all.filter((t) => t.inclusive).reduce((a, t) => a + t.amount, 0);
  const excl = all.filter((t) => !t.inclusive).reduce((a, t) => a + t.amount, 0);
  // Stripe: a credit note's subtotal is "the amount of the credit note, excluding exclusive tax
  // and invoice level discounts" — the lines' own (item) discounts are already taken off.
  const itemDiscount = lines.reduce((a, l) => a + l.itemDiscount, 0);
  const subtotal = lines.reduce((a, l) => a + l.amount, 0) - itemDiscount;
  const discount = lines.reduce((a, l) => a + l.discount, 0);
  const byRate = new Map<string, NoteLine["taxes"][number]>();
  for (const t of all) {
    const p = byRate.get(t.rate);
    if (p) {
      p.amount += t.amount;
      p.taxable += t.taxable;
    } else byRate.set(t.rate, { ...t });
  }
  const byDisc = new Map<string, number>();
  for (const l of lines) for (const d of l.line.discount_amounts as Obj[]) byDisc.set(d.discount, (byDisc.get(d.discount) ?? 0) + d.amount);
  const total = subtotal - (discount - itemDiscount) + excl;
  return {
    subtotal,
    subtotalExcludingTax: subtotal - incl,
    discount,
    discountAmounts: [...byDisc].map(([discount, amount]) => ({ amount, discount })),
    totalTaxes: taxesOut([...byRate.values()]),
    total,
    totalExcludingTax: total - incl - excl,
  };
}

// The recalculation form's state ("draft"): what staff typed per line, per coupon and per tax
// rate, as strings. One zod schema validates it in the browser (live) and in the server action;
// editsFromDraft turns a valid draft into billing-math edits (only what differs from the invoice).
// Pure: shared by the client editor and the server.
import "@/lib/zod-jitless";
import { z } from "zod";
import { isPlainLine, isPlainText } from "@/lib/input";
import type { DiscountInput, InvoiceEdit, InvoiceInput, TierInput, TiersMode } from "@/features/billing-math";
import { compare, minorToDecimalString, parseDecimal, parseMoneyInput } from "@/lib/money";
import { formatUnitAmountInput, parsePercentInput, parseQuantityInput, parseUnitAmountInput } from "@/lib/money";

export interface DraftDiscount {
  id: string;
  kind: "percent" | "amount";
  /** Percent ("12.5") or an amount in major units ("5.00"). */
  value: string;
  /** Added by the contracted tariff (not on the invoice). */
  added?: boolean;
}

export interface DraftLine {
  lineId: string;
  quantity: string;
  /** Major units ("12.50"); "" for a line billed as a fixed amount. */
  unitAmount: string;
  removed: boolean;
  discounts: DraftDiscount[];
  /** A proration line's change time, UTC "YYYY-MM-DDTHH:MM:SS" (moving it prorates the line again); absent otherwise. */
  prorationDate?: string;
  /**
   * Priced through the contracted tiers of this tariff (id), set by applying the contract: the
   * tiers come from the contract the server loads, never from the browser. A unit amount typed
   * over it wins.
   */
  contractTiers?: string;
}

const UTC_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** Unix seconds as the editor's UTC date-time value. */
export const utcInputOf = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 19);

/** The editor's UTC date-time value as Unix seconds, or null when it is not one. */
export function secondsOfUtcInput(v: string): number | null {
  const m = UTC_TIME.exec(v.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, se] = m.slice(1).map((x) => Number(x ?? 0));
  const ms = Date.UTC(y, mo - 1, d, h, mi, se);
  const back = new Date(ms);
  // 31 Feb is not a date (Date.UTC would roll it into March)
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || se > 59) return null;
  return ms / 1000;
}

export interface DraftTaxRate {
  id: string;
  percentage: string;
  inclusive: boolean;
  label: string | null;
}

export interface Draft {
  lines: DraftLine[];
  invoiceDiscounts: DraftDiscount[];
  taxRates: DraftTaxRate[];
  tariffApplied: boolean;
  note: string;
}

/** What the contracted tariff changes: unit prices (minor-unit decimals) and missing contracted coupons. */
export interface TariffSuggestion {
  lines: {
    lineId: string;
    unitAmountDecimal: string | null;
    quantity?: string | null;
    /** A tiered tariff reprices the line through its tiers (a proration line's tiered amount is prorated). */
    tiered?: { tariffId: string; tiersMode: TiersMode; tiers: readonly TierInput[] } | null;
    discounts: { id: string; percentOff: string | null; amountOff: string | null }[];
  }[];
  invoiceDiscounts: { id: string; percentOff: string | null; amountOff: string | null }[];
}

const ID = /^[\w:.-]{1,120}$/;
const id = z.string().regex(ID, "desk.recalc.err.stale");

/** The draft schema for an invoice currency; messages are i18n keys in plain words. */
export function draftSchema(currency: string) {
  const discount = z
    .object({
      id,
      kind: z.enum(["percent", "amount"], "desk.recalc.err.stale"),
      value: z.string().max(40, "desk.recalc.err.discount"),
      added: z.boolean().optional(),
    })
    .superRefine((d, ctx) => {
      const ok = d.kind === "percent" ? parsePercentInput(d.value) !== null : parseMoneyInput(d.value, currency, { allowZero: true }).ok;
      if (!ok) ctx.addIssue({ code: "custom", path: ["value"], message: d.kind === "percent" ? "desk.recalc.err.percent" : "desk.recalc.err.discountAmount" });
    });
  return z.object({
    lines: z
      .array(
        z.object({
          lineId: id,
          quantity: z
            .string()
            .max(40, "desk.recalc.err.quantity")
            .refine((v) => parseQuantityInput(v) !== null, "desk.recalc.err.quantity"),
          unitAmount: z
            .string()
            .max(60, "desk.recalc.err.unitAmount")
            .refine((v) => v.trim() === "" || parseUnitAmountInput(v, currency).ok, "desk.recalc.err.unitAmount"),
          removed: z.boolean(),
          discounts: z.array(discount).max(20, "desk.recalc.err.stale"),
          prorationDate: z
            .string()
            .max(40, "desk.recalc.err.prorationDate")
            .refine((v) => secondsOfUtcInput(v) !== null, "desk.recalc.err.prorationDate")
            .optional(),
          contractTiers: id.optional(),
        }),
      )
      .min(1, "desk.recalc.err.stale")
      .max(5000, "desk.recalc.err.stale"),
    invoiceDiscounts: z.array(discount).max(20, "desk.recalc.err.stale"),
    taxRates: z
      .array(
        z.object({
          id,
          percentage: z
            .string()
            .max(20)
            .refine((v) => parsePercentInput(v) !== null, "desk.recalc.err.percent"),
          inclusive: z.boolean(),
          label: z.string().max(200).refine(isPlainLine, "desk.recalc.err.stale").nullable(),
        }),
      )
      .max(50, "desk.recalc.err.stale"),
    tariffApplied: z.boolean(),
    note: z.string().trim().max(2000, "desk.recalc.err.note").refine(isPlainText, "disputes.err.controlChars"),
  });
}

/** Field path → message key, first message per field (the form shows it next to the input). */
export function draftErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) out[issue.path.join(".") || "form"] ??= issue.message;
  return out;
}

function draftDiscount(d: DiscountInput, currency: string): DraftDiscount {
  if (d.percentOff !== null && d.percentOff !== undefined) return { id: d.id, kind: "percent", value: String(d.percentOff) };
  return { id: d.id, kind: "amount", value: minorToDecimalString(BigInt(d.amountOff ?? 0), currency) };
}

/**
 * The draft's numbers as the reader writes decimals ("12,50" in Russian). Only the separator of
 * a plain decimal changes; the parsers read either, so nothing else depends on it.
 */
export function localizeDraft(draft: Draft, decimal: "." | ","): Draft {
  if (decimal === ".") return draft;
  const d = (v: string) => (/^-?\d+\.\d+$/.test(v) ? v.replace(".", decimal) : v);
  const disc = (x: DraftDiscount): DraftDiscount => ({ ...x, value: d(x.value) });
  return {
    ...draft,
    lines: draft.lines.map((l) => ({ ...l, quantity: d(l.quantity), unitAmount: d(l.unitAmount), discounts: l.discounts.map(disc) })),
    invoiceDiscounts: draft.invoiceDiscounts.map(disc),
    taxRates: draft.taxRates.map((r) => ({ ...r, percentage: d(r.percentage) })),
  };
}

/** The form as it starts: the invoice as billed. */
export function draftFromInput(input: InvoiceInput): Draft {
  const rates = new Map<string, DraftTaxRate>();
  for (const l of input.lines)
    for (const t of l.taxRates ?? input.defaultTaxRates ?? [])
      if (!rates.has(t.id)) rates.set(t.id, { id: t.id, percentage: String(t.percentage), inclusive: t.inclusive, label: t.displayName ?? null });
  return {
    lines: input.lines.map((l) => ({
      lineId: l.id,
      quantity: String(l.quantity ?? "1"),
      // A line priced by its price (tiers, packages, proration) starts without a unit amount: typing one makes it quantity × unit.
      unitAmount:
        !l.price && l.unitAmountDecimal !== null && l.unitAmountDecimal !== undefined ? formatUnitAmountInput(String(l.unitAmountDecimal), input.currency) : "",
      removed: false,
      discounts: (l.discounts ?? []).map((d) => draftDiscount(d, input.currency)),
      ...(l.proration && l.price ? { prorationDate: utcInputOf(l.proration.prorationDate) } : {}),
    })),
    invoiceDiscounts: (input.discounts ?? []).map((d) => draftDiscount(d, input.currency)),
    taxRates: [...rates.values()],
    tariffApplied: false,
    note: "",
  };
}

/** The contracted tariff filled into the form (one click): unit prices, plus coupons the contract gives. */
export function applyTariffToDraft(draft: Draft, tariff: TariffSuggestion, currency: string): Draft {
  const byLine = new Map(tariff.lines.map((t) => [t.lineId, t]));
  const toDraft = (d: { id: string; percentOff: string | null; amountOff: string | null }): DraftDiscount =>
    d.percentOff !== null
      ? { id: d.id, kind: "percent", value: d.percentOff, added: true }
      : { id: d.id, kind: "amount", value: minorToDecimalString(BigInt(d.amountOff ?? "0"), currency), added: true };
  const merge = (list: DraftDiscount[], add: { id: string; percentOff: string | null; amountOff: string | null }[]) => [
    ...list.filter((d) => !add.some((a) => a.id === d.id)),
    ...add.map(toDraft),
  ];
  return {
    ...draft,
    tariffApplied: true,
    lines: draft.lines.map((l) => {
      const t = byLine.get(l.lineId);
      if (!t) return l;
      if (t.tiered)
        return { ...l, unitAmount: "", contractTiers: t.tiered.tariffId, quantity: t.quantity ?? l.quantity, discounts: merge(l.discounts, t.discounts) };
      return {
        ...l,
        unitAmount: t.unitAmountDecimal !== null ? formatUnitAmountInput(t.unitAmountDecimal, currency) : l.unitAmount,
        quantity: t.quantity ?? l.quantity,
        discounts: merge(l.discounts, t.discounts),
      };
    }),
    invoiceDiscounts: merge(draft.invoiceDiscounts, tariff.invoiceDiscounts),
  };
}

const same = (a: string, b: string) => compare(parseDecimal(a), parseDecimal(b)) === 0;

function discountEdit(d: DraftDiscount, base: DiscountInput | undefined, currency: string): DiscountInput | null {
  const next: DiscountInput =
    d.kind === "percent"
      ? { id: d.id, couponId: base?.couponId ?? null, percentOff: parsePercentInput(d.value)! }
      : { id: d.id, couponId: base?.couponId ?? null, amountOff: (parseMoneyInput(d.value, currency, { allowZero: true }) as { amount: bigint }).amount };
  if (!base) return next;
  const basePct = base.percentOff !== null && base.percentOff !== undefined;
  if (d.kind === "percent" && basePct && same(String(base.percentOff), String(next.percentOff))) return null;
  if (d.kind === "amount" && !basePct && BigInt(base.amountOff ?? 0) === next.amountOff) return null;
  return next;
}

export type EditsResult = { ok: true; edits: InvoiceEdit[] } | { ok: false; fields: Record<string, string> };

/**
 * The edits a valid draft makes to the invoice: only what differs. Structural mismatches (a line
 * or coupon the invoice does not have: the page was stale) come back as field errors. `tariff` is
 * the contract the page was loaded with: a line priced by its tiers takes them from there.
 */
export function editsFromDraft(draft: Draft, base: InvoiceInput, tariff?: TariffSuggestion | null): EditsResult {
  const currency = base.currency;
  const fields: Record<string, string> = {};
  const edits: InvoiceEdit[] = [];
  if (draft.lines.length !== base.lines.length) fields.form = "desk.recalc.err.stale";
  const baseLines = new Map(base.lines.map((l) => [l.id, l]));
  draft.lines.forEach((dl, i) => {
    const bl = baseLines.get(dl.lineId);
    if (!bl) {
      fields.form = "desk.recalc.err.stale";
      return;
    }
    baseLines.delete(dl.lineId);
    if (dl.removed) {
      edits.push({ type: "remove_line", lineId: bl.id });
      return;
    }
    const q = parseQuantityInput(dl.quantity)!;
    if (!same(q, String(bl.quantity ?? "1"))) edits.push({ type: "set_quantity", lineId: bl.id, quantity: q });
    const hasUnit = bl.unitAmountDecimal !== null && bl.unitAmountDecimal !== undefined;
    let unitSet = false;
    if (dl.contractTiers !== undefined && dl.unitAmount.trim() === "") {
      const tiered = tariff?.lines.find((t) => t.lineId === bl.id)?.tiered;
      if (!tiered || tiered.tariffId !== dl.contractTiers) fields[`lines.${i}.unitAmount`] = "desk.recalc.err.stale";
      else edits.push({ type: "set_tiered_price", lineId: bl.id, tiered: { tiersMode: tiered.tiersMode, tiers: tiered.tiers } });
    } else if (dl.unitAmount.trim() === "") {
      if (hasUnit && !bl.price) fields[`lines.${i}.unitAmount`] = "desk.recalc.err.unitAmount";
    } else {
      const u = (parseUnitAmountInput(dl.unitAmount, currency) as { minor: string }).minor;
      unitSet = !!bl.price || !hasUnit || !same(u, String(bl.unitAmountDecimal));
      if (unitSet) edits.push({ type: "set_unit_amount", lineId: bl.id, unitAmountDecimal: u });
    }
    // a unit amount typed over a proration line replaces its proration: the date no longer applies
    if (dl.prorationDate !== undefined && !unitSet) {
      const p = bl.proration;
      const at = secondsOfUtcInput(dl.prorationDate);
      if (!p || !bl.price) fields[`lines.${i}.prorationDate`] = "desk.recalc.err.stale";
      else if (at === null || at < p.periodStart || at >= p.periodEnd) fields[`lines.${i}.prorationDate`] = "desk.recalc.err.prorationDate";
      else if (at !== p.prorationDate) edits.push({ type: "set_proration_date", lineId: bl.id, prorationDate: at });
    }
    const own = new Map((bl.discounts ?? []).map((d) => [d.id, d]));
    dl.discounts.forEach((dd, k) => {
      const b = own.get(dd.id);
      if (!b && !dd.added) fields[`lines.${i}.discounts.${k}.value`] = "desk.recalc.err.stale";
      const next = discountEdit(dd, b, currency);
      if (next) edits.push({ type: "set_discount", lineId: bl.id, discount: next });
    });
  });
  if (baseLines.size) fields.form = "desk.recalc.err.stale";
  const invoiceDiscounts = new Map((base.discounts ?? []).map((d) => [d.id, d]));
  draft.invoiceDiscounts.forEach((dd, k) => {
    const b = invoiceDiscounts.get(dd.id);
    if (!b && !dd.added) fields[`invoiceDiscounts.${k}.value`] = "desk.recalc.err.stale";
    const next = discountEdit(dd, b, currency);
    if (next) edits.push({ type: "set_discount", discount: next });
  });
  const baseRates = new Map(base.lines.flatMap((l) => l.taxRates ?? base.defaultTaxRates ?? []).map((t) => [t.id, t]));
  draft.taxRates.forEach((dt, k) => {
    const b = baseRates.get(dt.id);
    if (!b) {
      fields[`taxRates.${k}.percentage`] = "desk.recalc.err.stale";
      return;
    }
    const p = parsePercentInput(dt.percentage)!;
    if (!same(p, String(b.percentage)))
      edits.push({ type: "set_tax_rate", taxRate: { id: b.id, percentage: p, inclusive: b.inclusive, displayName: b.displayName ?? null } });
  });
  return Object.keys(fields).length ? { ok: false, fields } : { ok: true, edits };
}

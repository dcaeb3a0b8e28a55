// A credit proration that credits an item twice, or credits more than the item was charged.
//
// When a subscription changes mid-period, Stripe credits the unused time of what was already
// billed: "If a customer upgrades from a 10 USD monthly plan to a 20 USD option halfway through
// the billing period … Unused time on original 10 USD plan (credit) -5 USD"
// (https://docs.stripe.com/billing/subscriptions/prorations). Each credit proration line names
// what it reverses: `proration_details.credited_items` = { invoice, invoice_line_items }, "For a
// credit proration line_item, the original debit line_items to which the credit proration
// applies" (https://docs.stripe.com/api/invoice-line-item/object; "relate credit prorations to
// their corresponding debits", https://docs.stripe.com/billing/subscriptions/prorations#credit-proration-debit-links).
// Each credit names the debit it reverses, so a second change in the same period credits the first
// change's debit proration, not the original line again: a line's time is credited at most once
// (a real two-change history in the conformance corpus, secrag--*.legacy.json, shows Stripe doing
// exactly that: the second credit names the first change's debit line). The rule fires on a credit proration
// (proration, amount < 0, credited_items set) that
// - "double_credit": credits a line for time an earlier credit proration already credited on it
//   (earlier = older invoice, then lower position on the same invoice);
// - "over_credit": credits more than the credited lines charged for the time they share with the
//   credit's period (amount × overlap / period, rounded up, plus one minor-unit step for Stripe's
//   rounding of each proration line on its own), counting only lines of the same subscription
//   item when both name one;
// - "never_charged": credits a line that the projected credited invoice does not have.
// A credited invoice that is not projected says nothing (a sync gap: lost_sync/reconciliation
// find those). Pure.
import { minorUnitStep } from "@/lib/money";
import { abs, draft, isDead } from "./helpers";
import type { AuditCreditProration, AuditCreditedLine, AuditLine, FindingDraft, Rule } from "../types";

type Kind = "double_credit" | "over_credit" | "never_charged";

const overlapMs = (aStart: number, aEnd: number, bStart: number, bEnd: number) => Math.max(0, Math.min(aEnd, bEnd) - Math.max(aStart, bStart));

/** ceil(amount × part / whole) for amount ≥ 0, whole > 0: what a line charged for `part` of its period, rounded up. */
const share = (amount: bigint, part: number, whole: number): bigint => {
  if (amount <= 0n || part <= 0) return 0n;
  const p = BigInt(Math.round(part)),
    w = BigInt(Math.round(whole));
  return (amount * p + w - 1n) / w;
};

interface Credit {
  stripeId: string;
  invoiceCreated: number;
  invoiceStripeId: string;
  position: number;
  start: number;
  end: number;
  lines: string[];
}

const before = (a: Credit, b: Credit) =>
  a.invoiceCreated !== b.invoiceCreated
    ? a.invoiceCreated < b.invoiceCreated
    : a.invoiceStripeId !== b.invoiceStripeId
      ? a.invoiceStripeId < b.invoiceStripeId
      : a.position < b.position;

export const prorationCredit: Rule = (ctx) => {
  const inv = ctx.invoice;
  const out: FindingDraft[] = [];
  const credits = ctx.credits;
  if (!credits || isDead(inv.status) || inv.status === "VOID") return out;
  const isCredit = (l: AuditLine) => l.proration && l.amount < 0n && !!l.creditedItems?.lines.length && !!l.periodStart && !!l.periodEnd;
  const mine = inv.lines.filter(isCredit);
  if (!mine.length) return out;
  const creditedById = new Map<string, AuditCreditedLine>(credits.creditedLines.map((l) => [l.stripeId, l]));
  const projected = new Set(credits.projectedInvoices);
  // Every credit proration crediting a line: this invoice's own, then the others loaded (deduplicated).
  const all = new Map<string, Credit>();
  for (const l of mine)
    all.set(l.stripeId, {
      stripeId: l.stripeId,
      invoiceCreated: inv.stripeCreated.getTime(),
      invoiceStripeId: inv.stripeId,
      position: l.position,
      start: l.periodStart!.getTime(),
      end: l.periodEnd!.getTime(),
      lines: l.creditedItems!.lines,
    });
  for (const c of credits.creditProrations as AuditCreditProration[])
    if (!all.has(c.stripeId) && c.periodStart && c.periodEnd && c.amount < 0n && c.invoiceStripeId !== inv.stripeId)
      all.set(c.stripeId, {
        stripeId: c.stripeId,
        invoiceCreated: c.invoiceCreated.getTime(),
        invoiceStripeId: c.invoiceStripeId,
        position: c.position,
        start: c.periodStart.getTime(),
        end: c.periodEnd.getTime(),
        lines: c.creditedLines,
      });
  const step = minorUnitStep(inv.currency);

  for (const line of mine) {
    const me = all.get(line.stripeId)!;
    const credited = -line.amount;
    const invoice = line.creditedItems!.invoice;
    let kind: Kind | null = null;
    let atStake = 0n;
    let allowed: bigint | null = null;
    let earlier: Credit | null = null;
    const missing = line.creditedItems!.lines.filter((id) => !creditedById.has(id));
    if (missing.length && projected.has(invoice)) {
      kind = "never_charged";
      atStake = credited;
    } else if (!missing.length) {
      // double credit: an earlier credit proration on the same line for overlapping time
      for (const other of all.values())
        if (other !== me && before(other, me) && other.lines.some((id) => me.lines.includes(id)) && overlapMs(other.start, other.end, me.start, me.end) > 0) {
          earlier = other;
          break;
        }
      const lines = me.lines.map((id) => creditedById.get(id)!);
      if (earlier) {
        kind = "double_credit";
        const ov = overlapMs(earlier.start, earlier.end, me.start, me.end);
        atStake = share(credited, ov, me.end - me.start) || credited;
      } else {
        allowed = 0n;
        for (const c of lines) {
          if (!c.periodStart || !c.periodEnd) {
            allowed = null;
            break;
          }
          if (line.subscriptionItemId && c.subscriptionItemId && line.subscriptionItemId !== c.subscriptionItemId) continue;
          const whole = c.periodEnd.getTime() - c.periodStart.getTime();
          if (whole <= 0) {
            allowed += c.amount > 0n ? c.amount : 0n;
            continue;
          }
          allowed += share(c.amount, overlapMs(c.periodStart.getTime(), c.periodEnd.getTime(), me.start, me.end), whole);
        }
        if (allowed !== null && credited > allowed + step) {
          kind = allowed === 0n ? "never_charged" : "over_credit";
          atStake = credited - allowed;
        }
      }
    }
    if (!kind) continue;
    const expectedAmount = kind === "over_credit" && allowed !== null ? -allowed : kind === "double_credit" ? line.amount + atStake : 0n;
    out.push(
      draft(ctx, {
        rule: "proration_credit",
        fingerprint: `proration_credit:${line.stripeId}`,
        severity: "MEDIUM",
        amountAtStakeMinor: abs(atStake),
        summary:
          kind === "double_credit"
            ? `Line ${line.position + 1} credits ${credited} on ${me.lines.join(", ")} for time already credited by ${earlier!.stripeId} (${earlier!.invoiceStripeId})`
            : kind === "over_credit"
              ? `Line ${line.position + 1} credits ${credited} on ${me.lines.join(", ")}, which charged ${allowed} for that time`
              : `Line ${line.position + 1} credits ${credited} on ${me.lines.join(", ")} of ${invoice}, which never charged it`,
        evidence: {
          line: line.stripeId,
          kind,
          credited,
          creditedInvoice: invoice,
          creditedLines: me.lines,
          chargedForPeriod: allowed,
          periodStart: line.periodStart!.toISOString(),
          periodEnd: line.periodEnd!.toISOString(),
          subscriptionItem: line.subscriptionItemId ?? null,
          // not "line": finding-line-numbers reads "line" keys as this invoice's lines
          earlierCredit: earlier ? { creditLine: earlier.stripeId, invoice: earlier.invoiceStripeId } : null,
        },
        suggestion: {
          kind: "recalculation",
          edits: [{ type: "set_amount", lineId: line.stripeId, amount: expectedAmount }],
          differenceMinor: expectedAmount - line.amount,
          currency: inv.currency,
        },
      }),
    );
  }
  return out;
};

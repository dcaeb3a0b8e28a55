// Test-only: a paid (or open) invoice in the emulator, synced into Settle, with a customer user,
// a dispute on it, staff users and a saved recalculation. Never imported by application code.
import type Stripe from "stripe";
import { getDb } from "@/lib/db";
import { drainEvents } from "@/features/stripe-sync/processor/process-events";
import { paidInvoice } from "@/features/stripe-sync/testing/billing";
import type { SyncWorld } from "@/features/stripe-sync/testing/harness";
import { createUser } from "@/features/disputes/testing/fixtures";
import { approveThresholdChange } from "../thresholds/decide-threshold-change";
import { updateApprovalThresholds } from "../thresholds/update-approval-thresholds";

export async function sync(world: SyncWorld) {
  await world.emu.emulator.webhooks.flush();
  await drainEvents(await getDb());
}

/** Waits for the post-commit listeners (they run after the processor's commit, asynchronously). */
export async function until<T>(fn: () => Promise<T | null | undefined | false>, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function disputedInvoice(world: SyncWorld, stripe: Stripe, opts: { pay?: boolean; lines?: number; unit?: string } = {}) {
  const db = await getDb();
  const { customer, invoice } = await paidInvoice(stripe, { lines: opts.lines ?? 3, pay: opts.pay, unitAmountDecimal: opts.unit });
  await sync(world);
  const inv = await db.invoice.findUniqueOrThrow({ where: { stripeId: invoice.id }, include: { lines: { orderBy: { position: "asc" } } } });
  const user = await createUser(db, "CUSTOMER");
  // The emulator's customer has its own address: a hand link (as staff make one) keeps the user on it.
  await db.userCustomer.create({ data: { userId: user.id, customerId: inv.customerId, source: "STAFF" } });
  const dispute = await db.dispute.create({
    data: {
      customerId: inv.customerId,
      invoiceId: inv.id,
      reason: "WRONG_QUANTITY",
      description: "We have fewer seats than billed.",
      currency: inv.currency,
      openedById: user.id,
      status: "IN_REVIEW",
    },
  });
  return { customer, stripeInvoice: invoice, invoice: inv, user, dispute };
}

/** A saved recalculation as the desk stores it (only the fields corrections read). */
export async function recalculation(opts: {
  invoiceId: string;
  disputeId: string;
  currency: string;
  lines: { lineId: string; amount: bigint; total: bigint }[];
}) {
  const db = await getDb();
  const diff = opts.lines.reduce((s, l) => s + l.total, 0n);
  return db.recalculation.create({
    data: {
      invoiceId: opts.invoiceId,
      disputeId: opts.disputeId,
      currency: opts.currency,
      inputs: {},
      outcome: diff > 0n ? "customer_right" : "invoice_confirmed",
      result: {
        lines: opts.lines.map((l) => ({
          lineId: l.lineId,
          status: "changed",
          amount: { difference: l.amount.toString() },
          total: { difference: l.total.toString() },
        })),
      },
      originalTotal: 0n,
      recalculatedTotal: 0n,
      differenceMinor: diff,
    },
  });
}

export const staff = async () => {
  const db = await getDb();
  return {
    agent: await createUser(db, "AGENT"),
    agent2: await createUser(db, "AGENT"),
    lead: await createUser(db, "LEAD"),
    lead2: await createUser(db, "LEAD"),
    admin: await createUser(db, "ADMIN"),
  };
};

/**
 * Sets thresholds the way the desk must: the admin's request, and a second lead approving every
 * raise it held (raises are four-eyes too).
 */
export async function setThresholds(people: Awaited<ReturnType<typeof staff>>, thresholds: Record<string, string>) {
  const db = await getDb();
  const { held } = await updateApprovalThresholds(db, { actor: people.admin, thresholds, reason: "test setup" });
  for (const h of held) await approveThresholdChange(db, { actor: people.lead2, input: { changeId: h.id, reason: "test setup" } });
}

// Test and benchmark helper: fills Settle's projections from an in-process emulator through
// the sync teammate's own `applyObjects` (the code live sync and replay use), as webhook
// delivery would have left them: objects whose latest events were never delivered are taken
// from their last delivered event's snapshot (or skipped when none was delivered), which is
// exactly what a lost webhook does to Settle. Typed structurally: the emulator is not imported.
import "server-only";
import type { Db } from "@/lib/db";
import { applyObjects } from "@/features/stripe-sync/projection/apply-objects";
import type { Kind, StripeJson, TaxRateInfo } from "@/features/stripe-sync/types";
import { bulkProject } from "./bulk-projections";

type Obj = StripeJson;
export interface InProcessEmulator {
  api(method: "GET", path: string, params?: Record<string, unknown>): { status: number; body: unknown };
  store: { c: Record<string, { toJSON(): Obj[] }>; meta: Map<string, Obj> };
}

function* listAll(em: InProcessEmulator, path: string, params: Record<string, unknown> = {}): Generator<Obj> {
  let after: string | undefined;
  for (;;) {
    const res = em.api("GET", path, { ...params, limit: 100, ...(after ? { starting_after: after } : {}) });
    if (res.status !== 200) throw new Error(`GET ${path} → ${res.status}`);
    const page = res.body as { data: Obj[]; has_more: boolean };
    yield* page.data;
    if (!page.has_more || !page.data.length) return;
    after = page.data[page.data.length - 1].id;
  }
}

/** Object id → the snapshot of its latest delivered event, for objects with an undelivered event; null = never delivered. */
function lostObjects(em: InProcessEmulator): Map<string, Obj | null> {
  const events = em.store.c.events.toJSON();
  const failed = new Set<string>();
  for (const e of events) if (em.store.meta.get(e.id)?.delivery === "failed") failed.add(e.object_id ?? JSON.parse(e.data_raw).id);
  const out = new Map<string, Obj | null>();
  for (const id of failed) out.set(id, null);
  for (const e of events) {
    const id = e.object_id ?? null;
    if (!id || !failed.has(id) || em.store.meta.get(e.id)?.delivery === "failed") continue;
    out.set(id, JSON.parse(e.data_raw));
  }
  return out;
}

/** Line discounts come as ids in discount_amounts; hand the projection the expanded objects. */
function expandLineDiscounts(inv: Obj): Obj {
  const data = (inv.lines?.data ?? []).map((l: Obj) => {
    const byId = new Map<string, Obj>((l.discounts ?? []).filter((d: unknown) => typeof d === "object").map((d: Obj) => [d.id, d]));
    return {
      ...l,
      discount_amounts: (l.discount_amounts ?? []).map((a: Obj) =>
        typeof a.discount === "string" && byId.has(a.discount) ? { ...a, discount: byId.get(a.discount) } : a,
      ),
    };
  });
  return { ...inv, lines: { ...inv.lines, data, has_more: false } };
}

/**
 * Subscriptions, after their customers (both ways: they are few), each applied as its newest
 * delivered event leaves it: that event's time is the projection's lastEventAt, as live sync
 * records it (the quantity_mismatch rule reads it). One never delivered is skipped.
 */
async function loadSubscriptions(db: Db, em: InProcessEmulator, lost: Map<string, Obj | null>): Promise<number> {
  const eventAt = new Map<string, number>();
  for (const e of em.store.c.events.toJSON()) {
    if (!e.object_id || !String(e.type).startsWith("customer.subscription.") || em.store.meta.get(e.id)?.delivery === "failed") continue;
    eventAt.set(e.object_id, Math.max(eventAt.get(e.object_id) ?? 0, e.created));
  }
  let n = 0;
  for (const listed of listAll(em, "/v1/subscriptions", { status: "all" })) {
    const o = lost.has(listed.id) ? lost.get(listed.id) : listed;
    if (!o) continue;
    const at = eventAt.get(o.id);
    await db.$transaction((tx) => applyObjects(tx, [{ kind: "subscription", object: o }], at ? new Date(at * 1000) : null));
    n++;
  }
  return n;
}

export interface LoadStats {
  objects: number;
  lost: number;
  ms: number;
}

/**
 * `via: "sync"` applies every object through stripe-sync's applyObjects (the real path, ~20 ms
 * per object here); `via: "bulk"` writes the same rows with multi-row inserts.
 */
export async function loadEmulatorProjections(
  db: Db,
  em: InProcessEmulator,
  opts: { via?: "sync" | "bulk"; concurrency?: number; chunk?: number } = {},
): Promise<LoadStats> {
  const started = Date.now();
  const lost = lostObjects(em);
  const taxRates: Record<string, TaxRateInfo> = {};
  for (const t of listAll(em, "/v1/tax_rates"))
    taxRates[t.id] = { percentage: String(t.percentage), displayName: t.display_name ?? null, inclusive: t.inclusive === true };
  const phases: [Kind, string, Record<string, unknown>][] = [
    ["customer", "/v1/customers", {}],
    ["price", "/v1/prices", { expand: ["data.product", "data.tiers"] }],
    ["invoice", "/v1/invoices", { expand: ["data.discounts", "data.lines.data.discounts", "data.payments"] }],
    ["payment_intent", "/v1/payment_intents", {}],
    ["charge", "/v1/charges", {}],
    ["refund", "/v1/refunds", {}],
    ["credit_note", "/v1/credit_notes", {}],
    ["dispute", "/v1/disputes", {}],
  ];
  let objects = 0;
  const collected = new Map<Kind, Obj[]>();
  for (const [kind, path, params] of phases) {
    const batch: Obj[] = [];
    for (const listed of listAll(em, path, params)) {
      let o = listed;
      if (kind === "invoice" && o.lines?.has_more) {
        const lines = [...listAll(em, `/v1/invoices/${o.id}/lines`, { expand: ["data.discounts"] })];
        o = { ...o, lines: { ...o.lines, data: lines, has_more: false } };
      }
      if (lost.has(o.id)) {
        const snap = lost.get(o.id);
        if (!snap) continue;
        // Lines and discounts are frozen after finalization: keep the complete expanded ones.
        o = kind === "invoice" ? { ...snap, lines: o.lines, discounts: o.discounts, payments: snap.payments ?? { data: [] } } : snap;
      }
      batch.push(kind === "invoice" ? expandLineDiscounts(o) : o);
    }
    objects += batch.length;
    if (opts.via === "bulk") {
      collected.set(kind, batch);
      continue;
    }
    const size = opts.chunk ?? 50;
    const parts: Obj[][] = [];
    for (let i = 0; i < batch.length; i += size) parts.push(batch.slice(i, i + size));
    let next = 0;
    const worker = async () => {
      while (next < parts.length) {
        const part = parts[next++];
        await db.$transaction(
          async (tx) => {
            for (const object of part) await applyObjects(tx, [{ kind, object, taxRates: kind === "invoice" ? taxRates : undefined }], null);
          },
          { timeout: 120_000 },
        );
      }
    };
    await Promise.all(Array.from({ length: opts.concurrency ?? 4 }, worker));
  }
  if (opts.via === "bulk") await bulkProject(db, collected, taxRates);
  objects += await loadSubscriptions(db, em, lost);
  return { objects, lost: lost.size, ms: Date.now() - started };
}

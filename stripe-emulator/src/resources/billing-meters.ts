// Billing meters and meter events (README "Billing meters"): usage-based billing as Stripe's
// "basic usage-based billing" (Billing Meters API) documents it.
//
// Stripe (docs.stripe.com/billing/subscriptions/usage-based/implementation-guide): "Meter events:
// You send customer-specific information, represented by meter events, to Stripe. ... Meter:
// Meters, as configuration objects for meter events, provide guidelines on how you want the meter
// events aggregated over the billing period. ... Meters attach to prices, mapping the customer usage
// to customer subscriptions. Meter event summary: The event summary for a customer and meter returns
// aggregated usage for a period (the meter defines the aggregation formula)." The guide's example
// bills "at the end of the month in arrears"; "How usage-based billing works": "you ingest meter
// events through the Stripe API and the Billing Meters API aggregates usage at the end of the
// billing period before generating an invoice".
//
// - `POST /v1/billing/meters` (display_name, event_name, default_aggregation[formula] sum | count |
//   last — "count to count the number of events, sum to sum each event's value and last to take the
//   last event's value in the window" —, customer_mapping[event_payload_key] (default
//   stripe_customer_id, type by_id), value_settings[event_payload_key] (default value)), retrieve,
//   update (display_name), list (status filter), `/deactivate`, `/reactivate`.
// - `POST /v1/billing/meter_events` (event_name, payload, identifier, timestamp): the payload "must
//   contain the fields corresponding to a meter's customer_mapping.event_payload_key (default is
//   stripe_customer_id) and value_settings.event_payload_key (default is value)"; identifier: "We'll
//   enforce uniqueness within a rolling 24 hour period" (the emulator: for ever); timestamp "Must be
//   within the past 35 calendar days or up to 5 minutes in the future. Defaults to current
//   timestamp" — measured on the customer's test clock when it has one. Values are whole numbers
//   ≥ 0 here. The emulator aggregates synchronously (Stripe: "eventually consistent").
// - `GET /v1/billing/meters/:id/event_summaries` (customer, start_time inclusive, end_time
//   exclusive, both "aligned with minute boundaries", value_grouping_window hour | day): one
//   summary for the range, or one per window, newest first as Stripe's example lists them.
//
// Events are kept per meter and customer in the store's meta (they are not API-listable objects).
import type { Emulator } from "../emulator";
import { invalid } from "../errors";
import { listCollection } from "../list";
import { int, obj, oneOf, str, type Params } from "../params";
import type { Router } from "../router";
import type { Obj } from "../store";
import { invoiceLines, recompute, syncLines } from "./invoice-build";
import { atCustomerTime, buildSubscriptionLine } from "./subscriptions";

const DAY = 86_400;
const FORMULAS = ["sum", "count", "last"] as const;
export type MeterFormula = (typeof FORMULAS)[number];

/** One recorded meter event (JSON-safe): its timestamp, whole value and arrival order. */
export interface StoredMeterEvent {
  identifier: string;
  timestamp: number;
  value: string;
  seq: number;
}

const eventsKey = (meterId: string, customer: string) => `meter_events:${meterId}:${customer}`;
const identifierKey = (identifier: string) => "meter_event_identifier:" + identifier;

export function registerBillingMeters(r: Router): void {
  r.add("POST", "/v1/billing/meters", ({ em, p }) => createMeter(em, p));
  r.add("GET", "/v1/billing/meters/:id", ({ em, path }) => em.get("billing_meters", path.id, "billing.meter"));
  r.add("POST", "/v1/billing/meters/:id", ({ em, p, path }) => {
    const m = em.get("billing_meters", path.id, "billing.meter");
    const prev: Obj = {};
    if (p.display_name !== undefined) {
      prev.display_name = m.display_name;
      m.display_name = str(p, "display_name", true);
    }
    m.updated = em.clock.now();
    em.emit("billing.meter.updated", m, prev);
    return m;
  });
  r.add("GET", "/v1/billing/meters", ({ em, p, url }) => {
    const status = oneOf(p, "status", ["active", "inactive"] as const);
    return listCollection(em.store.c.billing_meters, p, url, status ? (o) => o.status === status : undefined);
  });
  r.add("POST", "/v1/billing/meters/:id/deactivate", ({ em, path }) => setStatus(em, em.get("billing_meters", path.id, "billing.meter"), "inactive"));
  r.add("POST", "/v1/billing/meters/:id/reactivate", ({ em, path }) => setStatus(em, em.get("billing_meters", path.id, "billing.meter"), "active"));
  r.add("POST", "/v1/billing/meter_events", ({ em, p }) => createMeterEvent(em, p));
  r.add("GET", "/v1/billing/meters/:id/event_summaries", ({ em, p, path }) => eventSummaries(em, em.get("billing_meters", path.id, "billing.meter"), p));
}

function createMeter(em: Emulator, p: Params): Obj {
  const displayName = str(p, "display_name", true)!;
  const eventName = str(p, "event_name", true)!;
  const agg = obj(p, "default_aggregation");
  if (!agg) throw invalid("Missing required param: default_aggregation.", "default_aggregation", "parameter_missing");
  const formula = oneOf(agg, "formula", FORMULAS);
  if (!formula) throw invalid("Missing required param: default_aggregation[formula].", "default_aggregation[formula]", "parameter_missing");
  for (const m of em.store.c.billing_meters.items.values()) {
    if (m.event_name === eventName && m.status === "active") throw invalid(`An active meter with event_name \`${eventName}\` already exists.`, "event_name");
  }
  const mapping = obj(p, "customer_mapping") ?? {};
  const mappingType = oneOf(mapping, "type", ["by_id"] as const) ?? "by_id";
  const values = obj(p, "value_settings") ?? {};
  const now = em.clock.now();
  const meter: Obj = {
    id: em.newId("mtr"),
    object: "billing.meter",
    created: now,
    customer_mapping: { event_payload_key: str(mapping, "event_payload_key") ?? "stripe_customer_id", type: mappingType },
    default_aggregation: { formula },
    display_name: displayName,
    event_name: eventName,
    event_time_window: oneOf(p, "event_time_window", ["day", "hour"] as const) ?? null,
    livemode: em.livemode,
    status: "active",
    status_transitions: { deactivated_at: null },
    updated: now,
    value_settings: { event_payload_key: str(values, "event_payload_key") ?? "value" },
  };
  em.store.c.billing_meters.insert(meter);
  em.emit("billing.meter.created", meter);
  return meter;
}

function setStatus(em: Emulator, m: Obj, status: "active" | "inactive"): Obj {
  if (m.status === status) return m;
  const prev = { status: m.status, status_transitions: m.status_transitions };
  const now = em.clock.now();
  m.status = status;
  m.status_transitions = { deactivated_at: status === "inactive" ? now : null };
  m.updated = now;
  em.emit(status === "inactive" ? "billing.meter.deactivated" : "billing.meter.reactivated", m, prev);
  return m;
}

function activeMeterFor(em: Emulator, eventName: string): Obj | undefined {
  for (const m of em.store.c.billing_meters.items.values()) if (m.event_name === eventName && m.status === "active") return m;
  return undefined;
}

function createMeterEvent(em: Emulator, p: Params): Obj {
  const eventName = str(p, "event_name", true)!;
  const payload = obj(p, "payload");
  if (!payload) throw invalid("Missing required param: payload.", "payload", "parameter_missing");
  const meter = activeMeterFor(em, eventName);
  if (!meter) throw invalid(`No active meter was found for event_name \`${eventName}\`.`, "event_name");
  const customerKey: string = meter.customer_mapping.event_payload_key;
  const valueKey: string = meter.value_settings.event_payload_key;
  const customerId = str(payload, customerKey);
  if (!customerId) throw invalid(`Missing required param: payload[${customerKey}].`, `payload[${customerKey}]`, "parameter_missing");
  em.get("customers", customerId, "customer", `payload[${customerKey}]`);
  const raw = str(payload, valueKey);
  // count ignores the value; sum and last need one
  if (raw === undefined && meter.default_aggregation.formula !== "count")
    throw invalid(`Missing required param: payload[${valueKey}].`, `payload[${valueKey}]`, "parameter_missing");
  if (raw !== undefined && !/^\d+$/.test(raw.trim())) throw invalid(`payload[${valueKey}] must be a whole number.`, `payload[${valueKey}]`);
  const value = raw === undefined ? "1" : BigInt(raw.trim()).toString();
  return atCustomerTime(em, customerId, () => {
    const now = em.clock.now();
    const timestamp = int(p, "timestamp") ?? now;
    if (timestamp < now - 35 * DAY || timestamp > now + 300)
      throw invalid("Timestamp must be within the past 35 calendar days or up to 5 minutes in the future.", "timestamp");
    const identifier = str(p, "identifier") ?? em.newId("mtrevt");
    if (em.store.meta.get(identifierKey(identifier)))
      throw invalid(`An event with identifier \`${identifier}\` already exists.`, "identifier", "meter_event_identifier_already_exists");
    const key = eventsKey(meter.id, customerId);
    const stored = (em.store.meta.get(key)?.events as StoredMeterEvent[] | undefined) ?? [];
    const seq = ((em.store.meta.get("meter_event_seq")?.n as number | undefined) ?? 0) + 1;
    em.store.meta.set("meter_event_seq", { n: seq });
    stored.push({ identifier, timestamp, value, seq });
    em.store.meta.set(key, { events: stored });
    em.store.meta.set(identifierKey(identifier), { meter: meter.id });
    em.touch();
    return {
      object: "billing.meter_event",
      created: now,
      event_name: eventName,
      identifier,
      livemode: em.livemode,
      payload: Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, String(v)])),
      timestamp,
    };
  });
}

/** The customer's events on a meter, in arrival order. */
export function meterEvents(em: Emulator, meterId: string, customer: string): StoredMeterEvent[] {
  return (em.store.meta.get(eventsKey(meterId, customer))?.events as StoredMeterEvent[] | undefined) ?? [];
}

/**
 * The meter's aggregated value for a customer over [start, end): sum of the values, number of
 * events, or the value of the last event (latest timestamp; the later one sent on a tie); 0 when
 * no event falls in the window.
 */
export function aggregateUsage(em: Emulator, meter: Obj, customer: string, start: number, end: number): bigint {
  const formula = meter.default_aggregation.formula as MeterFormula;
  let total = 0n;
  let last: StoredMeterEvent | undefined;
  for (const e of meterEvents(em, meter.id, customer)) {
    if (e.timestamp < start || e.timestamp >= end) continue;
    if (formula === "count") total += 1n;
    else if (formula === "sum") total += BigInt(e.value);
    else if (!last || e.timestamp > last.timestamp || (e.timestamp === last.timestamp && e.seq > last.seq)) last = e;
  }
  return formula === "last" ? (last ? BigInt(last.value) : 0n) : total;
}

/** The usage a metered price bills for a customer over [start, end) (0 without a meter). */
export function meteredUsage(em: Emulator, price: Obj, customer: string, start: number, end: number): bigint {
  const meterId: string | null = price.recurring?.meter ?? null;
  const meter = meterId ? em.store.c.billing_meters.get(meterId) : undefined;
  return meter ? aggregateUsage(em, meter, customer, start, end) : 0n;
}

export const isMetered = (price: Obj): boolean => price.recurring?.usage_type === "metered";

/**
 * A price's `recurring` hash checked against meters: a metered price needs `recurring[meter]`
 * naming an existing meter (Stripe, Price API `recurring.meter`: "The meter tracking the usage of a
 * metered price"; since usage records were removed, metered prices are backed by a meter), and a
 * licensed price takes none.
 */
export function checkRecurringMeter(em: Emulator, recurring: Obj | null): void {
  if (!recurring) return;
  if (recurring.usage_type !== "metered") {
    if (recurring.meter) throw invalid("recurring[meter] can only be set when recurring[usage_type]=metered.", "recurring[meter]");
    return;
  }
  if (!recurring.meter) throw invalid("Missing required param: recurring[meter].", "recurring[meter]", "parameter_missing");
  const meter = em.get("billing_meters", recurring.meter, "billing.meter", "recurring[meter]");
  // SDK (Meters.deactivate): "You can't attach a deactivated meter to a price."
  if (meter.status !== "active") throw invalid(`The meter ${meter.id} is deactivated and cannot be attached to a price.`, "recurring[meter]");
}

const WINDOWS = { hour: 3_600, day: DAY } as const;

function eventSummaries(em: Emulator, meter: Obj, p: Params): Obj {
  const customer = str(p, "customer", true)!;
  em.get("customers", customer, "customer", "customer");
  const start = int(p, "start_time", true)!;
  const end = int(p, "end_time", true)!;
  if (start % 60 !== 0) throw invalid("start_time must be aligned with minute boundaries.", "start_time");
  if (end % 60 !== 0) throw invalid("end_time must be aligned with minute boundaries.", "end_time");
  if (end <= start) throw invalid("end_time must be after start_time.", "end_time");
  const grouping = oneOf(p, "value_grouping_window", ["hour", "day"] as const);
  const windows: [number, number][] = [];
  if (!grouping) windows.push([start, end]);
  else {
    const w = WINDOWS[grouping];
    for (let s = start; s < end; s = Math.floor(s / w) * w + w) windows.push([s, Math.min(end, Math.floor(s / w) * w + w)]);
  }
  const data = windows.reverse().map(([s, e]) => ({
    id: `mtrusg_${meter.id.replace(/^mtr_/, "")}_${s}_${e}`,
    object: "billing.meter_event_summary",
    aggregated_value: Number(aggregateUsage(em, meter, customer, s, e)),
    end_time: e,
    livemode: em.livemode,
    meter: meter.id,
    start_time: s,
  }));
  const limit = int(p, "limit") ?? 10;
  return { object: "list", data: data.slice(0, limit), has_more: data.length > limit, url: `/v1/billing/meters/${meter.id}/event_summaries` };
}

/**
 * The line of a metered item for a past `period`: the meter's usage over [start, end) priced at
 * the item's price (per_unit, package or tiered, as any quantity), in arrears. No side effect.
 */
export function usageLine(
  em: Emulator,
  sub: Obj,
  si: Obj,
  o: { invoiceId: string; lineId: string; trial: boolean; price?: Obj; period: { start: number; end: number } },
): { line: Obj; meta: Obj } {
  const price = o.price ?? (si.price as Obj);
  const usage = meteredUsage(em, price, sub.customer, o.period.start, o.period.end);
  return buildSubscriptionLine(em, sub, si, { invoiceId: o.invoiceId, lineId: o.lineId, trial: o.trial, price, quantity: Number(usage), period: o.period });
}

/** What a usage line's meta keeps to be re-read at finalization. */
export interface UsageLineSource {
  si: string;
  price: string;
  start: number;
  end: number;
  trial: boolean;
}

/**
 * Stripe's finalization grace period ("Configure an invoice finalization grace period"): "All
 * invoices have a default finalization grace period of 1 hour. During the finalization grace
 * period, you can continue to report usage for the previous billing period. During finalization,
 * Stripe updates the invoice to reflect the latest quantity for its billing period." A draft's
 * usage lines are re-aggregated when it is finalized (the renewal's automatic finalization an hour
 * later, or an earlier `finalize` call).
 */
export function refreshUsageLines(em: Emulator, inv: Obj): void {
  const subId: string | undefined = inv.parent?.subscription_details?.subscription;
  if (!subId) return;
  const sub = em.store.c.subscriptions.get(subId);
  if (!sub) return;
  let changed = false;
  for (const l of invoiceLines(em, inv.id)) {
    const m = em.store.meta.get(l.id);
    const src = m?.usage as UsageLineSource | undefined;
    if (!src) continue;
    const si = em.store.c.subscription_items.get(src.si);
    const price = em.store.c.prices.get(src.price);
    if (!si || !price) continue;
    const { line, meta } = usageLine(em, sub, si, { invoiceId: inv.id, lineId: l.id, trial: src.trial, price, period: { start: src.start, end: src.end } });
    if (line.quantity === l.quantity) continue;
    l.quantity = line.quantity;
    l.quantity_decimal = line.quantity_decimal;
    l.description = line.description;
    em.store.meta.set(l.id, { ...m, ...meta, usage: src });
    changed = true;
  }
  if (changed) {
    recompute(em, inv);
    syncLines(em, inv);
  }
}

// Events (30-day window, type/types[]/created/delivery_success filters) and webhook endpoints.
import { randomBytes } from "node:crypto";
import { invalid, missing } from "../errors";
import { andFilters, createdFilter, listCollection } from "../list";
import { arr, bool, metadata, str } from "../params";
import type { Router } from "../router";
import type { Obj } from "../store";
import type { Emulator } from "../emulator";

const RETENTION = 30 * 86400;

export function registerEvents(r: Router): void {
  r.add("GET", "/v1/events/:id", ({ em, path }) => {
    const e = em.store.c.events.get(path.id);
    if (!e || e.created < em.clock.now() - RETENTION) throw missing("event", path.id);
    return em.renderEvent(e);
  });
  r.add("GET", "/v1/events", ({ em, p, url }) => {
    const type = str(p, "type");
    const types = arr(p, "types") as string[] | undefined;
    const ds = bool(p, "delivery_success");
    const cutoff = em.clock.now() - RETENTION;
    const typeMatch = type ? (type.endsWith("*") ? (o: Obj) => o.type.startsWith(type.slice(0, -1)) : (o: Obj) => o.type === type) : undefined;
    const list = listCollection(
      em.store.c.events,
      p,
      url,
      andFilters(
        (o) => o.created >= cutoff,
        typeMatch,
        types?.length ? (o) => types.includes(o.type) : undefined,
        ds === undefined ? undefined : (o) => deliverySucceeded(em, o) === ds,
        createdFilter(p),
      ),
    );
    return { ...list, data: list.data.map((e) => em.renderEvent(e)) };
  });

  r.add("POST", "/v1/webhook_endpoints", ({ em, p }) => {
    const url = str(p, "url", true)!;
    const events = (arr(p, "enabled_events") as string[] | undefined) ?? [];
    if (!events.length) throw invalid("Missing required param: enabled_events.", "enabled_events", "parameter_missing");
    const secret = "whsec_" + (em.opts.seed !== undefined ? deterministicSecret(em) : randomBytes(24).toString("hex"));
    const we: Obj = {
      id: em.newId("we"),
      object: "webhook_endpoint",
      api_version: str(p, "api_version") ?? null,
      application: null,
      created: em.clock.now(),
      description: str(p, "description") ?? null,
      enabled_events: events,
      livemode: em.livemode,
      metadata: metadata(p),
      status: "enabled",
      url,
    };
    em.store.meta.set(we.id, { secret });
    em.store.c.webhook_endpoints.insert(we);
    return { ...we, secret }; // the secret is only ever returned on create, as Stripe does
  });
  r.add("GET", "/v1/webhook_endpoints/:id", ({ em, path }) => em.get("webhook_endpoints", path.id, "webhook endpoint"));
  r.add("POST", "/v1/webhook_endpoints/:id", ({ em, p, path }) => {
    const we = em.get("webhook_endpoints", path.id, "webhook endpoint");
    if (p.url !== undefined) we.url = str(p, "url");
    if (p.enabled_events !== undefined) we.enabled_events = arr(p, "enabled_events");
    if (p.disabled !== undefined) we.status = bool(p, "disabled") ? "disabled" : "enabled";
    if (p.description !== undefined) we.description = str(p, "description") ?? null;
    we.metadata = metadata(p, we.metadata);
    return we;
  });
  r.add("DELETE", "/v1/webhook_endpoints/:id", ({ em, path }) => {
    const we = em.get("webhook_endpoints", path.id, "webhook endpoint");
    em.store.c.webhook_endpoints.delete(we.id);
    return { id: we.id, object: "webhook_endpoint", deleted: true };
  });
  r.add("GET", "/v1/webhook_endpoints", ({ em, p, url }) => listCollection(em.store.c.webhook_endpoints, p, url));
}

/** false when a delivery was dropped/failed; events nobody was subscribed to count as delivered. */
export function deliverySucceeded(em: Emulator, e: Obj): boolean {
  return em.store.meta.get(e.id)?.delivery !== "failed";
}

function deterministicSecret(em: Emulator): string {
  const n = em.ids.counters.we ?? 0;
  return `emu${em.seed}x${n}`.padEnd(32, "0");
}

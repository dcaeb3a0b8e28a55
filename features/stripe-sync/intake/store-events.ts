import "server-only";
import type { Db } from "@/lib/db";
import { orderingKey } from "./ordering-key";
import type { InboxEvent, InboxSource } from "./store-event";

/**
 * Many events in one statement (resync pages). Same contract as storeEvent: keyed by event id,
 * duplicates are no-ops. Returns how many rows were new.
 */
export async function storeEvents(db: Db, events: { event: InboxEvent; raw: string }[], source: InboxSource): Promise<number> {
  if (!events.length) return 0;
  const col = <T>(f: (e: InboxEvent, raw: string) => T) => events.map(({ event, raw }) => f(event, raw));
  const str = (v: unknown) => (typeof v === "string" ? v : null);
  return db.$executeRaw`
    INSERT INTO "StripeEvent" (id, type, "objectType", "objectId", "apiVersion", livemode, "stripeCreated", payload, source)
    SELECT id, type, ot, oi, av, lm, (to_timestamp(cr) AT TIME ZONE 'UTC'), pl::jsonb, ${source}
      FROM unnest(${col((e) => e.id)}::text[], ${col((e) => e.type)}::text[], ${col((e) => str(e.data?.object?.object))}::text[],
                  ${col((e) => orderingKey(e.type, e.data?.object))}::text[], ${col((e) => e.api_version ?? null)}::text[],
                  ${col((e) => e.livemode === true)}::boolean[], ${col((e) => e.created)}::double precision[], ${col((_e, raw) => raw)}::text[])
           AS t(id, type, ot, oi, av, lm, cr, pl)
    ON CONFLICT (id) DO NOTHING`;
}

import "server-only";
import type { Db } from "@/lib/db";
import { inboxPool } from "@/lib/pg-pool";
import { writeInboxRow } from "./inbox-writer";
import { orderingKey } from "./ordering-key";

export type InboxSource = "webhook" | "resync";

export interface InboxEvent {
  id: string;
  type: string;
  created: number;
  livemode?: boolean;
  api_version?: string | null;
  data?: { object?: { id?: unknown; object?: unknown; invoice?: unknown } };
}

/**
 * Stores one event in the inbox in a single statement. The primary key on the Stripe event id
 * makes a duplicate (even a concurrent one) a no-op. Returns whether this call inserted it.
 * `rawJson` is the body as received, so the stored payload is byte-for-byte what Stripe signed.
 */
export async function storeEvent(db: Db | null, event: InboxEvent, rawJson: string, source: InboxSource): Promise<boolean> {
  const object = event.data?.object;
  const objectId = orderingKey(event.type, object);
  const objectType = typeof object?.object === "string" ? object.object : null;
  const pool = inboxPool();
  if (pool) {
    return writeInboxRow(pool, {
      id: event.id,
      type: event.type,
      objectType,
      objectId,
      apiVersion: event.api_version ?? null,
      livemode: event.livemode === true,
      created: event.created,
      payload: rawJson,
      source,
    });
  }
  if (!db) throw new Error("storeEvent needs a database client when DATABASE_URL is unset");
  const inserted = await db.$executeRaw`
    INSERT INTO "StripeEvent" (id, type, "objectType", "objectId", "apiVersion", livemode, "stripeCreated", payload, source)
    VALUES (${event.id}, ${event.type}, ${objectType}, ${objectId}, ${event.api_version ?? null}, ${event.livemode === true},
            (to_timestamp(${event.created}::double precision) AT TIME ZONE 'UTC'), ${rawJson}::jsonb, ${source})
    ON CONFLICT (id) DO NOTHING`;
  return inserted === 1;
}

import "server-only";
import type { Db } from "@/lib/db";
import type { InboxRow } from "./inbox-writer";
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
 * How a row reaches the inbox. The intake's composition chooses (intake-writer.ts): on Postgres
 * the group-commit writer over the `inbox` pg pool (inbox-writer.ts), on the embedded PGlite
 * database one Prisma statement (prismaInboxWriter). Resolves true when this call inserted the
 * row, false when the event id was already stored.
 */
export type InboxWriter = (row: InboxRow) => Promise<boolean>;

/** The inbox row of one event: its ordering key (which object it concerns) and the raw body. */
export function inboxRow(event: InboxEvent, rawJson: string, source: InboxSource): InboxRow {
  const object = event.data?.object;
  return {
    id: event.id,
    type: event.type,
    objectType: typeof object?.object === "string" ? object.object : null,
    objectId: orderingKey(event.type, object),
    apiVersion: event.api_version ?? null,
    livemode: event.livemode === true,
    created: event.created,
    payload: rawJson,
    source,
  };
}

/**
 * Stores one event in the inbox through the caller's writer, in a single statement. The primary
 * key on the Stripe event id makes a duplicate (even a concurrent one) a no-op. Returns whether
 * this call inserted it. `rawJson` is the body as received, so the stored payload is
 * byte-for-byte what Stripe signed.
 */
export function storeEvent(write: InboxWriter, event: InboxEvent, rawJson: string, source: InboxSource): Promise<boolean> {
  return write(inboxRow(event, rawJson, source));
}

/** The writer through Prisma: one INSERT per event (the embedded database has one connection anyway). */
export function prismaInboxWriter(db: Db): InboxWriter {
  return async (row) => {
    const inserted = await db.$executeRaw`
      INSERT INTO "StripeEvent" (id, type, "objectType", "objectId", "apiVersion", livemode, "stripeCreated", payload, source)
      VALUES (${row.id}, ${row.type}, ${row.objectType}, ${row.objectId}, ${row.apiVersion}, ${row.livemode},
              (to_timestamp(${row.created}::double precision) AT TIME ZONE 'UTC'), ${row.payload}::jsonb, ${row.source})
      ON CONFLICT (id) DO NOTHING`;
    return inserted === 1;
  };
}

import "server-only";
import type pg from "pg";

export interface InboxRow {
  id: string;
  type: string;
  objectType: string | null;
  objectId: string | null;
  apiVersion: string | null;
  livemode: boolean;
  created: number;
  payload: string;
  source: string;
}

type Waiter = { row: InboxRow; resolve: (inserted: boolean) => void; reject: (error: unknown) => void };

// Group commit for the webhook intake. Every acknowledged event must be committed first, and a
// commit costs a WAL flush; one INSERT per request therefore caps intake at the disk's flush
// rate. Requests that arrive while earlier flushes are in flight wait and go together in one
// multi-row INSERT (one commit). When the intake is quiet a request is written at once, alone:
// batching only happens when there is a queue anyway, so it never adds latency.
const MAX_IN_FLIGHT = 3;
const MAX_BATCH = 500;

// Named: pg prepares it once per connection.
const INSERT = {
  name: "settle-inbox-insert",
  text: `INSERT INTO "StripeEvent" (id, type, "objectType", "objectId", "apiVersion", livemode, "stripeCreated", payload, source)
         SELECT id, type, ot, oi, av, lm, (to_timestamp(cr) AT TIME ZONE 'UTC'), pl::jsonb, src
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::double precision[], $8::text[], $9::text[])
                AS t(id, type, ot, oi, av, lm, cr, pl, src)
         ON CONFLICT (id) DO NOTHING
         RETURNING id`,
};

type Writer = { queue: Waiter[]; inFlight: number };
const writers = ((globalThis as { __settleInboxWriters?: WeakMap<pg.Pool, Writer> }).__settleInboxWriters ??= new WeakMap());

async function insertRows(pool: pg.Pool, rows: InboxRow[]): Promise<Set<string>> {
  const col = <K extends keyof InboxRow>(k: K) => rows.map((r) => r[k]);
  const r = await pool.query<{ id: string }>({
    ...INSERT,
    values: [col("id"), col("type"), col("objectType"), col("objectId"), col("apiVersion"), col("livemode"), col("created"), col("payload"), col("source")],
  });
  return new Set(r.rows.map((x) => x.id));
}

async function flush(pool: pg.Pool, w: Writer, batch: Waiter[]): Promise<void> {
  // One row per event id: a duplicate inside the batch is answered as a duplicate.
  const first = new Map<string, Waiter>();
  for (const waiter of batch) if (!first.has(waiter.row.id)) first.set(waiter.row.id, waiter);
  try {
    const inserted = await insertRows(
      pool,
      [...first.values()].map((x) => x.row),
    );
    for (const waiter of batch) waiter.resolve(first.get(waiter.row.id) === waiter && inserted.has(waiter.row.id));
  } catch (error) {
    if (batch.length === 1) {
      batch[0].reject(error);
    } else {
      // One bad row must not fail its neighbours: write them one by one.
      await Promise.all(batch.map((waiter) => flush(pool, w, [waiter])));
    }
  }
}

function pump(pool: pg.Pool, w: Writer): void {
  while (w.inFlight < MAX_IN_FLIGHT && w.queue.length) {
    const batch = w.queue.splice(0, MAX_BATCH);
    w.inFlight++;
    void flush(pool, w, batch).finally(() => {
      w.inFlight--;
      pump(pool, w);
    });
  }
}

/** The intake's writer on Postgres: rows group-committed through `pool` (the `inbox` pool). */
export const poolInboxWriter =
  (pool: pg.Pool) =>
  (row: InboxRow): Promise<boolean> =>
    writeInboxRow(pool, row);

/** Stores one inbox row; resolves once it is committed (true) or was already there (false). */
export function writeInboxRow(pool: pg.Pool, row: InboxRow): Promise<boolean> {
  let w = writers.get(pool);
  if (!w) writers.set(pool, (w = { queue: [], inFlight: 0 }));
  const writer = w;
  return new Promise<boolean>((resolve, reject) => {
    writer.queue.push({ row, resolve, reject });
    pump(pool, writer);
  });
}

// The background work's client: on Postgres a client of its own, so a burst's projection holds
// its own connections and not the ones people's pages use.
import { afterAll, describe, expect, it } from "vitest";
import { closeDb, getBackgroundDb, getDb } from "./db";
import { env } from "./env";

describe("getBackgroundDb", () => {
  afterAll(closeDb);

  it("is a second client with a pool of its own on Postgres, closed with the first", async () => {
    const web = await getDb();
    const background = await getBackgroundDb();
    expect(background).not.toBe(web);
    expect(await getBackgroundDb()).toBe(background);
    // both reach the same database
    const [a] = await web.$queryRaw<{ d: string }[]>`SELECT current_database() AS d`;
    const [b] = await background.$queryRaw<{ d: string }[]>`SELECT current_database() AS d`;
    expect(b.d).toBe(a.d);
    // with the web pool's every connection held, the background client still answers
    const held = Array.from({ length: env().DB_POOL_MAX }, () => web.$executeRaw`SELECT pg_sleep(2)`);
    const t0 = performance.now();
    await background.$queryRaw`SELECT 1`;
    expect(performance.now() - t0).toBeLessThan(1500);
    await Promise.all(held);
  });
});

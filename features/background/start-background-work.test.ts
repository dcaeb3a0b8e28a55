import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db";
import type { BackgroundWorkOptions } from "./start-background-work";

// Every part of the background work is replaced by a recorder: the test checks what
// startBackgroundWork starts, that stop() stops all of it and waits for the batches in flight.
const log = vi.hoisted(() => [] as string[]);
// The database each part receives: the one handed to startBackgroundWork, none of their own.
const givenDbs = vi.hoisted(() => [] as unknown[]);
const inFlight = vi.hoisted(() => ({ processor: null as null | (() => void), drainer: null as null | (() => void) }));
const processorYield = vi.hoisted(() => ({ last: undefined as undefined | { arrivalsPerSecond: () => number; rule: { abovePerSecond: number } } }));
const stopper = (name: string) => () => {
  log.push(`stop ${name}`);
};
vi.mock("@/features/billing-audit/register-audit-on-sync", () => ({
  registerAuditOnSync: (db: unknown) => {
    givenDbs.push(db);
    log.push("auditOnSync");
    return stopper("auditOnSync");
  },
}));
vi.mock("@/features/billing-audit/start-audit-schedule", () => ({
  startAuditSchedule: (db: unknown, o: { everyMinutes: number }) => {
    givenDbs.push(db);
    log.push(`auditSchedule ${o.everyMinutes}`);
    return stopper("auditSchedule");
  },
}));
vi.mock("@/features/corrections/confirm/register-corrections-on-sync", () => ({
  registerCorrectionsOnSync: (db: unknown) => {
    givenDbs.push(db);
    log.push("correctionsOnSync");
    return stopper("correctionsOnSync");
  },
}));
vi.mock("@/features/corrections/issue/start-correction-recovery", () => ({
  startCorrectionRecovery: (db: unknown) => {
    givenDbs.push(db);
    log.push("correctionRecovery");
    return stopper("correctionRecovery");
  },
}));
vi.mock("@/features/disputes/start-sla-check", () => ({
  startSlaCheck: (db: unknown) => {
    givenDbs.push(db);
    log.push("slaCheck");
    return stopper("slaCheck");
  },
}));
vi.mock("@/features/notifications/drain-outbox", () => ({
  startOutboxDrainer: (db: unknown) => {
    givenDbs.push(db);
    log.push("drainer");
    return () =>
      new Promise<void>((resolve) => {
        inFlight.drainer = () => {
          log.push("drainer stopped");
          resolve();
        };
      });
  },
}));
vi.mock("@/features/stripe-sync/processor/start-event-processor", () => ({
  startEventProcessor: (db: unknown, o: { signal: AbortSignal; batchSize?: number; lockSeconds?: number; yieldToIntake?: typeof processorYield.last }) => {
    givenDbs.push(db);
    processorYield.last = o.yieldToIntake;
    log.push(`processor ${o.batchSize ?? "-"} ${o.lockSeconds ?? "-"}`);
    return {
      stopped: new Promise<void>((resolve) => {
        o.signal.addEventListener("abort", () => {
          inFlight.processor = () => {
            log.push("processor stopped");
            resolve();
          };
        });
      }),
    };
  },
}));

vi.mock("@/features/stripe-sync/retention/start-prune-schedule", () => ({
  startInboxPruneSchedule: (db: unknown, o: { everyHours: number }) => {
    givenDbs.push(db);
    log.push(`pruneSchedule ${o.everyHours}`);
    return stopper("pruneSchedule");
  },
}));

const { startBackgroundWork: start } = await import("./start-background-work");
const db = { database: "the edge's" } as unknown as Db;
const startBackgroundWork = (options: BackgroundWorkOptions) => start(db, options);

beforeEach(() => {
  log.length = 0;
  givenDbs.length = 0;
  inFlight.processor = inFlight.drainer = null;
  const running = (globalThis as { __settleBackgroundWork?: { work?: unknown } }).__settleBackgroundWork;
  if (running) running.work = undefined;
});

describe("startBackgroundWork", () => {
  it("subscribes the projection listeners before the processor starts, and starts every loop", () => {
    startBackgroundWork({ auditEveryMinutes: 15, batchSize: 5, lockSeconds: 30 });
    expect(log).toEqual(["auditOnSync", "correctionsOnSync", "correctionRecovery", "processor 5 30", "drainer", "slaCheck", "auditSchedule 15"]);
    // Every part works on the database the edge handed in (none takes the process's own).
    expect(givenDbs).toHaveLength(7);
    expect(givenDbs.every((d) => d === db)).toBe(true);
  });

  it("makes the processor yield to this process's webhook intake, from 50 requests/s unless told otherwise", async () => {
    startBackgroundWork({ auditEveryMinutes: 0 });
    expect(processorYield.last?.rule.abovePerSecond).toBe(50);
    // The pressure it reads is the webhook route's meter.
    const { recordWebhookArrival } = await import("@/features/stripe-sync/intake/intake-arrivals");
    const now = performance.now();
    for (let i = 0; i < 30; i++) recordWebhookArrival(now);
    expect(processorYield.last!.arrivalsPerSecond()).toBeGreaterThanOrEqual(30);
    const running = (globalThis as { __settleBackgroundWork?: { work?: unknown } }).__settleBackgroundWork;
    running!.work = undefined;
    startBackgroundWork({ auditEveryMinutes: 0, yieldToIntakeAbovePerSecond: 0 });
    expect(processorYield.last?.rule.abovePerSecond).toBe(0);
  });

  it("schedules no sweep when auditEveryMinutes is 0", () => {
    startBackgroundWork({ auditEveryMinutes: 0 });
    expect(log.some((l) => l.startsWith("auditSchedule"))).toBe(false);
  });

  it("schedules the inbox's retention when asked, and stops it with the rest", async () => {
    const work = startBackgroundWork({ auditEveryMinutes: 0, pruneInboxEveryHours: 24 });
    expect(log).toContain("pruneSchedule 24");
    expect(givenDbs.at(-1)).toBe(db);
    log.length = 0;
    const stopping = work.stop();
    await new Promise((r) => setTimeout(r, 10));
    expect(log).toContain("stop pruneSchedule");
    inFlight.processor!();
    inFlight.drainer!();
    await stopping;
  });

  it("schedules no pruning when pruneInboxEveryHours is 0 or absent", () => {
    startBackgroundWork({ auditEveryMinutes: 0, pruneInboxEveryHours: 0 });
    expect(log.some((l) => l.startsWith("pruneSchedule"))).toBe(false);
  });

  it("runs once per process: a second call returns the running work", () => {
    const first = startBackgroundWork({ auditEveryMinutes: 0 });
    const second = startBackgroundWork({ auditEveryMinutes: 0 });
    expect(second).toBe(first);
    expect(log.filter((l) => l.startsWith("processor"))).toHaveLength(1);
  });

  it("stop() stops everything and resolves only after the batches in flight finished", async () => {
    const work = startBackgroundWork({ auditEveryMinutes: 60 });
    log.length = 0;
    let done = false;
    const stopping = work.stop().then(() => {
      done = true;
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(log).toEqual(["stop auditSchedule", "stop auditOnSync", "stop correctionsOnSync", "stop correctionRecovery", "stop slaCheck"]);
    expect(done).toBe(false);
    inFlight.processor!();
    inFlight.drainer!();
    await stopping;
    expect(done).toBe(true);
    // Stopped work can be started again (a worker's restart in tests).
    expect(startBackgroundWork({ auditEveryMinutes: 0 })).not.toBe(work);
  });
});

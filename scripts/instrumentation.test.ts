import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// instrumentation.ts wires the background work into each web process: these mocks record
// what it starts, so the test fails if the billing audit stops being wired (or starts in a build).
const started = vi.hoisted(() => ({ audit: 0, processor: 0, drainer: 0, sla: 0, schedule: [] as number[] }));
const processorDb = vi.hoisted(() => [] as unknown[]);
// The web process's databases (stand-ins here): the background work gets the client with a pool of its own.
vi.mock("@/lib/db", () => ({ getDb: async () => ({ database: "web" }), getBackgroundDb: async () => ({ database: "background" }) }));
vi.mock("@/features/corrections/issue/start-correction-recovery", () => ({ startCorrectionRecovery: () => () => {} }));
vi.mock("@/features/billing-audit/register-audit-on-sync", () => ({
  registerAuditOnSync: () => {
    started.audit++;
    return () => {};
  },
}));
vi.mock("@/features/billing-audit/start-audit-schedule", () => ({
  startAuditSchedule: (_db: unknown, o: { everyMinutes: number }) => {
    started.schedule.push(o.everyMinutes);
    return () => {};
  },
}));
vi.mock("@/features/stripe-sync/processor/start-event-processor", () => ({
  startEventProcessor: (db: unknown) => {
    started.processor++;
    processorDb.push(db);
    return { stopped: Promise.resolve() };
  },
}));
vi.mock("@/features/notifications/drain-outbox", () => ({
  startOutboxDrainer: () => {
    started.drainer++;
    return async () => {};
  },
}));
vi.mock("@/features/disputes/start-sla-check", () => ({
  startSlaCheck: () => {
    started.sla++;
    return () => {};
  },
}));

const saved = { ...process.env };
beforeEach(() => {
  vi.resetModules();
  // startBackgroundWork runs once per process (a global, like Next's reloads need): each test is a new process.
  const running = (globalThis as { __settleBackgroundWork?: { work?: unknown } }).__settleBackgroundWork;
  if (running) running.work = undefined;
  Object.assign(started, { audit: 0, processor: 0, drainer: 0, sla: 0, schedule: [] });
  processorDb.length = 0;
  process.env.NEXT_RUNTIME = "nodejs";
  delete process.env.NEXT_PHASE;
  delete process.env.SETTLE_IN_PROCESS_WORKER;
  delete process.env.SETTLE_AUDIT_EVERY_MINUTES;
});
afterEach(() => {
  process.env = { ...saved };
});

const register = async () => (await import("../instrumentation")).register();

describe("instrumentation register()", () => {
  it("subscribes the incremental audit and schedules sweeps beside the event processor", async () => {
    process.env.SETTLE_AUDIT_EVERY_MINUTES = "15";
    await register();
    expect(started).toEqual({ audit: 1, processor: 1, drainer: 1, sla: 1, schedule: [15] });
    // the projection runs on the background client, not on the pool people's pages use
    expect(processorDb).toEqual([{ database: "background" }]);
  });

  it("starts nothing during next build", async () => {
    process.env.NEXT_PHASE = "phase-production-build";
    await register();
    expect(started).toEqual({ audit: 0, processor: 0, drainer: 0, sla: 0, schedule: [] });
  });

  it("starts nothing when a separate worker hosts it, or on the edge runtime", async () => {
    process.env.SETTLE_IN_PROCESS_WORKER = "0";
    await register();
    process.env.SETTLE_IN_PROCESS_WORKER = "1";
    process.env.NEXT_RUNTIME = "edge";
    vi.resetModules();
    await register();
    expect(started).toEqual({ audit: 0, processor: 0, drainer: 0, sla: 0, schedule: [] });
  });

  it("leaves the schedule off when SETTLE_AUDIT_EVERY_MINUTES is 0", async () => {
    process.env.SETTLE_AUDIT_EVERY_MINUTES = "0";
    await register();
    expect(started.audit).toBe(1);
    expect(started.schedule).toEqual([]);
  });
});

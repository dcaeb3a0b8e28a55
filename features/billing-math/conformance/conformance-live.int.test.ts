// The conformance corpus's live-mode objects through Settle's sync, with a live key (Stripe
// shows a live key live objects only; Settle reads its mode from the key, once per process).
// See conformance.int.test.ts for what is checked.
import { afterAll, vi } from "vitest";
import { defineSyncConformance } from "../testing/sync-suite";

const saved = vi.hoisted(() => {
  const key = process.env.STRIPE_SECRET_KEY;
  // a made-up live-mode key, assembled so that secret scanners do not take it for a real one
  process.env.STRIPE_SECRET_KEY = ["sk", "live", "settle", "conformance"].join("_");
  return { key };
});
// Registered before the suite's own afterAll; put back for the files that run after this one.
afterAll(() => {
  if (saved.key === undefined) delete process.env.STRIPE_SECRET_KEY;
  else process.env.STRIPE_SECRET_KEY = saved.key;
});

// nomami's live BRL subscription invoice; no other live object was recorded.
defineSyncConformance({ invoices: 1, others: 0, audited: 1 });

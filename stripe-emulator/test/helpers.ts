// Shared test setup: an emulator on a random port and an official SDK client pointed at it.
import Stripe from "stripe";
import { startEmulator, type RunningEmulator, type StartOptions } from "../index";

export interface TestEnv {
  run: RunningEmulator;
  stripe: Stripe;
}

export async function setup(opts: StartOptions = {}): Promise<TestEnv> {
  const run = await startEmulator({ port: 0, retryBaseMs: 20, ...opts });
  const stripe = new Stripe(opts.livemode ? "sk_" + "live_123" : "sk_test_123", { host: "127.0.0.1", port: run.port, protocol: "http", maxNetworkRetries: 0 });
  return { run, stripe };
}

/** Expects the promise to reject with a Stripe error and returns it. */
export async function stripeError(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a Stripe error");
}

// Emulated wall clock (unix seconds). Deterministic by default: every run starts at the
// same instant so ids, timestamps and scenarios are reproducible. A live clock (followRealTime)
// ticks with the machine's time from then on, as Stripe's does: the demo generates its history
// in the past and then hands over, so objects created while someone uses the demo (credit notes,
// refunds) carry today's date like everything the portal itself records.

export const DEFAULT_START = Date.UTC(2026, 0, 1) / 1000;

const realNow = () => Math.floor(Date.now() / 1000);

export class Clock {
  /** When live: seconds added to the real time (never negative, so time never runs back). */
  private offset: number | null = null;

  /**
   * A test clock's frozen time while the emulator works on that clock's objects (Stripe: objects
   * attached to a test clock live at the clock's `frozen_time`, not the account's time).
   */
  private pinned: number | null = null;

  constructor(private t = DEFAULT_START) {}
  now(): number {
    if (this.pinned !== null) return this.pinned;
    return this.offset === null ? this.t : realNow() + this.offset;
  }
  /** Runs `fn` with now() = `unix` (nested calls restore the outer time). */
  at<T>(unix: number, fn: () => T): T {
    const before = this.pinned;
    this.pinned = unix;
    try {
      return fn();
    } finally {
      this.pinned = before;
    }
  }
  advance(seconds: number): number {
    if (!Number.isFinite(seconds) || seconds < 0) throw new Error("clock can only move forward");
    if (this.offset !== null) this.offset += Math.floor(seconds);
    else this.t += Math.floor(seconds);
    return this.now();
  }
  set(unix: number): number {
    if (this.offset !== null) this.offset = Math.max(0, Math.floor(unix) - realNow());
    else this.t = Math.floor(unix);
    return this.now();
  }
  /** From now on the clock runs with real time, from the later of its own time and the real one. */
  followRealTime(): number {
    this.offset = Math.max(0, this.t - realNow());
    return this.now();
  }
  get live(): boolean {
    return this.offset !== null;
  }
}

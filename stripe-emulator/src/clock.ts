// Emulated wall clock (unix seconds). Deterministic by default: every run starts at the
// same instant so ids, timestamps and scenarios are reproducible.

export const DEFAULT_START = Date.UTC(2026, 0, 1) / 1000;

export class Clock {
  constructor(private t = DEFAULT_START) {}
  now(): number {
    return this.t;
  }
  advance(seconds: number): number {
    if (!Number.isFinite(seconds) || seconds < 0) throw new Error("clock can only move forward");
    this.t += Math.floor(seconds);
    return this.t;
  }
  set(unix: number): number {
    this.t = Math.floor(unix);
    return this.t;
  }
}

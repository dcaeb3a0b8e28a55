// Benchmarks run on a throwaway Postgres database (created, migrated, dropped), never on yours.
import { createThrowawayDatabase } from "../lib/testing/throwaway-database";

export function createBenchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  return createThrowawayDatabase("settle_bench");
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

import { logger } from "@/lib/logger";
import type { ProjectionChange } from "../types";

// A tiny in-process pub/sub: sync announces committed projection changes without knowing who
// listens (the billing audit subscribes; stripe-sync imports nothing of it).
type Listener = (change: ProjectionChange) => void | Promise<void>;
const listeners = ((globalThis as { __settleSyncListeners?: Set<Listener> }).__settleSyncListeners ??= new Set());

export function onProjectionChanged(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Called after commit only; a failing listener never affects sync. */
export function notifyProjectionChanged(changes: ProjectionChange[]): void {
  for (const change of changes) {
    for (const listener of listeners) {
      Promise.resolve()
        .then(() => listener(change))
        .catch((err) => logger.error({ err, kind: change.kind }, "projection listener failed"));
    }
  }
}

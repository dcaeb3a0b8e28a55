import "server-only";
import { randomUUID } from "node:crypto";
import { isAppError } from "@/lib/errors";
import { logger } from "@/lib/logger";

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; status: number; code: string; message: string; fields?: Record<string, string>; requestId?: string };

/**
 * Runs a server action body. A thrown error in a server action reaches the browser only as an
 * opaque 500, so expected failures come back as data with their status: a customer calling a
 * desk action gets { ok: false, status: 403 } from assertStaff inside `fn`.
 */
export async function runAction<T>(fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (error) {
    if (isAppError(error)) {
      const fields = "fields" in error ? (error as { fields?: Record<string, string> }).fields : undefined;
      return { ok: false, status: error.status, code: error.code, message: error.message, ...(fields ? { fields } : {}) };
    }
    // Next's redirect()/notFound() signals must keep propagating.
    if (error instanceof Error && "digest" in error && typeof error.digest === "string" && error.digest.startsWith("NEXT_")) throw error;
    const requestId = randomUUID();
    logger.error({ err: error, requestId }, "unexpected error in server action");
    return { ok: false, status: 500, code: "internal", message: "Something went wrong.", requestId };
  }
}

import "server-only";
import { randomUUID } from "node:crypto";
import { isAppError } from "@/lib/errors";
import { logger } from "@/lib/logger";

/** Wraps a route handler: typed errors become their status with a plain message; others a 500. */
export function apiRoute<A extends unknown[]>(handler: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    try {
      return await handler(...args);
    } catch (error) {
      if (isAppError(error)) {
        return Response.json({ error: { code: error.code, message: error.message } }, { status: error.status });
      }
      const requestId = randomUUID();
      logger.error({ err: error, requestId }, "unexpected error in route");
      return Response.json({ error: { code: "internal", message: "Something went wrong.", requestId } }, { status: 500 });
    }
  };
}

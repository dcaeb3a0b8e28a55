import type { MessageKey } from "@/lib/i18n";

// Expected failures are typed and carry a message a person can act on — as data: `key` is the
// i18n key a form shows (lib/server-action.ts reads it; nothing sniffs the message text).
// Anything else is unexpected, logged with a request id and shown as a generic message.
export class AppError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly status: number = 400,
    public readonly field?: string,
    public readonly key?: MessageKey,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export class NotFoundError extends AppError {
  constructor(what = "Not found") {
    super("not_found", what, 404);
  }
}

export class ForbiddenError extends AppError {
  /** Without a key the form shows the generic "no access" message. */
  constructor(key?: MessageKey) {
    super("forbidden", key ?? "You do not have access to this.", 403, undefined, key);
  }
}

export class UnauthenticatedError extends AppError {
  constructor() {
    super("unauthenticated", "Please sign in.", 401);
  }
}

/** Input a person can fix: `key` for the form, `fields` field path → i18n key; `text` for logs and scripts. */
export class ValidationError extends AppError {
  declare readonly key: MessageKey;
  constructor(
    key: MessageKey,
    public readonly fields: Record<string, string> = {},
    text: string = key,
  ) {
    super("validation", text, 422, undefined, key);
  }
}

/** The request collides with the current state (a run already going, a concurrent change). */
export class ConflictError extends AppError {
  declare readonly key: MessageKey;
  constructor(key: MessageKey, text: string = key) {
    super("conflict", text, 409, undefined, key);
  }
}

export class RateLimitedError extends AppError {
  constructor(public readonly retryAfterSeconds: number) {
    super("rate_limited", "Too many attempts. Please wait a moment and try again.", 429);
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

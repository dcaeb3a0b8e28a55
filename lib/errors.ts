// Expected failures are typed and carry a message a person can act on; anything else is
// unexpected, logged with a request id and shown as a generic message.
export class AppError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly status: number = 400,
    public readonly field?: string,
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
  constructor(message = "You do not have access to this.") {
    super("forbidden", message, 403);
  }
}

export class UnauthenticatedError extends AppError {
  constructor() {
    super("unauthenticated", "Please sign in.", 401);
  }
}

export class ValidationError extends AppError {
  constructor(
    message: string,
    public readonly fields: Record<string, string> = {},
  ) {
    super("validation", message, 422);
  }
}

export class RateLimitedError extends AppError {
  constructor(public readonly retryAfterSeconds: number) {
    super("rate_limited", "Too many attempts. Please wait a moment and try again.", 429);
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

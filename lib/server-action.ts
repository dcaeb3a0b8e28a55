import "server-only";
import { randomUUID } from "node:crypto";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { AppError, ForbiddenError, NotFoundError, RateLimitedError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import { formEntries } from "@/lib/form-data";
import { formValues, type FormState } from "@/lib/form-state";
import type { MessageKey } from "@/lib/i18n";
import { logger } from "@/lib/logger";
import { zodFieldErrors } from "@/lib/zod-fields";

/**
 * The one server-action pipeline: read the form through a zod schema, get the request's context
 * (the session actor and the database: `features/auth/action.ts` supplies them, lib knows no
 * feature), run the use case, revalidate, and turn a failure into the form's state.
 *
 * Failures are typed (lib/errors.ts) and carry their message key as data: a ValidationError its
 * key and field keys, a ForbiddenError or ConflictError its key when it has one. Anything that is
 * not an AppError is unexpected: logged with a fresh request id (never the form's values or the
 * actor's email) and shown as the generic message with that id. Next's redirect()/notFound()
 * signals keep propagating; `done` runs after the try, so it may redirect.
 */

const GENERIC = {
  form: "disputes.err.form",
  signIn: "disputes.err.signIn",
  forbidden: "disputes.err.forbidden",
  notFound: "disputes.err.notFound",
  rateLimited: "disputes.err.rateLimited",
  unexpected: "disputes.err.unexpected",
} as const satisfies Record<string, MessageKey>;

export type ActionSpec<Ctx, Schema extends z.ZodType, Result, State extends FormState> = {
  /** Names the action in log lines. */
  name: string;
  /** Reads the form (name → all its values, lib/form-data.ts) into the use case's input. */
  input: Schema;
  /** The use case, with the request's context and the parsed input. */
  run: (ctx: Ctx & { input: z.output<Schema> }) => Promise<Result>;
  /** Paths to revalidate after success. */
  revalidate?: (input: z.output<Schema>, result: Result) => Revalidation[];
  /** The state after success (may redirect); `{ status: "ok", at: now }` when absent. */
  done?: (result: Result, input: z.output<Schema>) => State;
  /** Return what was typed with an error state, so the form can show it again. */
  keepValues?: boolean;
  /** Adds to an error state (a refusal's detail, multi-valued fields to show again…). */
  onError?: (state: NoInfer<State>, error: unknown, form: FormData) => NoInfer<State>;
};

export type FormAction<State extends FormState> = (prev: State, form: FormData) => Promise<State>;

/** A path to revalidate; `{ path, type: "layout" }` for everything under a layout. */
export type Revalidation = string | { path: string; type: "layout" | "page" };

/**
 * A form that works without JavaScript and ends in a redirect (`<form action={…}>`): there is no
 * state to show a failure in, so a failure is a redirect too, or the error page.
 */
export type RedirectActionSpec<Ctx, Schema extends z.ZodType, Result> = Pick<
  ActionSpec<Ctx, Schema, Result, FormState>,
  "name" | "input" | "run" | "revalidate"
> & {
  /** Where to go after success. */
  redirectTo: (result: Result, input: z.output<Schema>) => string;
  /**
   * Where to go after a failure; undefined (or no `failed`) lets the error propagate to Next's
   * error handling, as a signed-out visitor's UnauthenticatedError does.
   */
  failed?: (error: unknown) => string | undefined;
};

export type RedirectAction = (form: FormData) => Promise<void>;

/** Builds the `action(spec)` function for a context (the session actor and the database). */
export function createActionBuilder<Ctx>(context: () => Promise<Ctx>) {
  return function action<Schema extends z.ZodType, Result, State extends FormState = FormState>(
    spec: ActionSpec<Ctx, Schema, Result, State>,
  ): FormAction<State> {
    return async (_prev, form) => {
      let input: z.output<Schema>;
      let result: Result;
      try {
        input = await spec.input.parseAsync(formEntries(form));
        result = await spec.run({ ...(await context()), input });
      } catch (error) {
        if (isNextSignal(error)) throw error;
        let state = { ...toFormState(error, spec.name), ...(spec.keepValues ? { values: formValues(form) } : {}) } as State;
        if (spec.onError) state = spec.onError(state, error, form);
        return state;
      }
      revalidateAll(spec.revalidate?.(input, result));
      return spec.done ? spec.done(result, input) : ({ status: "ok", at: Date.now() } as State);
    };
  };
}

/** Builds the `redirectAction(spec)` function for a context: the same pipeline for no-JavaScript forms that end in a redirect. */
export function createRedirectActionBuilder<Ctx>(context: () => Promise<Ctx>) {
  return function redirectAction<Schema extends z.ZodType, Result>(spec: RedirectActionSpec<Ctx, Schema, Result>): RedirectAction {
    return async (form) => {
      let input: z.output<Schema>;
      let result: Result;
      try {
        input = await spec.input.parseAsync(formEntries(form));
        result = await spec.run({ ...(await context()), input });
      } catch (error) {
        if (isNextSignal(error)) throw error;
        const to = spec.failed?.(error);
        if (to === undefined) throw error;
        // No form shows the failure, so the log line is its only trace: a refusal as a warning, anything else as an error.
        if (error instanceof AppError) logger.warn({ code: error.code, action: spec.name }, "server action refused");
        else logger.error({ err: error, requestId: randomUUID(), action: spec.name }, "server action failed");
        redirect(to);
      }
      revalidateAll(spec.revalidate?.(input, result));
      redirect(spec.redirectTo(result, input));
    };
  };
}

function revalidateAll(paths: Revalidation[] | undefined) {
  for (const p of paths ?? []) {
    if (typeof p === "string") revalidatePath(p);
    else revalidatePath(p.path, p.type);
  }
}

/** A typed failure → its message key; anything else is logged with a request id. */
export function toFormState(error: unknown, action: string): FormState {
  if (error instanceof ValidationError) return { status: "error", message: error.key, fields: error.fields };
  if (error instanceof RateLimitedError) return { status: "error", message: GENERIC.rateLimited, retryAfter: error.retryAfterSeconds };
  if (error instanceof UnauthenticatedError) return { status: "error", message: GENERIC.signIn };
  if (error instanceof NotFoundError) return { status: "error", message: GENERIC.notFound };
  if (error instanceof ForbiddenError) return { status: "error", message: error.key ?? GENERIC.forbidden };
  if (error instanceof z.ZodError) return { status: "error", message: GENERIC.form, fields: zodFieldErrors(error) };
  if (error instanceof AppError) return { status: "error", message: error.key ?? GENERIC.unexpected };
  const requestId = randomUUID();
  // The error and ids only: never the form's values or the actor's email (the logger also redacts them).
  logger.error({ err: error, requestId, action }, "server action failed");
  return { status: "error", message: GENERIC.unexpected, requestId };
}

const isNextSignal = (error: unknown) => error instanceof Error && "digest" in error && typeof error.digest === "string" && error.digest.startsWith("NEXT_");

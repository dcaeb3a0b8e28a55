import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";

const revalidated: string[] = [];
vi.mock("next/cache", () => ({ revalidatePath: (path: string, type?: string) => void revalidated.push(type ? `${path} (${type})` : path) }));
// Next's redirect() throws a signal carrying the target in its digest.
const redirectSignal = (to: string) => Object.assign(new Error("NEXT_REDIRECT"), { digest: `NEXT_REDIRECT;replace;${to};307;` });
vi.mock("next/navigation", () => ({
  redirect: (to: string) => {
    throw redirectSignal(to);
  },
}));

const { createActionBuilder, createRedirectActionBuilder } = await import("./server-action");
const { AppError, ConflictError, ForbiddenError, NotFoundError, RateLimitedError, UnauthenticatedError, ValidationError } = await import("./errors");
const { text, texts } = await import("./form-data");
const { logger } = await import("./logger");
type FormState = import("./form-state").FormState;

const actor = { id: "user_1", email: "jane.doe@example.test", role: "AGENT" as const };
const action = createActionBuilder(async () => ({ actor }));

const form = (entries: [string, string][]) => {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
};
const idle = { status: "idle" as const };
const failing = (error: unknown, extra: { keepValues?: boolean } = {}) =>
  action({ name: "failing", input: z.object({ note: text() }), run: async () => Promise.reject(error), ...extra });

beforeEach(() => {
  revalidated.length = 0;
  vi.restoreAllMocks();
});

describe("server action pipeline: success", () => {
  it("parses the form through the schema, hands the use case the actor, revalidates and answers ok", async () => {
    const seen: unknown[] = [];
    const save = action({
      name: "save",
      input: z.object({ disputeId: text(), tags: texts(), missing: text() }),
      run: async (ctx) => void seen.push(ctx),
      revalidate: (input) => [`/desk/disputes/${input.disputeId}`, "/desk"],
    });
    const state = await save(
      idle,
      form([
        ["disputeId", "dp_1"],
        ["tags", "a"],
        ["tags", "b"],
      ]),
    );
    expect(state).toMatchObject({ status: "ok" });
    expect(state.at).toEqual(expect.any(Number));
    expect(seen).toEqual([{ actor, input: { disputeId: "dp_1", tags: ["a", "b"], missing: "" } }]);
    expect(revalidated).toEqual(["/desk/disputes/dp_1", "/desk"]);
  });

  it("`done` shapes the ok state from the result", async () => {
    const count = action({ name: "count", input: z.object({}), run: async () => 3, done: (n): FormState => ({ status: "ok", message: `n=${n}` }) });
    expect(await count(idle, new FormData())).toEqual({ status: "ok", message: "n=3" });
  });
});

describe("server action pipeline: typed failures become form state by their key", () => {
  it.each([
    [
      "ValidationError: its key and field keys",
      new ValidationError("desk.corrections.err.form", { amount: "desk.corrections.err.amount_format" }),
      { message: "desk.corrections.err.form", fields: { amount: "desk.corrections.err.amount_format" } },
    ],
    [
      "ValidationError: the key, not the log text",
      new ValidationError("disputes.err.form", { email: "desk.customer.err.staffUser" }, "desk.customer.err.staffUser"),
      { message: "disputes.err.form", fields: { email: "desk.customer.err.staffUser" } },
    ],
    ["ForbiddenError with a key", new ForbiddenError("desk.corrections.err.ownApproval"), { message: "desk.corrections.err.ownApproval" }],
    ["ForbiddenError without one", new ForbiddenError(), { message: "disputes.err.forbidden" }],
    ["ConflictError", new ConflictError("desk.sync.resyncRunning"), { message: "desk.sync.resyncRunning" }],
    ["NotFoundError", new NotFoundError("Dispute not found"), { message: "disputes.err.notFound" }],
    ["UnauthenticatedError", new UnauthenticatedError(), { message: "disputes.err.signIn" }],
    ["RateLimitedError", new RateLimitedError(42), { message: "disputes.err.rateLimited", retryAfter: 42 }],
    ["another AppError with a key", new AppError("x", "text", 400, undefined, "desk.sync.onlyFailed"), { message: "desk.sync.onlyFailed" }],
    [
      "another AppError without one",
      new AppError("billing_portal_unavailable", "The payment-method page is not available right now.", 502),
      { message: "disputes.err.unexpected" },
    ],
  ])("%s", async (_name, error, expected) => {
    const logged = vi.spyOn(logger, "error");
    expect(await failing(error)(idle, form([["note", "hi"]]))).toEqual({ status: "error", ...expected });
    expect(logged).not.toHaveBeenCalled();
    expect(revalidated).toEqual([]);
  });

  it("a message that merely looks like a key is not shown: only the key travels", async () => {
    const error = new ValidationError("disputes.err.form", {}, "desk.slaPolicy.noHours");
    expect((await failing(error)(idle, new FormData())).message).toBe("disputes.err.form");
  });

  it("keeps what was typed when asked (text values only, without Next's $ fields)", async () => {
    const f = form([
      ["note", "hello"],
      ["$ACTION_ID_1", "x"],
    ]);
    f.append("file", new File(["x"], "a.txt"));
    expect(await failing(new ValidationError("disputes.err.form"), { keepValues: true })(idle, f)).toMatchObject({ values: { note: "hello" } });
  });

  it("`onError` adds to the state (a refusal's detail)", async () => {
    const refused = action({
      name: "refused",
      input: z.object({}),
      run: async () => Promise.reject(new ValidationError("desk.corrections.err.stripe")),
      onError: (state) => ({ ...state, detail: "Stripe said no" }),
    });
    expect(await refused(idle, new FormData())).toMatchObject({ message: "desk.corrections.err.stripe", detail: "Stripe said no" });
  });
});

describe("server action pipeline: unexpected failures", () => {
  it("answer the generic message with a request id, and log the error with the same id and no personal data", async () => {
    const logged = vi.spyOn(logger, "error").mockImplementation(() => undefined);
    const state = await failing(new TypeError("db down"))(idle, form([["note", "call me at jane.doe@example.test"]]));
    expect(state).toEqual({ status: "error", message: "disputes.err.unexpected", requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(logged).toHaveBeenCalledTimes(1);
    const [fields, msg] = logged.mock.calls[0] as unknown as [Record<string, unknown>, string];
    expect(fields).toMatchObject({ requestId: state.requestId, action: "failing" });
    expect((fields.err as Error).message).toBe("db down");
    const line = JSON.stringify({ ...fields, err: String(fields.err), msg });
    expect(line).not.toContain("jane.doe");
    expect(line).not.toContain("call me");
  });

  it("each failure gets its own request id", async () => {
    vi.spyOn(logger, "error").mockImplementation(() => undefined);
    const a = await failing(new Error("a"))(idle, new FormData());
    const b = await failing(new Error("b"))(idle, new FormData());
    expect(a.requestId).not.toBe(b.requestId);
  });

  it("a schema that refuses the form is a form error, not a crash", async () => {
    const strict = action({ name: "strict", input: z.object({ n: text().pipe(z.string().regex(/^\d+$/)) }), run: async () => "never" });
    expect(await strict(idle, form([["n", "x"]]))).toEqual({ status: "error", message: "disputes.err.form", fields: { n: "form.err.format" } });
  });

  it("Next's redirect and not-found signals propagate", async () => {
    const signal = Object.assign(new Error("NEXT_REDIRECT"), { digest: "NEXT_REDIRECT;replace;/x;307;" });
    await expect(failing(signal)(idle, new FormData())).rejects.toBe(signal);
  });
});

describe("no-JavaScript actions that end in a redirect", () => {
  const redirectAction = createRedirectActionBuilder(async () => ({ actor }));
  const redirectsTo = async (run: Promise<void>) => {
    const error = await run.then(
      () => undefined,
      (e: unknown) => e,
    );
    const digest = (error as { digest?: string } | undefined)?.digest ?? "";
    if (!digest.startsWith("NEXT_REDIRECT;")) throw error ?? new Error("no redirect");
    return digest.split(";")[2];
  };

  it("parse the form, run with the actor, revalidate (paths and layouts), then redirect where the result says", async () => {
    const seen: unknown[] = [];
    const go = redirectAction({
      name: "go",
      input: z.object({ to: text() }),
      run: async (ctx) => {
        seen.push(ctx);
        return { path: `/${ctx.input.to}` };
      },
      revalidate: () => [{ path: "/", type: "layout" }, "/x"],
      redirectTo: (result) => result.path,
    });
    expect(await redirectsTo(go(form([["to", "payments"]])))).toBe("/payments");
    expect(seen).toEqual([{ actor, input: { to: "payments" } }]);
    expect(revalidated).toEqual(["/ (layout)", "/x"]);
  });

  const failingTo = (error: unknown, failed?: (e: unknown) => string | undefined) =>
    redirectAction({ name: "failingTo", input: z.object({}), run: async () => Promise.reject(error), redirectTo: () => "/done", failed });

  it("a failure goes where `failed` says, without revalidating: a refusal is a warning, anything else an error with a request id", async () => {
    const warned = vi.spyOn(logger, "warn").mockImplementation(() => undefined);
    const logged = vi.spyOn(logger, "error").mockImplementation(() => undefined);
    expect(await redirectsTo(failingTo(new ValidationError("disputes.err.form"), () => "/")(new FormData()))).toBe("/");
    expect(warned).toHaveBeenCalledWith({ code: "validation", action: "failingTo" }, "server action refused");
    expect(logged).not.toHaveBeenCalled();
    expect(await redirectsTo(failingTo(new TypeError("stripe down"), () => "/payments?portal=unavailable")(new FormData()))).toBe(
      "/payments?portal=unavailable",
    );
    expect(logged).toHaveBeenCalledWith(
      expect.objectContaining({ action: "failingTo", requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) }),
      "server action failed",
    );
    expect(revalidated).toEqual([]);
  });

  it("without a place to go the error propagates (a signed-out visitor), and Next's signals pass through", async () => {
    const signedOut = new UnauthenticatedError();
    await expect(failingTo(signedOut)(new FormData())).rejects.toBe(signedOut);
    await expect(failingTo(signedOut, (e) => (e instanceof UnauthenticatedError ? undefined : "/"))(new FormData())).rejects.toBe(signedOut);
    const signal = redirectSignal("/sign-in");
    await expect(failingTo(signal, () => "/")(new FormData())).rejects.toBe(signal);
  });
});

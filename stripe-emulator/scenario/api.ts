import type { Emulator } from "../src/emulator";

export type Method = "GET" | "POST" | "DELETE";
export type Obj = Record<string, any>;

/** Thrown when the emulator refuses a call the scenario expected to succeed. */
export class ScenarioApiError extends Error {
  constructor(
    readonly method: Method,
    readonly path: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${method} ${path} → ${status}: ${JSON.stringify(body).slice(0, 400)}`);
  }
}

/**
 * Every write of the scenario goes through `emulator.api`, the dispatcher behind the HTTP
 * server, so generated history obeys the same validation and emits the same events as a
 * client using the SDK would see.
 */
export function call(em: Emulator, method: Method, path: string, params?: Obj, idempotencyKey?: string): Obj {
  const res = send(em, method, path, params, idempotencyKey);
  if (res.status >= 300) throw new ScenarioApiError(method, path, res.status, res.body);
  return res.body as Obj;
}

const KEY = "sk_test_scenario";

/**
 * `emulator.dispatch` is what `emulator.api` runs, minus re-parsing the JSON it just
 * rendered: the response object is used as is (read-only here). That parse was ~13 % of
 * generation time. Same validation, same events, same serialized response.
 */
export function send(em: Emulator, method: Method, path: string, params?: Obj, idempotencyKey?: string): { status: number; body: any } {
  const r = em.dispatch(method, path, params ?? {}, { apiKey: KEY, ...(idempotencyKey ? { idempotencyKey } : {}) });
  return { status: r.status, body: r.body !== undefined && !r.replayed ? r.body : JSON.parse(r.raw) };
}

/** Like `call`, but a 402 card error is an expected outcome (declined test cards). */
export function tryPay(em: Emulator, path: string, params: Obj): { ok: true; body: Obj } | { ok: false; body: Obj } {
  const res = send(em, "POST", path, params);
  if (res.status === 402) return { ok: false, body: res.body as Obj };
  if (res.status >= 300) throw new ScenarioApiError("POST", path, res.status, res.body);
  return { ok: true, body: res.body as Obj };
}

/** Pages through a list endpoint (limit 100, `starting_after`). */
export function* listAll(em: Emulator, path: string, params: Obj = {}): Generator<Obj> {
  let after: string | undefined;
  for (;;) {
    const page = call(em, "GET", path, { ...params, limit: 100, ...(after ? { starting_after: after } : {}) });
    const data = page.data as Obj[];
    for (const o of data) yield o;
    if (!page.has_more || data.length === 0) return;
    after = data[data.length - 1]!.id as string;
  }
}

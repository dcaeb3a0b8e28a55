// Test-only: a small Stripe API that answers from recorded real objects (the conformance corpus)
// over real HTTP, so Settle's sync reads them through the official `stripe` SDK exactly as it
// reads Stripe (point STRIPE_API_BASE at `url`). It serves what was recorded and nothing else:
//   GET /v1/<resource>/<id>           the object as recorded (404 resource_missing otherwise)
//   GET /v1/<resource>                a list, newest first, `limit`/`starting_after`, equality
//                                     filters on top-level fields (customer, invoice, type …),
//                                     `created[gte|lte]`
//   GET /v1/invoices/<id>/lines, GET /v1/credit_notes/<id>/lines
// `expand[]` replaces an id by the object of that id when the corpus recorded it anywhere
// (a discount recorded expanded inside one field of the invoice, named by id in another);
// an id nobody recorded stays an id. The key's mode decides what is visible, as with Stripe:
// a test key sees livemode:false objects only, a live key livemode:true only.
import http from "node:http";
import type { AddressInfo } from "node:net";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const RESOURCE_OF: Record<string, string> = {
  customer: "customers",
  invoice: "invoices",
  charge: "charges",
  payment_intent: "payment_intents",
  refund: "refunds",
  credit_note: "credit_notes",
  dispute: "disputes",
  price: "prices",
  coupon: "coupons",
  tax_rate: "tax_rates",
  invoice_payment: "invoice_payments",
  discount: "discounts",
  event: "events",
  invoiceitem: "invoiceitems",
};

export interface RecordedApi {
  url: string;
  /** Every request served, e.g. `GET /v1/invoices/in_1` (for asserting what the sync asked). */
  requests: string[];
  close: () => Promise<void>;
}

/** Objects without a livemode (old refunds) belong to the mode of the event that carried them, or test. */
function modeOf(o: Json, fallback: boolean): boolean {
  return typeof o.livemode === "boolean" ? o.livemode : fallback;
}

function error(res: http.ServerResponse, status: number, message: string, param?: string) {
  res.writeHead(status, { "content-type": "application/json", "request-id": "req_recorded" });
  res.end(JSON.stringify({ error: { type: "invalid_request_error", code: status === 404 ? "resource_missing" : undefined, message, param } }));
}

export async function startRecordedApi(recorded: { objects: Json[]; events: Json[] }): Promise<RecordedApi> {
  // Top-level objects by resource and id, with their mode.
  const byResource = new Map<string, Map<string, { o: Json; live: boolean }>>();
  // Every object with an id found anywhere (nested ones too), for expand.
  const anywhere = new Map<string, Json>();
  const index = (o: Json, live: boolean, topLevel: boolean) => {
    if (!o || typeof o !== "object") return;
    if (Array.isArray(o)) {
      for (const x of o) index(x, live, false);
      return;
    }
    if (typeof o.id === "string" && typeof o.object === "string") {
      if (!anywhere.has(o.id) || topLevel) anywhere.set(o.id, o);
      const resource = RESOURCE_OF[o.object];
      if (topLevel && resource) {
        if (!byResource.has(resource)) byResource.set(resource, new Map());
        byResource.get(resource)!.set(o.id, { o, live: modeOf(o, live) });
      }
    }
    for (const v of Object.values(o)) if (v && typeof v === "object") index(v, live, false);
  };
  for (const o of recorded.objects) index(o, o.livemode === true, true);
  for (const e of recorded.events) {
    index(e, e.livemode === true, true);
    index(e.data?.object, e.livemode === true, true);
  }

  const expand = (o: Json, paths: string[]): Json => {
    let out = structuredClone(o);
    for (const p of paths) out = expandPath(out, p.split("."));
    return out;
  };
  const expandPath = (o: Json, parts: string[]): Json => {
    if (o === null || o === undefined || !parts.length) return o;
    const [head, ...rest] = parts;
    if (Array.isArray(o)) return o.map((x) => expandPath(x, parts));
    if (typeof o !== "object") return o;
    const v = o[head];
    if (rest.length) return { ...o, [head]: expandPath(v, rest) };
    const one = (x: Json) => (typeof x === "string" && anywhere.has(x) ? structuredClone(anywhere.get(x)) : x);
    return { ...o, [head]: Array.isArray(v) ? v.map(one) : one(v) };
  };

  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://recorded");
    requests.push(`${req.method} ${url.pathname}`);
    const key = /^Bearer (\S+)/.exec(req.headers.authorization ?? "")?.[1] ?? "";
    if (!/^(sk|rk)_(test|live)_/.test(key)) return error(res, 401, "Invalid API Key provided");
    const live = /^(sk|rk)_live_/.test(key);
    if (req.method !== "GET") return error(res, 400, "The recorded API answers GET requests only");
    const q = url.searchParams;
    const expands = [...q.entries()].filter(([k]) => /^expand(\[\d*\])?$/.test(k)).map(([, v]) => v);
    const [, v1, resource, id, sub] = url.pathname.split("/");
    if (v1 !== "v1" || !resource) return error(res, 404, `Unrecognized request URL (GET: ${url.pathname})`);
    const table = byResource.get(resource) ?? new Map<string, { o: Json; live: boolean }>();
    const visible = (r: { o: Json; live: boolean } | undefined) => (r && r.live === live ? r.o : undefined);
    const send = (body: Json) => {
      res.writeHead(200, { "content-type": "application/json", "request-id": "req_recorded" });
      res.end(JSON.stringify(body));
    };
    const page = (all: Json[], listUrl: string, itemExpands: string[]) => {
      const limit = Math.min(Number(q.get("limit") ?? 10), 100);
      const after = q.get("starting_after");
      const start = after ? all.findIndex((x) => x.id === after) + 1 : 0;
      const data = all.slice(start, start + limit).map((x) => expand(x, itemExpands));
      send({ object: "list", data, has_more: start + limit < all.length, url: listUrl });
    };

    if (id && sub === "lines" && (resource === "invoices" || resource === "credit_notes")) {
      const parent = visible(table.get(id));
      if (!parent) return error(res, 404, `No such ${resource === "invoices" ? "invoice" : "credit note"}: '${id}'`, "id");
      return page(
        parent.lines?.data ?? [],
        url.pathname,
        expands.map((e) => e.replace(/^data\./, "")),
      );
    }
    if (id) {
      const o = visible(table.get(id));
      if (!o) return error(res, 404, `No such ${resource.replace(/s$/, "")}: '${id}'`, "id");
      return send(expand(o, expands));
    }
    const skip = new Set(["limit", "starting_after", "ending_before", "delivery_success"]);
    const filters = [...q.entries()].filter(([k]) => !skip.has(k) && !k.startsWith("expand") && !k.startsWith("created"));
    const gte = q.get("created[gte]");
    const lte = q.get("created[lte]");
    const all = [...table.values()]
      .filter((r) => r.live === live)
      .map((r) => r.o)
      .filter((o) => filters.every(([k, v]) => String(typeof o[k] === "object" && o[k] ? o[k].id : o[k]) === v))
      .filter((o) => (gte === null || o.created >= Number(gte)) && (lte === null || o.created <= Number(lte)))
      .sort((a, b) => (b.created ?? 0) - (a.created ?? 0) || String(b.id).localeCompare(String(a.id)));
    return page(
      all,
      url.pathname,
      expands.map((e) => e.replace(/^data\./, "")),
    );
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

// Minimal path router: "/v1/invoices/:id/pay" patterns, exact segment match.
import type { Emulator } from "./emulator";
import type { Params } from "./params";

export type Method = "GET" | "POST" | "DELETE";

export interface Ctx {
  em: Emulator;
  p: Params;
  /** path parameters (`:id`, `:sub`) */
  path: Record<string, string>;
  url: string;
}

export type Handler = (ctx: Ctx) => unknown;

interface Route {
  method: Method;
  segs: string[];
  handler: Handler;
}

export class Router {
  private routes: Route[] = [];

  add(method: Method, pattern: string, handler: Handler): void {
    this.routes.push({ method, segs: pattern.split("/").filter(Boolean), handler });
  }

  match(method: string, path: string): { handler: Handler; path: Record<string, string> } | "method" | null {
    const segs = path.split("/").filter(Boolean);
    let pathMatched = false;
    for (const r of this.routes) {
      if (r.segs.length !== segs.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < segs.length; i++) {
        const want = r.segs[i];
        if (want[0] === ":") params[want.slice(1)] = decodeURIComponent(segs[i]);
        else if (want !== segs[i]) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      // Literal routes (e.g. /v1/credit_notes/preview) are registered before `:id` ones.
      if (r.method === method) return { handler: r.handler, path: params };
      pathMatched = true;
    }
    return pathMatched ? "method" : null;
  }
}

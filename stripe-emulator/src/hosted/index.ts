// The emulator's hosted pages, served beside the API on the same port: /i/<token> (hosted
// invoice page) and /p/session/<token> (customer portal session).
import type { Emulator } from "../emulator";
import type { Obj } from "../store";
import { portalPage } from "./billing-portal";
import type { HtmlResponse } from "./html";
import { invoicePage } from "./invoice-page";

export type { HtmlResponse } from "./html";

export function isHostedPath(path: string): boolean {
  return /^\/i\/[\w-]+$/.test(path) || /^\/p\/session\/[\w-]+$/.test(path);
}

export function hostedPage(em: Emulator, method: string, path: string, form: Obj, query: Obj): HtmlResponse {
  if (method !== "GET" && method !== "POST") return { status: 405, html: "" };
  const inv = /^\/i\/([\w-]+)$/.exec(path);
  if (inv) return invoicePage(em, method, inv[1]!, form, query);
  return portalPage(em, method, path.slice("/p/session/".length), form, query);
}

// `expand[]`: replace id strings by the referenced objects, following dotted paths
// ("data.customer" on lists, "latest_charge.balance_transaction", "payments").
import type { Emulator } from "./emulator";
import { renderedTiers } from "./resources/price-tiers";
import { PREFIX, type Obj } from "./store";

export function applyExpand(em: Emulator, body: unknown, paths: string[]): unknown {
  if (!paths.length || typeof body !== "object" || body === null) return body;
  let out = clone(body as Obj);
  for (const path of paths) out = expandPath(em, out, path.split("."));
  return out;
}

const clone = (o: Obj): Obj => JSON.parse(JSON.stringify(o));

function expandPath(em: Emulator, node: any, parts: string[]): any {
  if (node === null || node === undefined || parts.length === 0) return node;
  if (Array.isArray(node)) return node.map((n) => expandPath(em, n, parts));
  if (typeof node !== "object") return node;
  const [head, ...rest] = parts;
  if (node.object === "list" && head === "data") {
    node.data = node.data.map((d: any) => expandPath(em, d, rest));
    return node;
  }
  let value = node[head];
  // Includable fields Stripe only returns when expanded.
  if (value === undefined && node.object === "invoice" && head === "payments") value = em.invoicePaymentsList(node.id);
  if (value === undefined && node.object === "charge" && head === "refunds") value = em.chargeRefundsList(node.id);
  if (value === undefined && node.object === "price" && head === "tiers") value = renderedTiers(em, node.id);
  if (typeof value === "string") value = lookup(em, value) ?? value;
  else if (Array.isArray(value)) value = value.map((v) => (typeof v === "string" ? (lookup(em, v) ?? v) : v));
  node[head] = rest.length ? expandPath(em, value, rest) : value;
  return node;
}

function lookup(em: Emulator, id: string): Obj | undefined {
  const prefix = id.slice(0, id.indexOf("_"));
  const col = PREFIX[prefix];
  if (!col) return undefined;
  const o = em.store.c[col].get(id);
  return o ? clone(em.render(o)) : undefined;
}

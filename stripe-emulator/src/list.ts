// Stripe list objects: newest first, `limit` (default 10, max 100), `starting_after` /
// `ending_before` cursors. Scans the creation order backwards so a page costs O(page)
// when unfiltered.
import { invalid } from "./errors";
import { int, str, type Params } from "./params";
import type { Collection, Obj } from "./store";

export interface ListResult {
  object: "list";
  data: Obj[];
  has_more: boolean;
  url: string;
}

export function listLimit(p: Params): number {
  const limit = int(p, "limit") ?? 10;
  if (limit < 1 || limit > 100) throw invalid("This value must be between 1 and 100.", "limit");
  return limit;
}

export function listCollection(
  col: Collection,
  p: Params,
  url: string,
  filter?: (o: Obj) => boolean,
  by?: { field: string; value: string | undefined },
): ListResult {
  const ids = by?.value !== undefined ? col.indexed(by.field, by.value) : undefined;
  if (ids) {
    // index hit: page over the (small) per-value list; the filter still checks everything
    return listIds(
      ids,
      (id) => col.get(id),
      p,
      url,
      filter,
      (id) => {
        const i = ids.indexOf(id);
        return i < 0 ? undefined : i;
      },
    );
  }
  return listIds(
    col.order,
    (id) => col.get(id),
    p,
    url,
    filter,
    (id) => col.position(id),
  );
}

/** Pages over `order` (oldest→newest ids); items come out newest first. */
export function listIds(
  order: string[],
  get: (id: string) => Obj | undefined,
  p: Params,
  url: string,
  filter?: (o: Obj) => boolean,
  position?: (id: string) => number | undefined,
): ListResult {
  const limit = listLimit(p);
  const after = str(p, "starting_after");
  const before = str(p, "ending_before");
  const indexOf = (id: string, param: string): number => {
    const i = position ? position(id) : order.indexOf(id);
    if (i === undefined || i < 0) throw invalid(`No such object: '${id}'`, param, "resource_missing");
    return i;
  };
  const data: Obj[] = [];
  let has_more = false;
  if (before) {
    // Walk towards newer items, then reverse so the page is still newest first.
    for (let i = indexOf(before, "ending_before") + 1; i < order.length; i++) {
      const o = get(order[i]);
      if (!o || (filter && !filter(o))) continue;
      if (data.length === limit) {
        has_more = true;
        break;
      }
      data.push(o);
    }
    data.reverse();
  } else {
    const start = after ? indexOf(after, "starting_after") - 1 : order.length - 1;
    for (let i = start; i >= 0; i--) {
      const o = get(order[i]);
      if (!o || (filter && !filter(o))) continue;
      if (data.length === limit) {
        has_more = true;
        break;
      }
      data.push(o);
    }
  }
  return { object: "list", data, has_more, url };
}

/** A list over an in-memory array already in display order (e.g. invoice lines, oldest first as Stripe shows them). */
export function listArray(items: Obj[], p: Params, url: string): ListResult {
  const limit = listLimit(p);
  const after = str(p, "starting_after");
  const before = str(p, "ending_before");
  let start = 0;
  let end = items.length;
  if (after) {
    const i = items.findIndex((o) => o.id === after);
    if (i < 0) throw invalid(`No such object: '${after}'`, "starting_after", "resource_missing");
    start = i + 1;
  }
  if (before) {
    const i = items.findIndex((o) => o.id === before);
    if (i < 0) throw invalid(`No such object: '${before}'`, "ending_before", "resource_missing");
    end = i;
    start = Math.max(0, end - limit);
    return { object: "list", data: items.slice(start, end), has_more: start > 0, url };
  }
  return { object: "list", data: items.slice(start, start + limit), has_more: start + limit < end, url };
}

/** `created` filter: number or {gt,gte,lt,lte}. */
export function createdFilter(p: Params): ((o: Obj) => boolean) | undefined {
  const c = p.created;
  if (c === undefined || c === "") return undefined;
  if (typeof c !== "object" || c === null) {
    const n = Number(c);
    return (o) => o.created === n;
  }
  const r = c as Params;
  const num = (k: string) => (r[k] === undefined ? undefined : Number(r[k]));
  const gt = num("gt"),
    gte = num("gte"),
    lt = num("lt"),
    lte = num("lte");
  return (o) =>
    (gt === undefined || o.created > gt) &&
    (gte === undefined || o.created >= gte) &&
    (lt === undefined || o.created < lt) &&
    (lte === undefined || o.created <= lte);
}

export function andFilters(...fs: Array<((o: Obj) => boolean) | undefined>): ((o: Obj) => boolean) | undefined {
  const active = fs.filter((f): f is (o: Obj) => boolean => !!f);
  if (active.length === 0) return undefined;
  return (o) => active.every((f) => f(o));
}

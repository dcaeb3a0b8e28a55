import { notFound } from "next/navigation";
import { isWellFormedId } from "./input";

/**
 * A page's `[id]` segment: anything that cannot be an id (a NUL byte, a space, a megabyte) is
 * the same 404 as an unknown id, answered before any query (Postgres would refuse the NUL and
 * turn a typo into a 500).
 */
export function pageId(id: string): string {
  if (!isWellFormedId(id)) notFound();
  return id;
}

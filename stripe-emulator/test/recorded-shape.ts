// Compares an emulator object with a real object Stripe sent (test/recorded/, see its README):
// every field the recorded object carries must be on the emulator's object too, recursively, and
// where Stripe sent an object the emulator must not send null. This covers what the SDK's
// declarations cannot: a field the SDK marks optional (`?`) because Stripe sends it only in some
// situations — a card charge's `payment_method_details.card.overcapture`, its `radar_options` —
// is required here when the recorded object of that situation has it.
//
// Skipped: fields the SDK does not declare at the pinned version (recordings made at older API
// versions still carry removed ones, e.g. a charge's `order`), expanded resources (the emulator
// may send the id) and list metadata. Values are not compared: recordings are other accounts'.
import { shapeErrors } from "./sdk-shape";

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
/** An expanded resource (`{id, object: "payment_method", …}` where an id may stand). */
const isExpanded = (v: Json) => typeof v.id === "string" && typeof v.object === "string" && v.object !== "list";

/** JSON paths (`charge.a.b[0].c`) of the recorded object's fields the SDK does not declare. */
function undeclared(recorded: Json): Set<string> {
  const out = new Set<string>();
  for (const e of shapeErrors(recorded, "recorded")) {
    const m = /^([a-z_]+)\(recorded\)(\S*): not a field of /.exec(e);
    if (m) out.add(m[1]! + m[2]!);
  }
  return out;
}

function walk(rec: Json, emu: Json, at: string, skip: Set<string>, out: string[]): void {
  for (const [k, v] of Object.entries(rec)) {
    const path = `${at}.${k}`;
    if (skip.has(path)) continue;
    if (k === "metadata") continue; // the account's own keys
    if (!(k in emu)) {
      out.push(`${path}: missing (Stripe sent ${JSON.stringify(v)?.slice(0, 60)})`);
      continue;
    }
    const e = emu[k];
    if (isObject(v)) {
      if (isExpanded(v)) continue;
      if (!isObject(e)) {
        out.push(`${path}: ${JSON.stringify(e)?.slice(0, 60)}, but Stripe sent an object`);
        continue;
      }
      walk(v, e, path, skip, out);
    } else if (Array.isArray(v) && Array.isArray(e) && isObject(v[0]) && isObject(e[0])) {
      walk(v[0], e[0], `${path}[0]`, skip, out);
    }
  }
}

/** Differences of `emulated` from `recorded` (empty = the emulator sends every recorded field). */
export function recordedFieldsMissing(recorded: Json, emulated: Json): string[] {
  const out: string[] = [];
  walk(recorded, emulated, String(recorded.object), undeclared(recorded), out);
  return out;
}

// Parameter coercion: form-decoded requests carry strings, in-process callers pass
// numbers/booleans. Every handler reads params through these helpers.
import { invalid } from "./errors";

export type Params = Record<string, unknown>;

export function str(p: Params, key: string, required = false): string | undefined {
  const v = p[key];
  if (v === undefined || v === null || v === "") {
    if (required) throw invalid(`Missing required param: ${key}.`, key, "parameter_missing");
    return undefined;
  }
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  throw invalid(`Invalid string: ${key}`, key);
}

export function int(p: Params, key: string, required = false): number | undefined {
  const v = p[key];
  if (v === undefined || v === null || v === "") {
    if (required) throw invalid(`Missing required param: ${key}.`, key, "parameter_missing");
    return undefined;
  }
  const n = typeof v === "number" ? v : typeof v === "string" && /^-?\d+$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n)) throw invalid(`Invalid integer: ${String(v)}`, key, "parameter_invalid_integer");
  return n;
}

export function bool(p: Params, key: string): boolean | undefined {
  const v = p[key];
  if (v === undefined || v === null || v === "") return undefined;
  if (v === true || v === "true") return true;
  if (v === false || v === "false") return false;
  throw invalid(`Invalid boolean: ${String(v)}`, key);
}

/** Arrays arrive as real arrays, as `{0:..,1:..}` objects, or (single `x[]=v`) as one value. */
export function arr(p: Params, key: string): unknown[] | undefined {
  const v = p[key];
  if (v === undefined || v === null || v === "") return v === "" ? [] : undefined;
  if (Array.isArray(v)) return v;
  if (typeof v === "object")
    return Object.keys(v)
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => (v as Params)[k]);
  return [v];
}

export function obj(p: Params, key: string): Params | undefined {
  const v = p[key];
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v !== "object" || Array.isArray(v)) throw invalid(`Invalid object: ${key}`, key);
  return v as Params;
}

/** metadata: merged on update; a key set to "" is removed, as Stripe does. */
export function metadata(p: Params, base: Record<string, string> = {}): Record<string, string> {
  const m = p.metadata;
  if (m === "") return {};
  if (!m || typeof m !== "object") return base;
  const out = { ...base };
  for (const [k, v] of Object.entries(m as Params)) {
    if (v === "" || v === null) delete out[k];
    else out[k] = String(v);
  }
  return out;
}

export function oneOf<T extends string>(p: Params, key: string, allowed: readonly T[]): T | undefined {
  const v = str(p, key);
  if (v === undefined) return undefined;
  if (!allowed.includes(v as T)) throw invalid(`Invalid ${key}: must be one of ${allowed.join(", ")}`, key);
  return v as T;
}

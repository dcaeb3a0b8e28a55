// Fault-injection switches, per run (control API `POST /_emulator/faults`, CLI flags).
// Rates are probabilities in [0, 1]. API faults never apply to the control API.

export interface Faults {
  /** share of webhook deliveries sent twice */
  duplicateRate: number;
  /** deliver each batch of queued events in random order */
  shuffle: boolean;
  /** extra delay before each delivery (ms) */
  deliveryDelayMs: number;
  /** share of deliveries dropped for good (the event shows delivery_success=false) */
  dropRate: number;
  /** share of /v1 requests answered 429 rate_limit_error */
  rate429: number;
  /** share of /v1 requests answered 500 api_error */
  rate500: number;
  /** added latency for every /v1 response (ms) */
  slowMs: number;
}

export const NO_FAULTS: Faults = {
  duplicateRate: 0,
  shuffle: false,
  deliveryDelayMs: 0,
  dropRate: 0,
  rate429: 0,
  rate500: 0,
  slowMs: 0,
};

/** Accepts numbers or strings (form/CLI); unknown keys are rejected so typos are loud. */
export function parseFaults(input: Record<string, unknown>, base: Faults = NO_FAULTS): Faults {
  const out: Faults = { ...base };
  for (const [k, v] of Object.entries(input)) {
    if (!(k in NO_FAULTS)) throw new Error(`unknown fault: ${k}`);
    if (k === "shuffle") (out as any)[k] = v === true || v === "true" || v === 1 || v === "1";
    else {
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0) throw new Error(`invalid value for ${k}: ${String(v)}`);
      (out as any)[k] = n;
    }
  }
  return out;
}

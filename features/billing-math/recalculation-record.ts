// A recalculation as the Recalculation row stores it (Json columns cannot hold bigint):
// amounts become decimal strings, decimals become their plain text, and the saved inputs can be
// turned back into an InvoiceInput that reproduces the result exactly.
import type { InvoiceEdit } from "./apply-edits";
import type { Recalculation } from "./recalculate";
import type { InvoiceInput } from "./types";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

// Fields that hold a DecimalInput (Prisma.Decimal, Stripe's Decimal, number, string).
const DECIMAL_KEYS = new Set(["quantity", "unitAmountDecimal", "percentage", "percentOff"]);
// Fields that hold a MinorInput (bigint minor units).
const MINOR_KEYS = new Set(["amount", "amountOff"]);

function toJson(value: unknown): JsonValue {
  return JSON.parse(
    JSON.stringify(value, (key, v) => {
      if (typeof v === "bigint") return v.toString();
      if (DECIMAL_KEYS.has(key) && v !== null && v !== undefined) return String(v);
      return v;
    }),
  ) as JsonValue;
}

export interface RecalculationRecord {
  currency: string;
  inputs: JsonValue;
  result: JsonValue;
  originalTotal: bigint;
  recalculatedTotal: bigint;
  /** original − recalculated: positive when the customer was overcharged. */
  differenceMinor: bigint;
}

export function recalculationRecord(r: Recalculation): RecalculationRecord {
  return {
    currency: r.currency,
    inputs: toJson({ edits: r.edits, input: r.input }),
    result: toJson({ lines: r.lines, totals: r.totals, discounts: r.discounts, taxes: r.taxes, changed: r.changed }),
    originalTotal: r.totals.total.original,
    recalculatedTotal: r.totals.total.recalculated,
    differenceMinor: r.totals.total.difference,
  };
}

/** The saved `inputs` back as the edited invoice and the edits that produced it. */
export function recalculationInputsFromJson(inputs: JsonValue): { input: InvoiceInput; edits: InvoiceEdit[] } {
  const parsed = JSON.parse(JSON.stringify(inputs), (key, v) => (MINOR_KEYS.has(key) && typeof v === "string" ? BigInt(v) : v)) as {
    input?: InvoiceInput;
    edits?: InvoiceEdit[];
  };
  if (!parsed || typeof parsed !== "object" || !parsed.input || !Array.isArray(parsed.input.lines)) throw new RangeError("not saved recalculation inputs");
  return { input: parsed.input, edits: parsed.edits ?? [] };
}

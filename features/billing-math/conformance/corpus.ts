// Test-only loader of the conformance corpus: real Stripe objects and events recorded by other
// projects (see README.md here for each file's source, licence and API version). Files under
// objects/ are API responses, files under events/ are webhook events; every object is returned
// as recorded (the corpus is never rewritten to suit Settle).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

// Stripe JSON is untyped here on purpose: the corpus spans API versions from 2020 to today.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface CorpusEntry {
  /** Path under conformance/, e.g. `events/gitpay--invoice.paid.json`. */
  file: string;
  /** Stripe's `object` of the recorded object (invoice, dispute, refund …). */
  object: string;
  data: Json;
  /** The event that carried it, when the file is an event. */
  event: Json | null;
}

const ROOT = path.join(import.meta.dirname);

export function loadCorpus(): CorpusEntry[] {
  const out: CorpusEntry[] = [];
  for (const dir of ["objects", "events"]) {
    for (const name of readdirSync(path.join(ROOT, dir)).filter((n) => n.endsWith(".json")).sort()) {
      const json = JSON.parse(readFileSync(path.join(ROOT, dir, name), "utf8")) as Json;
      const event = json.object === "event" ? json : null;
      const data = event ? event.data.object : json;
      out.push({ file: `${dir}/${name}`, object: data.object, data, event });
    }
  }
  return out;
}

export const corpusInvoices = (): CorpusEntry[] => loadCorpus().filter((e) => e.object === "invoice");

import { eventFamilyOf } from "../events/event-types";

// The object an event is ordered under. Usually data.object.id; invoice items and invoice
// payments are ordered under their invoice (key "invoice" in event-types.ts), because what sync
// refetches and writes for them is the invoice: sharing the key keeps two processors from
// writing one invoice at once. Types Settle does not project are ordered under their object too.
export function orderingKey(type: string, object: { id?: unknown; invoice?: unknown } | undefined): string | null {
  if (!object) return null;
  if (eventFamilyOf(type)?.key === "invoice") {
    const inv = object.invoice;
    if (typeof inv === "string") return inv;
    if (inv && typeof inv === "object" && typeof (inv as { id?: unknown }).id === "string") return (inv as { id: string }).id;
  }
  return typeof object.id === "string" ? object.id : null;
}

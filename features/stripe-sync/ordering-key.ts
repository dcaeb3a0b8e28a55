// The object an event is ordered under. Usually data.object.id; invoice items and invoice
// payments are ordered under their invoice, because what sync refetches and writes for them is
// the invoice: sharing the key keeps two processors from writing one invoice at once.
export function orderingKey(type: string, object: { id?: unknown; invoice?: unknown } | undefined): string | null {
  if (!object) return null;
  if (type.startsWith("invoiceitem.") || type.startsWith("invoice_payment.")) {
    const inv = object.invoice;
    if (typeof inv === "string") return inv;
    if (inv && typeof inv === "object" && typeof (inv as { id?: unknown }).id === "string") return (inv as { id: string }).id;
  }
  return typeof object.id === "string" ? object.id : null;
}

// Stand-in for Stripe's hosted invoice page (`hosted_invoice_url`): shows what is due and takes
// a test card. Paying goes through `POST /v1/invoices/:id/pay` in the dispatcher, so it changes
// the same state and sends the same events as the API (payment_intent.created/succeeded,
// charge.succeeded, invoice_payment.paid, invoice.paid, invoice.payment_succeeded; or on a
// decline charge.failed, payment_intent.payment_failed, invoice.payment_failed).
import type { Emulator } from "../emulator";
import type { Obj } from "../store";
import { tokenForCardNumber } from "../resources/cards";
import { cardFields, esc, formatAmount, formatDate, page, testCardHint, type HtmlResponse } from "./html";
import { invoiceForToken, pageKey } from "./tokens";

const NOT_FOUND: HtmlResponse = { status: 404, html: page("Invoice not found", "<h1>Invoice not found</h1><p>This link is not valid.</p>") };

export function invoicePage(em: Emulator, method: string, token: string, form: Obj, query: Obj): HtmlResponse {
  const id = invoiceForToken(em, token);
  const inv = id ? em.store.c.invoices.get(id) : undefined;
  if (!inv) return NOT_FOUND;
  if (method === "POST") return pay(em, inv, token, form);
  return { status: 200, html: render(em, inv, { paidNow: query.paid === "1" }) };
}

function pay(em: Emulator, inv: Obj, token: string, form: Obj): HtmlResponse {
  if (!payable(inv)) return { status: 303, location: `/i/${token}` };
  const pm = tokenForCardNumber(form.card_number);
  if (!pm) return { status: 400, html: render(em, inv, { error: "Your card number is incorrect. Use one of the test card numbers below." }) };
  const r = em.dispatch("POST", `/v1/invoices/${inv.id}/pay`, { payment_method: pm }, { apiKey: pageKey(em) });
  if (r.status !== 200) {
    const message = (JSON.parse(r.raw) as { error?: { message?: string } }).error?.message ?? "The payment failed.";
    return { status: r.status, html: render(em, inv, { error: message }) };
  }
  return { status: 303, location: `/i/${token}?paid=1` };
}

const payable = (inv: Obj) => (inv.status === "open" || inv.status === "uncollectible") && inv.amount_remaining > 0;

function render(em: Emulator, inv: Obj, o: { error?: string; paidNow?: boolean }): string {
  const cur = inv.currency as string;
  const lines: Obj[] = em.store.lines.get(inv.id) ?? [];
  const rows = lines.map((l) => `<tr><td>${esc(l.description)}</td><td class="num">${esc(formatAmount(l.amount, cur))}</td></tr>`).join("");
  const head = `<p class="muted">${esc(inv.account_name)}</p>
<h1>Invoice ${esc(inv.number)}</h1>`;
  let body: string;
  if (payable(inv)) {
    body = `<p>Amount due</p><p class="amount">${esc(formatAmount(inv.amount_remaining, cur))}</p>
${inv.due_date ? `<p class="muted">Due ${esc(formatDate(inv.due_date))}</p>` : ""}
${o.error ? `<div class="alert error" role="alert"><strong>Payment failed.</strong> ${esc(o.error)}</div>` : ""}
<h2>Pay with card</h2>
<form method="post">
${cardFields()}
<div id="card_hint">${testCardHint()}</div>
<button type="submit">Pay ${esc(formatAmount(inv.amount_remaining, cur))}</button>
</form>`;
  } else if (inv.status === "paid") {
    body = `<div class="alert ok" ${o.paidNow ? 'role="status"' : ""}><strong>${o.paidNow ? "Thank you: your payment was received." : "This invoice has been paid."}</strong></div>
<p>Paid ${esc(formatAmount(inv.amount_paid, cur))} on ${esc(formatDate(inv.status_transitions?.paid_at))}.</p>
<p class="muted">You can close this page and return to where you came from.</p>`;
  } else if (inv.status === "void") {
    body = `<p>This invoice was voided; nothing is due.</p>`;
  } else {
    body = `<p>Nothing is due on this invoice.</p>`;
  }
  return page(
    `Invoice ${inv.number ?? ""}`,
    `${head}${body}
<h2>Summary</h2>
<table><caption class="muted" style="text-align:left">Lines</caption><thead><tr><th scope="col">Description</th><th scope="col" class="num">Amount</th></tr></thead>
<tbody>${rows}</tbody>
<tfoot><tr><th scope="row">Total</th><td class="num">${esc(formatAmount(inv.total, cur))}</td></tr></tfoot></table>`,
  );
}

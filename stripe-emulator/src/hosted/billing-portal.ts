// Stand-in for Stripe's customer portal: `POST /v1/billing_portal/sessions` returns a session
// whose `url` serves a page to add a card, make one the default for invoices
// (customer.invoice_settings.default_payment_method) and remove one, with a link back to
// `return_url`. Every change goes through the API dispatcher, so it sends the API's events
// (payment_method.attached/detached, customer.updated).
import type { Emulator } from "../emulator";
import { invalid } from "../errors";
import { oneOf, str } from "../params";
import type { Router } from "../router";
import type { Obj } from "../store";
import { TEST_CARDS, tokenForCardNumber } from "../resources/cards";
import { cardFields, esc, page, testCardHint, type HtmlResponse } from "./html";
import { pageKey, pageToken } from "./tokens";

// Stripe's portal locales (a subset is enough to validate the parameter the way Stripe does).
const LOCALES = [
  "auto",
  "bg",
  "cs",
  "da",
  "de",
  "el",
  "en",
  "en-GB",
  "es",
  "es-419",
  "et",
  "fi",
  "fr",
  "fr-CA",
  "hu",
  "id",
  "it",
  "ja",
  "ko",
  "lt",
  "lv",
  "ms",
  "mt",
  "nb",
  "nl",
  "pl",
  "pt",
  "pt-BR",
  "ro",
  "ru",
  "sk",
  "sl",
  "sv",
  "th",
  "tr",
  "vi",
  "zh",
  "zh-HK",
  "zh-TW",
] as const;

export function registerBillingPortal(r: Router): void {
  r.add("POST", "/v1/billing_portal/sessions", ({ em, p }) => {
    const customer = str(p, "customer", true)!;
    em.get("customers", customer, "customer", "customer");
    const returnUrl = str(p, "return_url");
    if (returnUrl !== undefined && !/^https?:\/\/[^\s]+$/i.test(returnUrl)) throw invalid("Not a valid URL", "return_url", "url_invalid");
    const id = em.newId("bps");
    const token = pageToken(em, id);
    const session: Obj = {
      id,
      object: "billing_portal.session",
      configuration: portalConfigurationId(em),
      created: em.clock.now(),
      customer,
      customer_account: null,
      flow: null,
      livemode: em.livemode,
      locale: oneOf(p, "locale", LOCALES) ?? null,
      on_behalf_of: str(p, "on_behalf_of") ?? null,
      return_url: returnUrl ?? null,
      url: `${em.publicUrl}/p/session/${token}`,
    };
    em.store.meta.set(token, { portal_session: session });
    return session;
  });
}

/** Stripe answers with the account's default portal configuration when none is given. */
function portalConfigurationId(em: Emulator): string {
  const m = em.store.meta.get("billing_portal_configuration");
  if (typeof m?.id === "string") return m.id;
  const id = em.newId("bpc");
  em.store.meta.set("billing_portal_configuration", { id });
  return id;
}

const NOT_FOUND: HtmlResponse = {
  status: 404,
  html: page("Session expired", "<h1>This link has expired</h1><p>Go back and open the billing portal again.</p>"),
};

const DONE: Record<string, string> = { added: "Card added.", default: "Default card updated.", removed: "Card removed." };

export function portalPage(em: Emulator, method: string, token: string, form: Obj, query: Obj): HtmlResponse {
  const session = em.store.meta.get(token)?.portal_session as Obj | undefined;
  if (!session) return NOT_FOUND;
  const customer = em.store.c.customers.get(session.customer);
  if (!customer) return NOT_FOUND;
  if (method !== "POST") return { status: 200, html: render(em, session, customer, { done: DONE[String(query.done)] }) };
  const here = `/p/session/${token}`;
  const key = { apiKey: pageKey(em) };
  const action = String(form.action ?? "");
  const owned = (pmId: unknown) => typeof pmId === "string" && em.store.c.payment_methods.get(pmId)?.customer === customer.id;
  if (action === "add") {
    const pm = tokenForCardNumber(form.card_number);
    // Stripe checks a card when it is saved: decline cards fail here, except the one documented
    // to attach and then fail every charge (4000 0000 0000 0341).
    const declined = pm ? TEST_CARDS[pm]?.decline : undefined;
    if (!pm || (declined && pm !== "pm_card_chargeCustomerFail")) {
      const error = pm ? declined!.message : "Your card number is incorrect. Use one of the test card numbers below.";
      return { status: 400, html: render(em, session, customer, { error }) };
    }
    const attached = em.dispatch("POST", `/v1/payment_methods/${pm}/attach`, { customer: customer.id }, key);
    if (attached.status !== 200) return { status: attached.status, html: render(em, session, customer, { error: "The card could not be saved." }) };
    if (form.make_default === "on") {
      const id = (JSON.parse(attached.raw) as { id: string }).id;
      em.dispatch("POST", `/v1/customers/${customer.id}`, { invoice_settings: { default_payment_method: id } }, key);
    }
    return { status: 303, location: `${here}?done=added` };
  }
  if (action === "default" && owned(form.payment_method)) {
    em.dispatch("POST", `/v1/customers/${customer.id}`, { invoice_settings: { default_payment_method: form.payment_method } }, key);
    return { status: 303, location: `${here}?done=default` };
  }
  if (action === "remove" && owned(form.payment_method)) {
    em.dispatch("POST", `/v1/payment_methods/${String(form.payment_method)}/detach`, {}, key);
    return { status: 303, location: `${here}?done=removed` };
  }
  return { status: 400, html: render(em, session, customer, { error: "That change is not possible." }) };
}

function render(em: Emulator, session: Obj, customer: Obj, o: { error?: string; done?: string }): string {
  const defaultId = customer.invoice_settings?.default_payment_method ?? null;
  const cards = [...em.store.c.payment_methods.items.values()].filter((pm) => pm.customer === customer.id);
  const items = cards
    .map((pm) => {
      const label = `${pm.card.brand} •••• ${pm.card.last4}, expires ${String(pm.card.exp_month).padStart(2, "0")}/${pm.card.exp_year}`;
      const isDefault = pm.id === defaultId;
      const hidden = `<input type="hidden" name="payment_method" value="${esc(pm.id)}">`;
      return `<li><span>${esc(label)}${isDefault ? " <strong>(default)</strong>" : ""}</span><span>
${isDefault ? "" : `<form method="post" class="inline"><input type="hidden" name="action" value="default">${hidden}<button type="submit" class="secondary" aria-label="Make ${esc(label)} the default">Make default</button></form>`}
<form method="post" class="inline"><input type="hidden" name="action" value="remove">${hidden}<button type="submit" class="secondary" aria-label="Remove ${esc(label)}">Remove</button></form></span></li>`;
    })
    .join("");
  const back = session.return_url ? `<p><a href="${esc(session.return_url)}">← Return to ${esc(hostOf(session.return_url))}</a></p>` : "";
  return page(
    "Payment methods",
    `${back}<p class="muted">${esc(customer.name ?? customer.email ?? customer.id)}</p>
<h1>Payment methods</h1>
${o.error ? `<div class="alert error" role="alert">${esc(o.error)}</div>` : ""}
${o.done ? `<div class="alert ok" role="status">${esc(o.done)}</div>` : ""}
${cards.length ? `<ul class="cards">${items}</ul>` : "<p>No saved cards.</p>"}
<h2>Add a card</h2>
<form method="post"><input type="hidden" name="action" value="add">
${cardFields()}
<label><input type="checkbox" name="make_default" checked> Use for future invoices (default)</label>
<div id="card_hint">${testCardHint()}</div>
<button type="submit">Add card</button>
</form>`,
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

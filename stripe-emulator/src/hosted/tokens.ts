// Capability tokens of the hosted pages. Stripe's hosted invoice and portal URLs are secrets
// (whoever has one can pay or manage cards), so the emulator's are not the guessable object ids:
// a hash of the emulator seed and the id. Deterministic, so a scenario's objects stay identical
// run after run with the same seed.
import { hash } from "node:crypto";
import type { Emulator } from "../emulator";

export function pageToken(em: Emulator, id: string): string {
  // crypto.hash: the one-shot digest (Node ≥ 20.12), same bytes as createHash().update().digest()
  // without a Hash object per invoice (every finalized invoice gets a token)
  return "test_" + hash("sha256", `settle-emulator-hosted:${em.seed}:${id}`, "base64url").slice(0, 32);
}

export function hostedInvoiceUrl(em: Emulator, invoiceId: string): string {
  const token = pageToken(em, invoiceId);
  em.store.meta.set(token, { invoice: invoiceId });
  return `${em.publicUrl}/i/${token}`;
}

/** The invoice a hosted-invoice token opens, if any. */
export function invoiceForToken(em: Emulator, token: string): string | undefined {
  const m = em.store.meta.get(token);
  return typeof m?.invoice === "string" ? m.invoice : undefined;
}

/** The key the hosted pages call the API with: one of the account's own mode (test or live). */
export function pageKey(em: Emulator): string {
  return em.livemode ? "sk_" + "live_hosted_pages" : "sk_test_hosted_pages";
}

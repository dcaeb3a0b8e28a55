/** Stripe's message for the person on the desk: short, and never a key or a stack. */
export function stripeErrorText(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/\b(sk|rk|pk)_(test|live)_[A-Za-z0-9_]+/g, "[key]").slice(0, 500);
}

// Stripe-shaped API errors. Handlers throw these; the dispatcher turns them into
// `{ error: {...} }` bodies with the matching HTTP status.

export interface StripeErrorBody {
  type: string;
  message: string;
  code?: string;
  param?: string;
  decline_code?: string;
  doc_url?: string;
  charge?: string;
  payment_intent?: unknown;
  [k: string]: unknown;
}

export class StripeApiError extends Error {
  constructor(
    public status: number,
    public body: StripeErrorBody,
  ) {
    super(body.message);
  }
}

export const invalid = (message: string, param?: string, code?: string): StripeApiError =>
  new StripeApiError(400, {
    type: "invalid_request_error",
    message,
    ...(param ? { param } : {}),
    ...(code ? { code, doc_url: `https://stripe.com/docs/error-codes/${code.replace(/_/g, "-")}` } : {}),
  });

export const missing = (kind: string, id: string, param = "id"): StripeApiError =>
  new StripeApiError(404, {
    type: "invalid_request_error",
    code: "resource_missing",
    doc_url: "https://stripe.com/docs/error-codes/resource-missing",
    message: `No such ${kind}: '${id}'`,
    param,
  });

export const authError = (message: string): StripeApiError => new StripeApiError(401, { type: "authentication_error", message });

import { z } from "zod";

// One schema per input, shared by the desk forms and the feature functions. Error texts are
// i18n keys (desk.customer.err.*).
const reason = z.string().trim().min(3, "desk.customer.err.reason").max(500, "desk.customer.err.reason");

export const linkCustomerUserSchema = z.object({
  customerId: z.string().min(1).max(64),
  email: z.string().trim().toLowerCase().pipe(z.email("desk.customer.err.email")),
  reason,
});

export const unlinkCustomerUserSchema = z.object({
  customerId: z.string().min(1).max(64),
  userId: z.string().min(1).max(64),
  reason,
});

export type LinkCustomerUserInput = z.input<typeof linkCustomerUserSchema>;
export type UnlinkCustomerUserInput = z.input<typeof unlinkCustomerUserSchema>;

/** Field path → its i18n key: each field has one (desk.customer.err.<field>), whatever the issue. */
export function linkFieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    out[key] ??= `desk.customer.err.${key}`;
  }
  return out;
}

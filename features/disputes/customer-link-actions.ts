"use server";
import { z } from "zod";
import { action } from "@/features/auth/action";
import { linkCustomerUser } from "@/features/auth/link-customer-user";
import { unlinkCustomerUser } from "@/features/auth/unlink-customer-user";
import { text } from "@/lib/form-data";

// The desk customer page's link forms (lib/server-action.ts). The use cases check the role
// (lead or admin) and validate the input with the shared schemas; nothing here trusts the form.

const customerPath = (input: { customerId: string }) => [`/desk/customers/${input.customerId}`];

export const linkCustomerUserAction = action({
  name: "linkCustomerUser",
  input: z.object({ customerId: text(), email: text(), reason: text() }),
  run: ({ db, actor, input }) => linkCustomerUser(db, { actor, input }),
  revalidate: customerPath,
  keepValues: true,
});

export const unlinkCustomerUserAction = action({
  name: "unlinkCustomerUser",
  input: z.object({ customerId: text(), userId: text(), reason: text() }),
  run: ({ db, actor, input }) => unlinkCustomerUser(db, { actor, input }),
  revalidate: customerPath,
  keepValues: true,
});

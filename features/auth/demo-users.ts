import type { Role } from "@prisma/client";

// The demo's people. Customer emails match the Stripe emulator's demo scenario, so signing in
// links them to their Stripe customers.
export const demoUsers: ReadonlyArray<{ email: string; name: string; role: Role }> = [
  { email: "agent@settle.test", name: "Alex Agent", role: "AGENT" },
  { email: "agent2@settle.test", name: "Sam Second", role: "AGENT" },
  { email: "lead@settle.test", name: "Lee Lead", role: "LEAD" },
  { email: "admin@settle.test", name: "Ada Admin", role: "ADMIN" },
  { email: "alice@example.com", name: "Alice Anders", role: "CUSTOMER" },
  { email: "bob@example.com", name: "Bob Brown", role: "CUSTOMER" },
  { email: "carol@example.com", name: "Carol Chen", role: "CUSTOMER" },
  { email: "dave@example.com", name: "Dave Dashti", role: "CUSTOMER" },
];

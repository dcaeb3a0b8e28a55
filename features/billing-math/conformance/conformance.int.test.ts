// The conformance corpus (real Stripe data, see README.md) through Settle's sync: its events are
// delivered as signed webhooks, everything else arrives through a resync (the inbox path), and
// every object is read back through the official `stripe` SDK from a recorded-API server that
// answers only with what the corpus recorded. Every projected field must equal Stripe's, and
// the billing audit over the projections must find nothing on these clean invoices.
import { defineSyncConformance } from "../testing/sync-suite";

// Test mode: the corpus's test-mode objects (a sk_test_ key sees only those).
// Invoices: zulip (current and legacy shape), pay, gitpay, dj-stripe, SECRAG's three (a
// subscription created, then changed twice: two credit prorations); others: zulip's and
// dj-stripe's customers, the refund, the dispute. pay's upcoming invoice has no id (an upcoming
// invoice is not stored).
defineSyncConformance({ invoices: 8, others: 4, audited: 8, creditProrations: 2 });

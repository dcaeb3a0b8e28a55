import { registerBillingPortal } from "../hosted/billing-portal";
import type { Router } from "../router";
import { registerCatalog } from "./catalog";
import { registerCharges } from "./charges";
import { registerCreditNotes } from "./credit-notes";
import { registerCustomers } from "./customers";
import { registerDisputes } from "./disputes";
import { registerEvents } from "./events";
import { registerInvoiceItems } from "./invoiceitems";
import { registerSubscriptions } from "./subscriptions";
import { registerInvoicePay } from "./invoice-pay";
import { registerInvoices } from "./invoices";
import { registerPaymentMethods } from "./payment-methods";
import { registerRefunds } from "./refunds";
import { registerTestClocks } from "./test-clocks";
import { registerInvoicePreview } from "./invoice-preview";
import { registerBillingMeters } from "./billing-meters";

export function registerAll(r: Router): void {
  registerCustomers(r);
  registerCatalog(r);
  registerPaymentMethods(r);
  registerCharges(r);
  registerRefunds(r);
  registerDisputes(r);
  registerInvoiceItems(r);
  registerSubscriptions(r);
  registerInvoicePay(r);
  // before registerInvoices: the literal /v1/invoices/create_preview wins over /v1/invoices/:id
  registerInvoicePreview(r);
  registerInvoices(r);
  registerCreditNotes(r);
  registerEvents(r);
  registerTestClocks(r);
  registerBillingMeters(r);
  registerBillingPortal(r);
}

// The service period a customer reads on an invoice is the period its lines cover. Stripe's
// invoice period_start/period_end describe the billing cycle (for a one-off invoice both are
// the creation instant, a zero-length "1 Mar – 1 Mar"), so the header would contradict its
// lines. When the lines cover different periods there is no one period to show: null, and each
// line keeps its own. The web page, the PDF and the CSV all read this one definition.

/**
 * SQL for a LATERAL subquery giving ("servicePeriodStart", "servicePeriodEnd") of the invoice
 * whose id is `invoiceId` (an SQL expression). Uses the (invoiceId, position) index.
 */
export const servicePeriodSql = (invoiceId: string) => `(
  SELECT CASE WHEN agree THEN s END AS "servicePeriodStart", CASE WHEN agree THEN e END AS "servicePeriodEnd"
  FROM (SELECT min(l."periodStart") AS s, max(l."periodEnd") AS e,
               count(*) > 0 AND count(*) = count(l."periodStart") AND count(*) = count(l."periodEnd")
               AND min(l."periodStart") = max(l."periodStart") AND min(l."periodEnd") = max(l."periodEnd")
               AND max(l."periodEnd") > min(l."periodStart") AS agree
        FROM "InvoiceLine" l WHERE l."invoiceId" = ${invoiceId}) x)`;

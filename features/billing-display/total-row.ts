/** One row of a document's totals block (an invoice's or a credit note's), as the page and the PDF both render it. */
export type TotalRow = { label: string; value: string; strong?: boolean; key: string };

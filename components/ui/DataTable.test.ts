import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DataTable, type Column } from "./DataTable";

type Row = { id: string; name: string; total: string };
const columns: Column<Row>[] = [
  { header: "Name", cell: (r) => r.name, rowHeader: true },
  { header: "Total", cell: (r) => r.total, numeric: true, className: "money" },
];
const render = (rows: Row[], extra: Record<string, unknown> = {}) =>
  renderToStaticMarkup(createElement(DataTable<Row>, { caption: "Invoices", columns, rows, rowKey: (r) => r.id, ...extra }));

describe("DataTable: the list shell", () => {
  it("renders the caption, column headers, a row per item and its cells, numeric columns marked", () => {
    const html = render(
      [
        { id: "a", name: "Ann", total: "€1.00" },
        { id: "b", name: "Bob", total: "€2.00" },
      ],
      { rowProps: (r: Row) => ({ "data-testid": `row-${r.id}` }) },
    );
    expect(html).toContain('<div class="');
    expect(html).toContain('role="region" aria-label="Invoices"');
    expect(html).toContain("<caption>Invoices</caption>");
    expect(html).toContain('<thead><tr><th scope="col">Name</th><th scope="col" data-numeric="true">Total</th></tr></thead>');
    expect(html).toContain('<tr data-testid="row-a"><th scope="row">Ann</th><td data-numeric="true" class="money">€1.00</td></tr>');
    expect(html).toContain('<tr data-testid="row-b"><th scope="row">Bob</th><td data-numeric="true" class="money">€2.00</td></tr>');
  });

  it("gives way to `empty` when there are no rows, and stays a table without it", () => {
    expect(render([], { empty: createElement("p", null, "No invoices") })).toBe("<p>No invoices</p>");
    expect(render([])).toContain("<tbody></tbody>");
  });

  it("labels stacked cells with the column headers on phones when asked", () => {
    const html = render([{ id: "a", name: "Ann", total: "1" }], { stack: true, id: "inv" });
    expect(html).toContain('data-stack="inv"');
    expect(html).toMatch(/\[data-stack="inv"\] tbody tr (>|&gt;) :nth-child\(2\)::before\{content:"Total"\}/);
  });
});

import type { ReactNode } from "react";
import { Table } from "./Table";

/**
 * The one table shell of the lists: a caption, column headers and one row per item, with
 * numeric columns aligned (`data-numeric`) and an optional row header per row. `empty` stands
 * in for the table when there are no rows. Pages give columns and rows, never <table> markup.
 */
export type Column<Row> = {
  /** The column's header; a string also labels the cell when the table stacks into cards on phones. */
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  numeric?: boolean;
  /** Rendered as <th scope="row">: the cell that names the row. */
  rowHeader?: boolean;
  className?: string;
};

export type DataTableProps<Row> = {
  caption: string;
  columns: Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** Extra attributes of a row (a test id). */
  rowProps?: (row: Row) => { "data-testid"?: string; className?: string };
  /** Column headers as card labels at phone widths (Table's stackLabels). */
  stack?: boolean;
  id?: string;
  empty?: ReactNode;
};

export function DataTable<Row>({ caption, columns, rows, rowKey, rowProps, stack, id, empty }: DataTableProps<Row>) {
  if (rows.length === 0 && empty !== undefined) return <>{empty}</>;
  const stackLabels = stack ? columns.map((c) => (typeof c.header === "string" ? c.header : "")) : undefined;
  return (
    <Table caption={caption} stackLabels={stackLabels} id={id}>
      <thead>
        <tr>
          {columns.map((c, i) => (
            <th key={i} scope="col" data-numeric={c.numeric || undefined}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)} {...rowProps?.(row)}>
            {columns.map((c, i) =>
              c.rowHeader ? (
                <th key={i} scope="row" className={c.className}>
                  {c.cell(row)}
                </th>
              ) : (
                <td key={i} data-numeric={c.numeric || undefined} className={c.className}>
                  {c.cell(row)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

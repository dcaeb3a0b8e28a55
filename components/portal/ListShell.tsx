import type { ReactNode } from "react";
import Link from "@/components/ui/Link";
import { Card, EmptyState, Table } from "@/components/ui";
import s from "./portal.module.css";

/** A column of a portal list table: its header, right-aligned when numeric; `stack: false` leaves it out of the phone-width labels. */
export type ListColumn = { label: string; num?: boolean; stack?: boolean };

/** The table shell every portal list shares: caption, header row and the phone-width stacked labels from one column list. */
export function ListTable({ caption, columns, children }: { caption: string; columns: ListColumn[]; children: ReactNode }) {
  return (
    <Table caption={caption} stackLabels={columns.filter((c) => c.stack !== false).map((c) => c.label)}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.label} scope="col" className={c.num ? s.num : undefined}>
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </Table>
  );
}

/** An empty list: a card with a title, a line of body text and an optional action. */
export function EmptyList({ title, body, action }: { title: string; body: string; action?: ReactNode }) {
  return (
    <Card>
      <EmptyState title={title} action={action}>
        <p>{body}</p>
      </EmptyState>
    </Card>
  );
}

export type ListPagerProps = {
  /** The nav's accessible name. */
  label: string;
  firstHref: string;
  firstLabel: string;
  prevHref: string | null;
  prevLabel: string;
  nextHref: string | null;
  nextLabel: string;
  isFirstPage: boolean;
};

/** First / previous / next links under a keyset-paginated list; nothing when there is one page. */
export function ListPager(p: ListPagerProps) {
  if (!p.nextHref && p.isFirstPage) return null;
  return (
    <nav className={s.pager} aria-label={p.label}>
      {!p.isFirstPage ? (
        <span className={s.actions}>
          <Link href={p.firstHref}>{p.firstLabel}</Link>
          {p.prevHref && (
            <Link href={p.prevHref} rel="prev">
              {p.prevLabel}
            </Link>
          )}
        </span>
      ) : (
        <span />
      )}
      {p.nextHref && (
        <Link href={p.nextHref} rel="next">
          {p.nextLabel}
        </Link>
      )}
    </nav>
  );
}

/** The pager's hrefs for a list whose only query parameter is `cursor`. */
export const cursorHrefs = (path: string, page: { prevCursor: string | null; nextCursor: string | null }) => ({
  firstHref: path,
  prevHref: page.prevCursor ? `${path}?cursor=${page.prevCursor}` : null,
  nextHref: page.nextCursor ? `${path}?cursor=${page.nextCursor}` : null,
});

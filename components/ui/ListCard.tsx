import type { ReactNode } from "react";
import { Card } from "./Card";
import s from "./layout.module.css";

/** A card listing related records, one line each, or saying there are none. */
export function ListCard<Item extends { id: string }>({
  title,
  empty,
  items,
  children,
}: {
  title: string;
  empty: string;
  items: readonly Item[];
  children: (item: Item) => ReactNode;
}) {
  return (
    <Card title={title}>
      {items.length === 0 ? (
        <p className={s.meta}>{empty}</p>
      ) : (
        <ul className={s.files}>
          {items.map((item) => (
            <li key={item.id}>{children(item)}</li>
          ))}
        </ul>
      )}
    </Card>
  );
}

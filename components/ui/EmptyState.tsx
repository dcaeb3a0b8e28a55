import type { ReactNode } from "react";
import s from "./ui.module.css";

export function EmptyState({ title, children, action, headingLevel = 2 }: { title: string; children?: ReactNode; action?: ReactNode; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <div className={s.empty}>
      <Heading>{title}</Heading>
      {children && <div>{children}</div>}
      {action}
    </div>
  );
}

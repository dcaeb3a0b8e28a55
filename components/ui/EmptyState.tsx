import type { ReactNode, Ref } from "react";
import s from "./ui.module.css";

export function EmptyState({
  title,
  children,
  action,
  headingLevel = 2,
  headingRef,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
  headingLevel?: 2 | 3;
  /** given when the caller moves focus to the heading (it is then focusable by script only) */
  headingRef?: Ref<HTMLHeadingElement>;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <div className={s.empty}>
      <Heading ref={headingRef} tabIndex={headingRef ? -1 : undefined}>
        {title}
      </Heading>
      {children && <div>{children}</div>}
      {action}
    </div>
  );
}

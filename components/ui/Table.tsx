import type { ReactNode } from "react";
import s from "./ui.module.css";

/** Scrolls horizontally on narrow screens instead of squeezing columns; caption names it. */
export function Table({ caption, children }: { caption: string; children: ReactNode }) {
  return (
    <div className={s.tableWrap} role="region" aria-label={caption} tabIndex={0}>
      <table>
        <caption>{caption}</caption>
        {children}
      </table>
    </div>
  );
}

import { useId, type ReactNode } from "react";
import s from "./ui.module.css";

// `stackLabels` (the column headers, in cell order) turns the table into stacked cards at
// phone widths: each row a card, each cell a "label … value" line, so amounts are never pushed
// off-screen behind a sideways scroll. The labels are written into a scoped style rule
// (nth-child → ::before), so pages do not repeat a data-label on every cell. CSS strings are
// escaped by code point, so no text can end the rule or the <style> element.
const cssString = (v: string) =>
  `"${[...v].map((c) => (/[\w .,:;()%+\u00a0-\uffff-]/.test(c) && c !== "\u2028" && c !== "\u2029" ? c : `\\${c.codePointAt(0)!.toString(16)} `)).join("")}"`;

/** Scrolls horizontally on wide-but-cramped screens; with stackLabels, stacks into cards on phones. */
export function Table({ caption, children, stackLabels, id }: { caption: string; children: ReactNode; stackLabels?: string[]; id?: string }) {
  const auto = useId();
  const key = (id ?? auto).replace(/[^\w-]/g, "");
  const rules = stackLabels?.map((label, i) => `[data-stack="${key}"] tbody tr > :nth-child(${i + 1})::before{content:${cssString(label)}}`).join("");
  return (
    <div
      className={[s.tableWrap, stackLabels ? s.stack : ""].filter(Boolean).join(" ")}
      role="region"
      aria-label={caption}
      tabIndex={0}
      data-stack={stackLabels ? key : undefined}
    >
      {rules && <style>{`@media (max-width: 640px){${rules}}`}</style>}
      <table>
        <caption>{caption}</caption>
        {children}
      </table>
    </div>
  );
}

import type { LineUsageView } from "@/features/billing-display/metered-usage";
import s from "./portal.module.css";

/** Under a line's description: its metered usage for the period and its tier breakdown (en/ru text from billing-display). */
export function LineUsage({ view }: { view: LineUsageView }) {
  if (!view.usage && view.tiers.length === 0) return null;
  return (
    <>
      {view.usage && (
        <span className={s.sub} data-usage>
          {view.usage}
        </span>
      )}
      {view.tiers.map((tier) => (
        <span key={tier} className={s.sub} data-tier>
          {tier}
        </span>
      ))}
    </>
  );
}

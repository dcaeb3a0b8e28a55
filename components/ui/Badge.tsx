import type { ReactNode } from "react";
import s from "./ui.module.css";

export type BadgeTone = "neutral" | "success" | "warning" | "danger" | "info";

export function Badge({ tone = "neutral", children }: { tone?: BadgeTone; children: ReactNode }) {
  return <span className={[s.badge, tone === "neutral" ? "" : s[`badge_${tone}`]].filter(Boolean).join(" ")}>{children}</span>;
}

import type { ReactNode } from "react";
import s from "./ui.module.css";

/** Errors and warnings are announced (role=alert); info and success politely (role=status). */
export function Alert({ tone = "info", title, children }: { tone?: "info" | "success" | "warning" | "danger"; title?: string; children: ReactNode }) {
  const role = tone === "danger" || tone === "warning" ? "alert" : "status";
  return (
    <div role={role} className={`${s.alert} ${s[`alert_${tone}`]}`}>
      {title && <p className={s.alertTitle}>{title}</p>}
      {children}
    </div>
  );
}

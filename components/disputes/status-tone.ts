import type { BadgeTone } from "@/components/ui";

export const statusTone = (status: string): BadgeTone =>
  status === "RESOLVED" ? "success" : status === "REJECTED" ? "neutral" : status === "WAITING_ON_CUSTOMER" ? "warning" : "info";

export const slaTone = (state: string): BadgeTone =>
  state === "breached" ? "danger" : state === "due_soon" ? "warning" : state === "met" ? "success" : "neutral";

/** A billing finding's severity: critical and high need attention first. */
export const severityTone = (severity: string): BadgeTone =>
  severity === "CRITICAL" || severity === "HIGH" ? "danger" : severity === "MEDIUM" ? "warning" : "neutral";

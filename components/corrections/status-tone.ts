import type { BadgeTone } from "@/components/ui";

export const correctionTone = (status: string): BadgeTone =>
  status === "ISSUED"
    ? "success"
    : status === "FAILED" || status === "REJECTED"
      ? "danger"
      : status === "PENDING_APPROVAL" || status === "SUBMITTING"
        ? "warning"
        : status === "VOIDED"
          ? "neutral"
          : "info";

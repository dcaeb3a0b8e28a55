import type { Translate } from "@/lib/i18n";
import type { NavItem } from "./NavLinks";

// Sections are listed here once; later issues add their pages under these paths.
export const portalNav = (t: Translate): NavItem[] => [
  { href: "/", label: t("nav.overview") },
  { href: "/invoices", label: t("nav.invoices") },
  { href: "/payments", label: t("nav.payments") },
  { href: "/credit-notes", label: t("nav.creditNotes") },
  { href: "/disputes", label: t("nav.disputes") },
];

export const deskNav = (t: Translate, role: "AGENT" | "LEAD" | "ADMIN"): NavItem[] => [
  { href: "/desk", label: t("nav.deskHome") },
  { href: "/desk/queue", label: t("nav.queue") },
  { href: "/desk/findings", label: t("nav.findings") },
  // Corrections above the threshold wait here for a lead other than their requester.
  ...(role === "AGENT" ? [] : [{ href: "/desk/approvals", label: t("nav.approvals") }]),
  // The audit dashboard (money at risk, root causes) is for leads and admins (checked server side too).
  ...(role === "AGENT" ? [] : [{ href: "/desk/audit-dashboard", label: t("nav.auditDashboard") }]),
  // Every staff member can watch sync health and reconcile; resync itself is for leads (checked server side).
  { href: "/desk/sync", label: t("nav.sync") },
  { href: "/desk/sync/reconciliation", label: t("nav.reconciliation") },
  ...(role === "AGENT" ? [] : [{ href: "/desk/audit", label: t("nav.audit") }]),
];

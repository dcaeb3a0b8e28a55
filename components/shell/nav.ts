import type { Translate } from "@/lib/i18n";
import type { NavItem } from "./NavLinks";

// Sections are listed here once; later issues add their pages under these paths.
export const portalNav = (t: Translate): NavItem[] => [
  { href: "/", label: t("nav.overview") },
  { href: "/invoices", label: t("nav.invoices") },
  { href: "/subscriptions", label: t("nav.subscriptions") },
  { href: "/next-bill", label: t("nav.nextBill") },
  { href: "/payments", label: t("nav.payments") },
  { href: "/credit-notes", label: t("nav.creditNotes") },
  { href: "/disputes", label: t("nav.disputes") },
];

/** What waits for the signed-in staff member, shown as counts on the nav (features/desk getDeskBadges). */
export type DeskBadgeCounts = { mine: number; unassigned: number; approvals: number };

const badge = (t: Translate, key: "nav.badge.mine" | "nav.badge.unassigned" | "nav.badge.approvals", count: number | undefined) =>
  count ? { badge: { count, label: t(key, { count }) } } : {};

export const deskNav = (t: Translate, role: "AGENT" | "LEAD" | "ADMIN", counts?: DeskBadgeCounts): NavItem[] => [
  { href: "/desk", label: t("nav.deskHome"), ...badge(t, "nav.badge.mine", counts?.mine) },
  { href: "/desk/queue", label: t("nav.queue"), ...badge(t, "nav.badge.unassigned", counts?.unassigned) },
  { href: "/desk/findings", label: t("nav.findings") },
  { href: "/desk/customers", label: t("nav.directory") },
  // Corrections above the threshold wait here for a lead other than their requester.
  ...(role === "AGENT" ? [] : [{ href: "/desk/approvals", label: t("nav.approvals"), ...badge(t, "nav.badge.approvals", counts?.approvals) }]),
  // The audit dashboard (money at risk, root causes) is for leads and admins (checked server side too).
  ...(role === "AGENT" ? [] : [{ href: "/desk/audit-dashboard", label: t("nav.auditDashboard") }]),
  // Every staff member can watch sync health and reconcile; resync itself is for leads (checked server side).
  { href: "/desk/sync", label: t("nav.sync") },
  { href: "/desk/sync/reconciliation", label: t("nav.reconciliation") },
  ...(role === "AGENT" ? [] : [{ href: "/desk/audit", label: t("nav.audit") }]),
];

import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { AppShell } from "@/components/shell/AppShell";
import { RouteTextsProvider } from "@/components/shell/RouteTexts";
import { routeTexts } from "@/components/shell/route-texts";
import { portalNav } from "@/components/shell/nav";
import { guardPage, requireUser } from "@/features/auth/require-user";
import { isStaffRole } from "@/features/auth/roles";
import { getT } from "@/features/auth/request-locale";

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const user = await guardPage(requireUser);
  // Staff work in the desk; the portal is the customer's view.
  if (isStaffRole(user.role)) redirect("/desk");
  const { t, locale } = await getT();
  return (
    <AppShell user={user} nav={portalNav(t)} home="/" t={t} locale={locale}>
      <RouteTextsProvider value={routeTexts(t, "/", "errors.backToOverview")}>{children}</RouteTextsProvider>
    </AppShell>
  );
}

import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/AppShell";
import { RouteTextsProvider } from "@/components/shell/RouteTexts";
import { routeTexts } from "@/components/shell/route-texts";
import { deskNav } from "@/components/shell/nav";
import { assertStaff } from "@/features/auth/actor";
import { getSessionUser } from "@/features/auth/get-session-user";
import { guardPage } from "@/features/auth/require-user";
import { getT } from "@/features/auth/request-locale";
import { loadDeskBadges } from "@/features/desk/page-data";

export default async function DeskLayout({ children }: { children: ReactNode }) {
  // A customer gets a 404 here: the desk's pages are not theirs to discover.
  const user = await guardPage(async () => assertStaff(await getSessionUser(), "AGENT"));
  const [{ t, locale }, counts] = await Promise.all([getT(), loadDeskBadges()]);
  return (
    <AppShell user={user} nav={deskNav(t, user.role, counts)} area={t("nav.deskHome")} home="/desk" t={t} locale={locale}>
      <RouteTextsProvider value={routeTexts(t, "/desk", "errors.backToDesk")}>{children}</RouteTextsProvider>
    </AppShell>
  );
}

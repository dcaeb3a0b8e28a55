import type { ReactNode } from "react";
import { RouteTextsProvider } from "@/components/shell/RouteTexts";
import { routeTexts } from "@/components/shell/route-texts";
import { getT } from "@/features/auth/request-locale";

// The demo's own pages (the mailbox): their error screen speaks the user's language and leads
// back to the sign-in page, where the mailbox is used from.
export default async function DemoLayout({ children }: { children: ReactNode }) {
  const { t } = await getT();
  return <RouteTextsProvider value={routeTexts(t, "/sign-in", "errors.backToSignIn")}>{children}</RouteTextsProvider>;
}

import type { ReactNode } from "react";
import { RouteTextsProvider } from "@/components/shell/RouteTexts";
import { routeTexts } from "@/components/shell/route-texts";
import { getT } from "@/features/auth/request-locale";

// The sign-in pages: no app shell, but their error screen speaks the user's language and leads
// back to the sign-in form.
export default async function AuthLayout({ children }: { children: ReactNode }) {
  const { t } = await getT();
  return <RouteTextsProvider value={routeTexts(t, "/sign-in", "errors.backToSignIn")}>{children}</RouteTextsProvider>;
}

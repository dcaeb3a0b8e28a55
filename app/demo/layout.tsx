import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { isDemo } from "@/lib/env";
import { RouteTextsProvider } from "@/components/shell/RouteTexts";
import { routeTexts } from "@/components/shell/route-texts";
import { getT } from "@/features/auth/request-locale";

// The demo's own pages (the mailbox): their error screen speaks the user's language and leads
// back to the sign-in page, where the mailbox is used from.
// Outside demo mode the demo pages do not exist. Checked here, above the mailbox's loading.tsx:
// a notFound() inside the streamed page would answer 200, not 404.
export default async function DemoLayout({ children }: { children: ReactNode }) {
  if (!isDemo()) notFound();
  const { t } = await getT();
  return <RouteTextsProvider value={routeTexts(t, "/sign-in", "errors.backToSignIn")}>{children}</RouteTextsProvider>;
}

import type { Translate } from "@/lib/i18n";
import type { RouteTexts } from "./RouteTexts";

/** The error screen's words in the user's language, for a shell whose way back is `backHref`. */
export function routeTexts(
  t: Translate,
  backHref: string,
  backKey: "errors.backToOverview" | "errors.backToDesk" | "errors.backToSignIn" | "errors.backHome",
): RouteTexts {
  return {
    title: t("errors.pageTitle"),
    body: t("errors.pageBody"),
    retry: t("errors.retry"),
    back: t(backKey),
    backHref,
    // the placeholder stays for the client to fill in with the error's digest
    reference: t("errors.reference", { digest: "{digest}" }),
  };
}

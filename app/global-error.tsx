"use client";
import { useSyncExternalStore } from "react";
import { RouteError } from "@/components/shell/RouteError";
import { RouteTextsProvider } from "@/components/shell/RouteTexts";
import { browserLanguage, globalErrorTexts } from "@/components/shell/global-error-texts";
import s from "./(auth)/auth.module.css";
import "./globals.css";

const subscribe = () => () => {};

// The root layout itself failed: this replaces it (its own <html> and <body>), in the browser's
// language, with a retry and a way back to the start page.
export default function GlobalError(props: { error: Error & { digest?: string }; reset: () => void }) {
  const lang = useSyncExternalStore(
    subscribe,
    () => browserLanguage(navigator.languages),
    () => "en" as const,
  );
  return (
    <html lang={lang}>
      <body>
        <RouteTextsProvider value={globalErrorTexts[lang]}>
          <main id="main" className={s.page}>
            <div className={s.panel}>
              <RouteError {...props} />
            </div>
          </main>
        </RouteTextsProvider>
      </body>
    </html>
  );
}

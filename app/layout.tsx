import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { getLocale } from "@/features/auth/request-locale";
import { RouteTextsProvider } from "@/components/shell/RouteTexts";
import { routeTexts } from "@/components/shell/route-texts";
import { createT, translate } from "@/lib/i18n";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const locale = await getLocale();
  return {
    title: { default: translate(locale, "app.name"), template: `%s · ${translate(locale, "app.name")}` },
    description: translate(locale, "app.tagline"),
    // Static files in public/. The portal is private: robots.txt and this keep it unindexed.
    icons: {
      icon: [
        { url: "/favicon.ico", sizes: "48x48" },
        { url: "/icon.svg", type: "image/svg+xml" },
      ],
      apple: "/apple-touch-icon.png",
    },
    manifest: "/manifest.webmanifest",
    robots: { index: false, follow: false },
  };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <head>
        {/* Without JavaScript a streamed page stays hidden behind its loading state: this shows it. */}
        <noscript>
          {/* eslint-disable-next-line @next/next/no-css-tags -- a static file that only a browser without JavaScript loads */}
          <link rel="stylesheet" href="/no-script.css" />
        </noscript>
      </head>
      <body>
        {/* app/error.tsx's words; the portal, the desk, sign-in and the demo give their own */}
        <RouteTextsProvider value={routeTexts(createT(locale), "/", "errors.backHome")}>{children}</RouteTextsProvider>
      </body>
    </html>
  );
}

"use client";
import { useRouter } from "next/navigation";
import { startTransition, useEffect, useRef } from "react";
import { EmptyState } from "@/components/ui";
import s from "./shell.module.css";
import { useRouteTexts } from "./RouteTexts";

// Only if a layout forgot the provider: better English than an empty screen.
const FALLBACK = {
  title: "This page could not be shown",
  body: "Something went wrong on our side. Try again, or go back.",
  retry: "Try again",
  back: "Back",
  backHref: "/",
  reference: "Reference for support: {digest}",
};

/**
 * A route's error screen inside the shell (header and navigation stay usable): what happened in
 * plain words, "Try again" (re-renders the page on the server), a way back, and the digest that
 * matches the server's log line. Never the error's message: it may hold internal details.
 */
export function RouteError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const texts = useRouteTexts() ?? FALLBACK;
  const router = useRouter();
  const heading = useRef<HTMLHeadingElement>(null);
  // Focus moves to the message so keyboard and screen-reader users learn what happened.
  useEffect(() => heading.current?.focus(), []);
  return (
    <div className={s.routeState} role="alert">
      <EmptyState
        title={texts.title}
        headingRef={heading}
        action={
          <div className={s.routeActions}>
            <button
              type="button"
              className={s.routeButton}
              onClick={() =>
                startTransition(() => {
                  router.refresh();
                  reset();
                })
              }
            >
              {texts.retry}
            </button>
            <a href={texts.backHref}>{texts.back}</a>
          </div>
        }
      >
        <p>{texts.body}</p>
        {error.digest && <p className={s.reference}>{texts.reference.replace("{digest}", error.digest)}</p>}
      </EmptyState>
    </div>
  );
}

"use client";
import { RouteError } from "@/components/shell/RouteError";
import s from "./(auth)/auth.module.css";

// A failure outside the portal, the desk, sign-in and the demo pages (their own error.tsx come
// first): a panel with a retry and a way to the start page, in the user's language (the root
// layout hands the words down).
export default function RootError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main id="main" className={s.page}>
      <div className={s.panel}>
        <RouteError {...props} />
      </div>
    </main>
  );
}

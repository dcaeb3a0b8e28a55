"use client";
import { RouteError } from "@/components/shell/RouteError";
import s from "./auth.module.css";

// A sign-in page that failed: the panel stays, with a retry and a way back to the sign-in form
// (the texts come from the (auth) layout in the user's language).
export default function AuthError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main id="main" className={s.page}>
      <div className={s.panel}>
        <RouteError {...props} />
      </div>
    </main>
  );
}

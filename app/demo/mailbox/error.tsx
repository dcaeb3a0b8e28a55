"use client";
import { RouteError } from "@/components/shell/RouteError";
import s from "./mailbox.module.css";

// The mailbox failed: the page's frame stays, with a retry and a way back to sign-in.
export default function MailboxError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main id="main" className={s.page}>
      <RouteError {...props} />
    </main>
  );
}

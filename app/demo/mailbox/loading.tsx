import { RouteLoading } from "@/components/shell/RouteLoading";
import s from "./mailbox.module.css";

// While the mailbox loads: the page's frame stays, with the shared status line.
export default function MailboxLoading() {
  return (
    <main id="main" className={s.page}>
      <RouteLoading />
    </main>
  );
}

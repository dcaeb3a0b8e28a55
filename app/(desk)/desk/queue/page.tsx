import { redirect } from "next/navigation";

// The shell's "Queue" link: the dispute queue lives at /desk/disputes.
export default function QueueRedirect() {
  redirect("/desk/disputes");
}

"use client";
import { usePathname, useSearchParams } from "next/navigation";

/** The current page (path and query) as the form's way back; rendered on the server too. */
export function ReturnToInput() {
  const pathname = usePathname();
  const query = useSearchParams().toString();
  return <input type="hidden" name="returnTo" value={query ? `${pathname}?${query}` : pathname} />;
}

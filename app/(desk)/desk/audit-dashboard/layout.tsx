import type { ReactNode } from "react";
import { guardStaffPage } from "@/features/page-guards";

// The 404 is answered here, outside this segment's loading.tsx: a page that has begun to stream
// its loading state can no longer change the status from 200 (features/page-guards).
export default async function Layout({ children }: { children: ReactNode }) {
  await guardStaffPage("LEAD");
  return children;
}

import type { ReactNode } from "react";
import { guardNewCorrection } from "@/features/page-guards";

// The 404 is answered here, outside this segment's loading.tsx: a page that has begun to stream
// its loading state can no longer change the status from 200 (features/page-guards).
export default async function Layout({ children, params }: { children: ReactNode; params: Promise<{ id: string }> }) {
  await guardNewCorrection((await params).id);
  return children;
}

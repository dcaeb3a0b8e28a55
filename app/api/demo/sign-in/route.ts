import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { startDemoSignIn } from "@/features/auth/issue-demo-sign-in-link";

export const dynamic = "force-dynamic";

// Demo picker: a plain form POST, answered with a full-page redirect through next-auth's
// email callback (a client-side router redirect cannot follow a route handler's cookies).
export async function POST(request: Request) {
  const base = env().NEXTAUTH_URL.replace(/\/$/, "");
  const origin = request.headers.get("origin");
  if (origin && origin !== new URL(base).origin) return new Response("Forbidden", { status: 403 });
  const form = await request.formData();
  try {
    const { url } = await startDemoSignIn(String(form.get("email") ?? ""));
    return Response.redirect(url, 303);
  } catch (error) {
    if (isAppError(error)) return new Response("Not found", { status: 404 });
    throw error;
  }
}

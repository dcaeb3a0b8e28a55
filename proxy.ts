import { NextResponse, type NextRequest } from "next/server";

// Convenience only: sends visitors without a session cookie to the sign-in page early, and
// passes the path on so guards can build callbackUrl. Layouts, pages, actions and routes
// check access themselves (features/auth/require-user).
const PUBLIC = [/^\/sign-in(\/|$)/, /^\/demo(\/|$)/, /^\/api(\/|$)/];

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const headers = new Headers(request.headers);
  headers.set("x-settle-path", `${pathname}${search}`);
  const hasSession = request.cookies.has("next-auth.session-token") || request.cookies.has("__Secure-next-auth.session-token");
  if (!hasSession && !PUBLIC.some((re) => re.test(pathname))) {
    const url = request.nextUrl.clone();
    url.pathname = "/sign-in";
    url.search = `?${new URLSearchParams({ callbackUrl: `${pathname}${search}` })}`;
    return NextResponse.redirect(url);
  }
  return NextResponse.next({ request: { headers } });
}

// The Stripe webhook is left out: it needs neither the session nor the path header, and the
// proxy would buffer (up to proxyClientMaxBodySize) and copy every delivery on the hottest path.
export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/stripe/webhook|.*\\.(?:png|svg|ico|css|js)$).*)"],
};

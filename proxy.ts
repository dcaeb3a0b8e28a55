import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { bodyVerdict } from "@/lib/http/body-limits";
import { contentSecurityPolicy, strictTransportSecurity } from "@/lib/http/security-headers";

// Three jobs, none of them access control (layouts, pages, actions and routes check access
// themselves, features/auth/require-user):
// 1. Refuse request bodies a route does not take, before Next reads them (lib/http/body-limits).
// 2. A fresh CSP nonce per request: Next reads it from the request's Content-Security-Policy
//    header and puts it on its own scripts; the response carries the same policy.
// 3. Convenience: visitors without a session cookie go to the sign-in page early, with the
//    path passed on so guards can build callbackUrl.
const PUBLIC = [/^\/sign-in(\/|$)/, /^\/demo(\/|$)/, /^\/api(\/|$)/, /^\/robots\.txt$/, /^\/\.well-known\//, /^\/manifest\.webmanifest$/];

const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

async function hasLiveSession(request: NextRequest): Promise<boolean> {
  const token = SESSION_COOKIES.map((name) => request.cookies.get(name)?.value).find(Boolean);
  if (!token) return false;
  // Only for the rare large upload: one query, so an invented cookie cannot buy 52 MB.
  const [{ findSessionUser }, { getDb }] = await Promise.all([import("@/features/auth/get-session-user"), import("@/lib/db")]);
  return (await findSessionUser(await getDb(), token)) !== null;
}

const refuse = (status: number, message: string) =>
  new NextResponse(`${message}\n`, { status, headers: { "Content-Type": "text/plain; charset=utf-8", Connection: "close" } });

/**
 * A path that is not valid percent-encoded UTF-8 (/invoices/%ff) names nothing; left alone,
 * decoding the route's params fails as a 500. It is answered plainly here instead.
 */
function isDecodable(pathname: string) {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

export async function proxy(request: NextRequest) {
  if (!isDecodable(request.nextUrl.pathname)) return refuse(400, "Bad request: the address is not valid.");
  const verdict = bodyVerdict({
    method: request.method,
    pathname: request.nextUrl.pathname,
    contentLength: request.headers.get("content-length"),
    chunked: request.headers.has("transfer-encoding"),
  });
  if (verdict.kind === "refuse") {
    return refuse(
      verdict.status,
      verdict.status === 413 ? "Request body too large for this address." : verdict.status === 411 ? "Content-Length required." : "Malformed Content-Length.",
    );
  }
  if (verdict.kind === "needs-session" && !(await hasLiveSession(request))) return refuse(413, "Large uploads need a signed-in session.");

  const config = env();
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString("base64");
  const csp = contentSecurityPolicy({
    nonce,
    publicUrl: config.NEXTAUTH_URL,
    stripeApiBase: config.STRIPE_API_BASE,
    development: config.NODE_ENV === "development",
  });
  const hsts = strictTransportSecurity(config.NEXTAUTH_URL);
  const secure = (response: NextResponse) => {
    response.headers.set("Content-Security-Policy", csp);
    if (hsts) response.headers.set("Strict-Transport-Security", hsts);
    return response;
  };

  const { pathname, search } = request.nextUrl;
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (!hasSession && !PUBLIC.some((re) => re.test(pathname))) {
    const url = request.nextUrl.clone();
    url.pathname = "/sign-in";
    url.search = `?${new URLSearchParams({ callbackUrl: `${pathname}${search}` })}`;
    // Next turns a same-host Location into a relative one, so it stays right behind a proxy.
    return secure(NextResponse.redirect(url));
  }
  const headers = new Headers(request.headers);
  headers.set("x-settle-path", `${pathname}${search}`);
  headers.set("content-security-policy", csp);
  return secure(NextResponse.next({ request: { headers } }));
}

// The Stripe webhook is left out: it needs neither the session nor the path header, and the
// proxy would buffer (up to proxyClientMaxBodySize) and copy every delivery on the hottest
// path; its route caps its own body (features/stripe-sync/receive-webhook).
export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/stripe/webhook|.*\\.(?:png|svg|ico|css|js)$).*)"],
};

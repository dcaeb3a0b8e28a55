import NextLink from "next/link";
import type { ComponentProps } from "react";

/**
 * next/link without prefetching; use it for every in-app link.
 *
 * Every Settle page is dynamic (it depends on who is signed in), so a prefetch is never served
 * from a cache: Next 16 sends two requests per visible link (the route tree, then the segment),
 * and each one runs the layout's session check on the server. The invoice list with 25 rows made
 * 38 such requests per view, about 30 times the server work of the page itself; they bought
 * nothing, since there is no loading state to show early. Navigation stays client-side: the
 * page is fetched when the link is followed.
 */
export default function Link(props: ComponentProps<typeof NextLink>) {
  return <NextLink prefetch={false} {...props} />;
}

/** For a client component inside a Link: whether the navigation it started is still pending. */
export { useLinkStatus } from "next/link";

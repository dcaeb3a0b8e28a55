"use client";
import Link, { useLinkStatus } from "@/components/ui/Link";
import { usePathname } from "next/navigation";
import s from "./shell.module.css";

/** `badge`: a count of what waits there; its label says it in words for screen readers. */
export type NavItem = { href: string; label: string; badge?: { count: number; label: string } };

/** Marks the current section with aria-current so it is announced, not only coloured. */
export function NavLinks({ items, label }: { items: NavItem[]; label: string }) {
  const pathname = usePathname();
  const matches = (href: string) => (href === "/" || href === "/desk" ? pathname === href : pathname === href || pathname.startsWith(`${href}/`));
  // Nested sections (/desk/sync and /desk/sync/reconciliation): only the most specific is current.
  const current = items.filter((i) => matches(i.href)).sort((a, b) => b.href.length - a.href.length)[0]?.href;
  const isCurrent = (href: string) => href === current;
  return (
    <nav aria-label={label} className={s.nav}>
      <ul className={s.navList}>
        {items.map((item) => (
          <li key={item.href}>
            <Link href={item.href} className={s.navLink} aria-current={isCurrent(item.href) ? "page" : undefined}>
              {item.label}
              {item.badge && (
                <>
                  {" "}
                  <span className={s.navBadge} aria-hidden="true">
                    {item.badge.count > 99 ? "99+" : item.badge.count}
                  </span>
                  <span className={s.visuallyHidden}> ({item.badge.label})</span>
                </>
              )}
              <Pending />
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * While the page a nav link leads to renders on the server, the link shows a small spinner.
 * Loading feedback without a loading.tsx Suspense boundary: such a boundary streams every
 * document load, which leaves a browser without JavaScript on "Loading…" for good, and turns a
 * "not yours" 404 into a 200 once the fallback has been sent.
 */
function Pending() {
  const { pending } = useLinkStatus();
  return pending ? <span className={s.navPending} aria-hidden="true" /> : null;
}

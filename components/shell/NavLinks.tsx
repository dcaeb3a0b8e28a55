"use client";
import Link from "@/components/ui/Link";
import { usePathname } from "next/navigation";
import s from "./shell.module.css";

export type NavItem = { href: string; label: string };

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
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import s from "./shell.module.css";

export type NavItem = { href: string; label: string };

/** Marks the current section with aria-current so it is announced, not only coloured. */
export function NavLinks({ items, label }: { items: NavItem[]; label: string }) {
  const pathname = usePathname();
  const isCurrent = (href: string) => (href === "/" || href === "/desk" ? pathname === href : pathname === href || pathname.startsWith(`${href}/`));
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

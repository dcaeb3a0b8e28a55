import type { ReactNode } from "react";
import s from "./ui.module.css";

export function Card({ title, titleLevel = 2, children, className }: { title?: string; titleLevel?: 2 | 3; children: ReactNode; className?: string }) {
  const Heading = titleLevel === 2 ? "h2" : "h3";
  return (
    <section className={[s.card, className].filter(Boolean).join(" ")}>
      {title && <Heading className={s.cardTitle}>{title}</Heading>}
      {children}
    </section>
  );
}

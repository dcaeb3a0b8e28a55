import type { AnchorHTMLAttributes, ButtonHTMLAttributes } from "react";
import s from "./ui.module.css";

type Variant = "primary" | "secondary" | "ghost";
const classes = (variant: Variant, block?: boolean, extra?: string) => [s.button, s[variant], block ? s.block : "", extra ?? ""].filter(Boolean).join(" ");

export function Button({
  variant = "primary",
  block,
  className,
  type = "button",
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; block?: boolean }) {
  return <button type={type} className={classes(variant, block, className)} {...rest} />;
}

/** A link that looks like a button (navigation, not an action). */
export function ButtonLink({
  variant = "secondary",
  block,
  className,
  ...rest
}: AnchorHTMLAttributes<HTMLAnchorElement> & { variant?: Variant; block?: boolean }) {
  return <a className={classes(variant, block, className)} {...rest} />;
}

"use client";
import { createContext, useContext, type ReactNode } from "react";

/**
 * The words of a route's error screen, translated by the (server) layout: error.tsx must be a
 * client component and cannot read the user's language itself, but it renders inside the
 * layout, so the layout hands them down here.
 */
export type RouteTexts = { title: string; body: string; retry: string; back: string; backHref: string; reference: string };

const Ctx = createContext<RouteTexts | null>(null);

export function RouteTextsProvider({ value, children }: { value: RouteTexts; children: ReactNode }) {
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useRouteTexts(): RouteTexts | null {
  return useContext(Ctx);
}

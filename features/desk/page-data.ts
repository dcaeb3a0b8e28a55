import "server-only";
import { loadPage as load } from "@/features/auth/load-page";
import { getDeskBadges } from "./get-desk-badges";
import { getDeskInbox } from "./get-desk-inbox";

// Page loaders for app/ (which never imports Prisma).
export const loadDeskInbox = () => load((db, actor) => getDeskInbox(db, { actor }));
export const loadDeskBadges = () => load((db, actor) => getDeskBadges(db, { actor }));

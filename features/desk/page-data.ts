import "server-only";
import { loadPage as load } from "@/features/auth/load-page";
import { getDeskBadges } from "./get-desk-badges";
import { getDeskInbox } from "./get-desk-inbox";
import { getDeskInvoice } from "./get-desk-invoice";
import { searchDirectory } from "./search-directory";

// Page loaders for app/ (which never imports Prisma).
export const loadDeskInbox = () => load((db, actor) => getDeskInbox(db, { actor }));
export const loadDeskBadges = () => load((db, actor) => getDeskBadges(db, { actor }));
export const loadDirectory = (input: { q?: string }) => load((db, actor) => searchDirectory(db, { actor, input }));
export const loadDeskInvoice = (invoiceId: string) => load((db, actor) => getDeskInvoice(db, { actor, invoiceId }));

import { RouteLoading } from "@/components/shell/RouteLoading";
import { getT } from "@/lib/i18n/server";

// Shown inside the shell while this page renders on the server. Portal loading boundaries sit
// beside the pages, never above a document's [id] segment: that segment's layout checks the
// document is the customer's before anything streams, so "not yours" stays an HTTP 404.
export default async function Loading() {
  const { t } = await getT();
  return <RouteLoading label={t("common.loading")} />;
}

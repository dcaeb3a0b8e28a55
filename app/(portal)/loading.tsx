import { RouteLoading } from "@/components/shell/RouteLoading";
import { getT } from "@/lib/i18n/server";

// Shown inside the shell while a page of this area renders on the server.
export default async function Loading() {
  const { t } = await getT();
  return <RouteLoading label={t("common.loading")} />;
}

import { apiRoute } from "@/features/auth/api-route";
import { loadDeskSummary } from "@/features/desk/page-data";

export const dynamic = "force-dynamic";

// Staff only: getDeskSummary checks the role (401 anonymous, 403 customer).
export const GET = apiRoute(async () => Response.json(await loadDeskSummary()));

"use client";
import { RouteError } from "@/components/shell/RouteError";

// An unexpected failure of a page in this area: the shell stays, with a retry and a way back.
export default RouteError;

// Integration tests run against the real Postgres on 127.0.0.1: one database per run,
// migrated with `prisma migrate deploy`, dropped afterwards.
import type { TestProject } from "vitest/node";
import { createThrowawayDatabase } from "./throwaway-database";

export default async function setup(project: TestProject) {
  const { url, drop } = await createThrowawayDatabase("settle_test");
  project.provide("databaseUrl", url);
  return drop;
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

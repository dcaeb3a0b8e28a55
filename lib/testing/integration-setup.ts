// Points lib/db (and anything reading the environment) at the run's database.
import { inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
process.env.LOG_LEVEL ??= "silent";

import type { Emulator } from "../src/emulator";
import { seedDemoScenario } from "./demo";
import { generateScenario as generate } from "./generate";
import type { ScenarioManifest, ScenarioOptions } from "./types";

export { DEFAULT_START, type ScenarioExtras } from "./generate";
export { seedDemoScenario, DEMO_SEED } from "./demo";
export { runScenarioCommand, parseScenarioArgs } from "./cli-scenario";
export type * from "./types";
export { INJECTED_KINDS } from "./types";
export { generateMonthEnd, type MonthEndManifest, type MonthEndOptions } from "./month-end";

/**
 * Generates a deterministic scenario (see generate.ts). `demo: true` (what
 * `stripe:scenario --demo` sends to the control API) runs the fixed demo scenario instead.
 */
export function generateScenario(emulator: Emulator, options: ScenarioOptions & { demo?: boolean }): ScenarioManifest {
  if (options.demo) return seedDemoScenario(emulator, { deliverWebhooks: options.deliverWebhooks });
  return generate(emulator, options);
}

import type { Emulator } from "../src/emulator";
import { seedDemoScenario } from "./demo";
import { payLostInstalment } from "./demo-audit";
import { generateScenario as generate } from "./generate";
import type { ScenarioManifest, ScenarioOptions } from "./types";

export { DEFAULT_START, type ScenarioExtras } from "./generate";
export { seedDemoScenario, DEMO_SEED } from "./demo";
export { payLostInstalment } from "./demo-audit";
export { seedDemoSubscriptions } from "./demo-subscriptions";
export { runScenarioCommand, parseScenarioArgs } from "./cli-scenario";
export type * from "./types";
export { INJECTED_KINDS } from "./types";
export { generateMonthEnd, type MonthEndManifest, type MonthEndOptions } from "./month-end";
export {
  generateSubscriptionHistories,
  type SubscriptionHistoryManifest,
  type SubscriptionHistoryOptions,
  type SubscriptionChange,
  type MeteredUsageRecord,
} from "./subscription-history";
export { generateMeteredSubscription, type MeteredScenario, type MeteredScenarioOptions, type MeteredRenewal } from "./metered";

/**
 * Generates a deterministic scenario (see generate.ts). `demo: true` (what
 * `stripe:scenario --demo` sends to the control API) runs the fixed demo scenario instead, with
 * its lost instalment paid at once (`npm run demo` pays it after Settle's first sync).
 */
export function generateScenario(emulator: Emulator, options: ScenarioOptions & { demo?: boolean }): ScenarioManifest {
  if (options.demo) {
    const manifest = seedDemoScenario(emulator, { deliverWebhooks: options.deliverWebhooks });
    payLostInstalment(emulator, manifest);
    return manifest;
  }
  return generate(emulator, options);
}

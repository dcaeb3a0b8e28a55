export { generateScenario, DEFAULT_START } from "./generate";
export { seedDemoScenario } from "./demo";
export { runScenarioCommand } from "./cli-scenario";
export type * from "./types";
export { INJECTED_KINDS } from "./types";

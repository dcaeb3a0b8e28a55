// Next calls register() once per server start, in the Node runtime and (for proxy.ts) in the edge
// runtime. Settle's start-up (env check, peer address stamp, background work) is Node-only and
// lives in instrumentation-node.ts: behind this condition the edge bundle never includes it.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") await (await import("./instrumentation-node")).registerNode();
}

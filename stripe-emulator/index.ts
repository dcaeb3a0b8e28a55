// Public entry of the Stripe emulator. Settle's tests, demo and benchmarks start it through
// startEmulator(); nothing else here is a stable API.
import { Emulator, type EmulatorOptions } from "./src/emulator";
import { createServer, listen } from "./src/http";

export { Emulator, API_VERSION } from "./src/emulator";
export type { EmulatorOptions, ApiOptions } from "./src/emulator";
export { signPayload, DEFAULT_WEBHOOK_SECRET } from "./src/webhooks";
export type { Faults } from "./src/faults";

export interface StartOptions extends EmulatorOptions {
  /** 0 = random free port; default 12111 */
  port?: number;
  host?: string;
}

export interface RunningEmulator {
  url: string;
  port: number;
  emulator: Emulator;
  close(): Promise<void>;
}

export async function startEmulator(opts: StartOptions = {}): Promise<RunningEmulator> {
  const emulator = new Emulator(opts);
  const server = createServer(emulator);
  const host = opts.host ?? "127.0.0.1";
  const port = await listen(server, opts.port ?? 12111, host);
  const url = `http://${host}:${port}`;
  // The hosted pages are served by this server, so their links point at it.
  if (!opts.publicUrl) emulator.publicUrl = url;
  return {
    url,
    port,
    emulator,
    close: () =>
      new Promise<void>((resolve) => {
        emulator.webhooks.cancelAll();
        // Stop accepting first, then drop every open connection: close() waits for them all.
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}

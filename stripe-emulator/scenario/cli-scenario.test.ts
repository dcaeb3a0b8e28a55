import { createServer, type Server } from "node:http";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../index";
import { parseScenarioArgs, runScenarioCommand } from "./cli-scenario";

describe("scenario CLI", () => {
  let server: Server;
  let url = "";
  const received: unknown[] = [];

  beforeAll(async () => {
    // Stands in for the emulator's control API: records the request, answers a manifest.
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        received.push({ method: req.method, url: req.url, body: JSON.parse(body) });
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ version: 1, seed: 5, invoices: 3, customers: [], injected: [], contracts: [] }));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const addr = server.address();
    url = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("parses flags, with STRIPE_API_BASE as the default URL", () => {
    const c = parseScenarioArgs(["--seed", "7", "--invoices=1000", "--months", "3", "--no-errors", "--out", "m.json"], { STRIPE_API_BASE: "http://x:1/" });
    expect(c).toEqual({ url: "http://x:1", out: "m.json", body: { seed: 7, invoices: 1000, months: 3, injectErrors: false } });
    expect(parseScenarioArgs([], {}).url).toBe("http://127.0.0.1:12111");
    expect(parseScenarioArgs(["--prune-events"], {}).body).toEqual({ seed: 1, injectErrors: true, pruneEvents: true });
    expect(() => parseScenarioArgs(["--seed", "x"], {})).toThrow(/integer/);
    expect(() => parseScenarioArgs(["--bogus"], {})).toThrow(/unknown option/);
  });

  it("posts to /_emulator/scenario and writes the manifest", async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), "scn-")), "manifest.json");
    const code = await runScenarioCommand(["--url", url, "--seed", "5", "--invoices", "3", "--out", out]);
    expect(code).toBe(0);
    expect(received.at(-1)).toEqual({ method: "POST", url: "/_emulator/scenario", body: { seed: 5, invoices: 3, injectErrors: true } });
    expect(JSON.parse(readFileSync(out, "utf8")).seed).toBe(5);
  });

  it("fails cleanly when no emulator listens", async () => {
    expect(await runScenarioCommand(["--url", "http://127.0.0.1:9", "--seed", "1"])).toBe(1);
    expect(await runScenarioCommand(["--nope"])).toBe(2);
  });

  it("drives a real emulator's control API end to end", async () => {
    const run = await startEmulator({ port: 0, seed: 1 });
    try {
      const out = path.join(mkdtempSync(path.join(tmpdir(), "scn-")), "manifest.json");
      expect(await runScenarioCommand(["--url", run.url, "--seed", "9", "--invoices", "40", "--months", "2", "--out", out])).toBe(0);
      const m = JSON.parse(readFileSync(out, "utf8"));
      expect(m.invoices).toBe(40);
      expect(run.emulator.api("GET", "/v1/invoices", { limit: 1 }).body.data).toHaveLength(1);
      expect(await runScenarioCommand(["--url", run.url, "--demo", "--out", out])).toBe(0);
      expect(JSON.parse(readFileSync(out, "utf8")).customers[0].email).toBe("alice@example.com");
    } finally {
      await run.close();
    }
  });
});

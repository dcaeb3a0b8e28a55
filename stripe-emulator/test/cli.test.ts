// The CLI as a user runs it: `serve` in its own process, control commands against it.
import { spawn, execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const CLI = path.resolve(import.meta.dirname, "../cli.ts");
const TSX = ["--import", "tsx", CLI];
let child: ReturnType<typeof spawn>;
let url = "";

beforeAll(async () => {
  child = spawn(process.execPath, [...TSX, "serve", "--port", "0", "--seed", "4", "--rate-429", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on("exit", (code) => reject(new Error(`serve exited ${code}`)));
  });
}, 30_000);
afterAll(() => {
  child.kill("SIGTERM");
});

describe("cli", () => {
  it("serves the API and runs clock / snapshot / reset / restore against it", async () => {
    const auth = { Authorization: "Bearer sk_test_cli", "Content-Type": "application/x-www-form-urlencoded" };
    const created = await (await fetch(`${url}/v1/customers`, { method: "POST", headers: auth, body: "email=cli%40x.test" })).json();
    expect(created.id).toMatch(/^cus_/);
    const clock = await run(process.execPath, [...TSX, "clock", "60", "--url", url]);
    expect(JSON.parse(clock.stdout).now).toBe(created.created + 60);
    const dir = mkdtempSync(path.join(tmpdir(), "emu-"));
    const file = path.join(dir, "snap.json");
    await run(process.execPath, [...TSX, "snapshot", file, "--url", url]);
    expect(JSON.parse(readFileSync(file, "utf8")).store.c.customers[0].email).toBe("cli@x.test");
    await run(process.execPath, [...TSX, "reset", "--url", url]);
    const empty = await (await fetch(`${url}/v1/customers`, { headers: auth })).json();
    expect(empty.data.length).toBe(0);
    await run(process.execPath, [...TSX, "restore", file, "--url", url]);
    const back = await (await fetch(`${url}/v1/customers/${created.id}`, { headers: auth })).json();
    expect(back.email).toBe("cli@x.test");
  }, 60_000);
});

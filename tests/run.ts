/**
 * `deno task test`: starts the suite's shared Spark Connect server (a real one, with Delta),
 * runs every test against it, stops it by pid, and prints the closing `N passed, N failed`.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { startLocalServer, stopLocalServer } from "../src/server/local.ts";

const root = fileURLToPath(new URL("../", import.meta.url));
const stateDir = `${root}tests/out/spark`;
const server = await startLocalServer({ stateDir, port: 15100, memory: "3g" });
console.error(`lakebook tests: Spark Connect server at ${server.url} (log: ${server.logFile})`);

let code = 1;
let summary = "";
try {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["test", "-A", ...Deno.args, "tests/"],
    cwd: root,
    env: { SPARK_REMOTE: server.url, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const decoder = new TextDecoder();
  for await (const chunk of child.stdout) {
    const text = decoder.decode(chunk, { stream: true });
    summary = (summary + text).slice(-4000);
    await Deno.stdout.write(chunk);
  }
  code = (await child.status).code;
} finally {
  await stopLocalServer({ stateDir });
}

const m = /(?:ok|FAILED) \| (\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed/.exec(summary);
console.log(m ? `${m[1]} passed, ${m[2]} failed` : "0 passed, 1 failed");
Deno.exit(m ? code : 1);

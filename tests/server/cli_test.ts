import { match, strictEqual } from "node:assert/strict";
import { lakebook } from "./cli_process.ts";

Deno.test("help lists the spark commands; usage mistakes are one line on stderr", async () => {
  const top = await lakebook(["--help"]);
  strictEqual(top.code, 0);
  match(top.stdout, /spark +install and run a local Spark Connect server/);

  const help = await lakebook(["spark", "--help"]);
  strictEqual(help.code, 0);
  for (const cmd of ["install", "start", "stop", "status", "logs"]) {
    match(help.stdout, new RegExp(`^  ${cmd}\\b`, "m"), cmd);
  }

  const cases: [string[], string][] = [
    [["nope"], 'lakebook: unknown command "nope" (see lakebook --help)\n'],
    [["spark", "nope"], 'lakebook: unknown command "spark nope" (see lakebook spark --help)\n'],
    [
      ["spark", "start", "--port", "x"],
      'lakebook: --port needs a port number (1-65535), got "x" (see lakebook spark --help)\n',
    ],
    [
      ["spark", "start", "--conf", "novalue"],
      'lakebook: --conf needs KEY=VALUE, got "novalue" (see lakebook spark --help)\n',
    ],
    [
      ["spark", "stop", "--bogus"],
      "lakebook: Unknown option '--bogus' (see lakebook spark --help)\n",
    ],
  ];
  for (const [args, stderr] of cases) {
    const result = await lakebook(args);
    strictEqual(result.code, 1, args.join(" "));
    strictEqual(result.stderr, stderr);
    strictEqual(result.stdout, "");
  }
});

Deno.test("logs of a state folder without a server say so in one line", async () => {
  const stateDir = await Deno.makeTempDir({ prefix: "lakebook-server-test-" });
  try {
    const result = await lakebook(["spark", "logs", "--state-dir", stateDir]);
    strictEqual(result.code, 1);
    strictEqual(result.stderr, `lakebook: no server log at ${stateDir}/server.log\n`);
  } finally {
    await Deno.remove(stateDir, { recursive: true });
  }
});

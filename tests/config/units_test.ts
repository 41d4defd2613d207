/** The small pieces under the validator: cron, parameters, positions, suggestions. */
import { deepStrictEqual, strictEqual, throws } from "node:assert/strict";
import { cronError } from "../../src/config/cron.ts";
import { parseYaml } from "../../src/config/load.ts";
import { bindSql, bindText, paramRefs, paramValues } from "../../src/config/params.ts";
import { closest } from "../../src/config/suggest.ts";

Deno.test("cron: Airflow's 5 fields and presets pass, each kind of mistake is named", () => {
  for (const ok of ["0 2 * * *", "*/15 0-6,22-23 1,15 JAN-mar mon-FRI", "0 0 * * 7", "@daily"]) {
    strictEqual(cronError(ok), undefined, ok);
  }
  deepStrictEqual(
    ["0 2 * *", "60 * * * *", "0 2 * * 1-", "0 5-2 * * *", "*/0 * * * *", "0 2 * FOO *", "@dayly"]
      .map(cronError),
    [
      "has 4 fields; a cron expression has 5: minute hour day-of-month month day-of-week",
      "minute 60 is out of range 0-59",
      "day of week '' is not a number or SUN-SAT",
      "hour range '5-2' runs backwards",
      "minute step '0' must be a positive number",
      "month 'FOO' is not a number or JAN-DEC",
      "unknown preset (did you mean '@daily'?)",
    ],
  );
});

Deno.test("params: ${name} binds as a typed SQL literal in expressions and as text in paths", () => {
  const params = {
    as_of: { type: "date", default: "today" },
    who: { type: "string", default: "it's" },
    n: { type: "integer" },
  } as const;
  const values = paramValues(params, { n: "3" }, new Date("2026-05-01T23:00:00Z"));
  deepStrictEqual(values, { as_of: "2026-05-01", who: "it's", n: 3 });
  strictEqual(
    bindSql("datediff(${as_of}, d) > ${n} OR w = ${who}", params, values),
    "datediff(DATE'2026-05-01', d) > 3 OR w = 'it\\'s'",
  );
  strictEqual(bindText("out/as_of=${as_of}", values), "out/as_of=2026-05-01");
  deepStrictEqual(paramRefs("${a} ${b c} ${"), { names: ["a"], bad: ["${b c}", "${"] });
  throws(() => paramValues(params, {}), /'n' has no value and no default/);
  throws(() => paramValues(params, { n: "x" }), /parameter 'n': 'x' is not an integer/);
  throws(() => paramValues(params, { n: "1", nope: "1" }), /unknown parameter 'nope'/);
});

Deno.test("positions: a pointer finds its key or value, a missing key its parent's key", () => {
  const { positions, problems } = parseYaml(
    "name: x\nsink:\n  mode: merge\nsteps:\n  - filter: 'a > 1'\n  - &d {dedupe: 1}\n",
    "x.yaml",
  );
  deepStrictEqual(problems, []);
  deepStrictEqual(positions.at("/sink/mode"), { line: 3, col: 9 });
  deepStrictEqual(positions.at("/sink/mode", "key"), { line: 3, col: 3 });
  deepStrictEqual(positions.at("/sink/keys", "key"), { line: 2, col: 1 });
  deepStrictEqual(positions.at("/steps/0/filter"), { line: 5, col: 13 });
  deepStrictEqual(positions.at("/steps/1/dedupe"), { line: 6, col: 17 });
  deepStrictEqual(positions.at("", "key"), { line: 1, col: 1 });
});

Deno.test("suggestions match case-insensitively and keep the candidate's spelling", () => {
  strictEqual(closest("publishedat", ["rating", "publishedAt"]), "publishedAt");
  strictEqual(closest("RATNG", ["rating"]), "rating");
  strictEqual(closest("zzz", ["rating"]), undefined);
});

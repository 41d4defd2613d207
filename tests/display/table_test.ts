/**
 * Table bundles (DataFrame samples, metrics, records) and the generic `toBundle`/`display`,
 * without a server: exact MIME keys, escaping, the row bound and its note.
 */
import assert from "node:assert/strict";
import { parseDDL } from "../../src/connect/types/mod.ts";
import { JUPYTER_DISPLAY, jupyterApi } from "../../src/display/bundle.ts";
import { display, displayable, displayMetrics, toBundle } from "../../src/display/display.ts";
import { escapeHtml } from "../../src/display/html.ts";
import { sampleBundle } from "../../src/display/table.ts";
import { metricsBundle, recordsBundle } from "../../src/display/values.ts";

const schema = parseDDL("id BIGINT NOT NULL, name STRING, tags ARRAY<STRING>");

Deno.test("a DataFrame's bundle is exactly an HTML table and text, with names and Spark types", () => {
  const bundle = sampleBundle({
    schema,
    cells: [["1", "Zoë", "[a, b]"], ["2", "NULL", "[]"]],
    rows: 20,
  });
  assert.deepEqual(Object.keys(bundle).sort(), ["text/html", "text/plain"]);
  assert.equal(
    bundle["text/html"],
    "<table>\n<thead><tr><th>id<br><small>bigint</small></th><th>name<br><small>string</small>" +
      "</th><th>tags<br><small>array&lt;string&gt;</small></th></tr></thead>\n<tbody>\n" +
      "<tr><td>1</td><td>Zoë</td><td>[a, b]</td></tr>\n" +
      "<tr><td>2</td><td>NULL</td><td>[]</td></tr>\n</tbody>\n</table>\n",
  );
  assert.equal(
    bundle["text/plain"],
    [
      "DataFrame[id: bigint, name: string, tags: array<string>]",
      "+---+----+------+",
      "| id|name|  tags|",
      "+---+----+------+",
      "|  1| Zoë|[a, b]|",
      "|  2|NULL|    []|",
      "+---+----+------+",
    ].join("\n"),
  );
});

Deno.test("HTML escapes every name, type and cell: <script> never reaches the page as markup", () => {
  const bundle = sampleBundle({
    schema: parseDDL("`<script>alert(1)</script>` STRING, `a&b` STRING"),
    cells: [["<script>alert('x')</script>", `"quoted" & <b>bold</b>`]],
    rows: 20,
  }, { truncate: false });
  const html = bundle["text/html"];
  assert.ok(!/<script|<b>/i.test(html), html);
  assert.ok(html.includes("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
  assert.ok(html.includes("&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;"));
  assert.ok(html.includes("<th>a&amp;b<br>"));
  assert.equal(escapeHtml(`<>&"'`), "&lt;&gt;&amp;&quot;&#39;");
  assert.ok(bundle["text/plain"].includes("<script>alert('x')</script>"), "text stays as is");
});

Deno.test("a table shows at most `rows` rows and says when there are more", () => {
  const cells = [["1", "a", "[]"], ["2", "b", "[]"], ["3", "c", "[]"], ["4", "d", "[]"]];
  const more = sampleBundle({ schema, cells, rows: 3 });
  assert.equal(more["text/html"].match(/<tr><td>/g)?.length, 3);
  assert.ok(!more["text/html"].includes("<td>4</td>"));
  assert.ok(more["text/html"].endsWith("<p>only showing top 3 rows</p>\n"));
  assert.ok(more["text/plain"].endsWith("+---+----+----+\nonly showing top 3 rows"));
  const exact = sampleBundle({ schema, cells: cells.slice(0, 3), rows: 3 });
  assert.equal(exact["text/html"].match(/<tr><td>/g)?.length, 3);
  assert.ok(!exact["text/html"].includes("only showing"));
  assert.ok(!exact["text/plain"].includes("only showing"));
  const one = sampleBundle({ schema, cells: cells.slice(0, 2), rows: 1 });
  assert.ok(one["text/plain"].endsWith("only showing top 1 row"));
});

Deno.test("cells are cut at `truncate` characters in HTML and text alike", () => {
  const long = "a review that goes on and on";
  const cut = sampleBundle({ schema: parseDDL("t STRING"), cells: [[long]], rows: 20 });
  assert.ok(cut["text/html"].includes("<td>a review that goe...</td>"));
  assert.ok(cut["text/plain"].includes("|a review that goe...|"));
  const whole = sampleBundle({ schema: parseDDL("t STRING"), cells: [[long]], rows: 20 }, {
    truncate: false,
  });
  assert.ok(whole["text/html"].includes(`<td>${long}</td>`));
});

Deno.test("a step's metrics render as a captioned metric/value table, nested names dotted", () => {
  const result = {
    name: "dedupe <latest>",
    metrics: { rowsIn: 120n, rowsOut: 118, dropped: { duplicates: 2 }, at: new Date(0) },
    df: { notShown: true },
  };
  const bundle = metricsBundle(result);
  assert.deepEqual(Object.keys(bundle).sort(), ["text/html", "text/plain"]);
  assert.equal(
    bundle["text/plain"],
    [
      "dedupe <latest>",
      "+------------------+------------------------+",
      "|metric            |value                   |",
      "+------------------+------------------------+",
      "|rowsIn            |120                     |",
      "|rowsOut           |118                     |",
      "|dropped.duplicates|2                       |",
      "|at                |1970-01-01T00:00:00.000Z|",
      "+------------------+------------------------+",
    ].join("\n"),
  );
  assert.ok(bundle["text/html"].includes("<caption>dedupe &lt;latest&gt;</caption>"));
  assert.ok(!bundle["text/plain"].includes("notShown"));
});

Deno.test("a step result ({ df, quarantined, metrics }) renders its metrics, captioned by step", async () => {
  const result = {
    df: { lazy: true },
    quarantined: { lazy: true },
    metrics: {
      step: "dedupe",
      rowsIn: 200,
      rowsOut: 193,
      rejected: { duplicate: 7 },
      seconds: 0.8,
      details: { keys: ["restaurantId", "reviewId"] },
    },
  };
  const bundle = await toBundle(result);
  assert.equal(
    bundle["text/plain"],
    [
      "dedupe",
      "+------------------+------------------------+",
      "|metric            |value                   |",
      "+------------------+------------------------+",
      "|rowsIn            |200                     |",
      "|rowsOut           |193                     |",
      "|rejected.duplicate|7                       |",
      "|seconds           |0.8                     |",
      "|details.keys      |[restaurantId, reviewId]|",
      "+------------------+------------------------+",
    ].join("\n"),
  );
  assert.deepEqual(await displayMetrics(result.metrics).bundle(), bundle, "the metrics alone too");
});

Deno.test("a list of metrics (a job's steps) renders a row per step", () => {
  const bundle = metricsBundle({
    name: "ingest",
    metrics: [
      { step: "read_source", rowsIn: 200, rowsOut: 198, rejected: { malformed_json: 2 } },
      { step: "dedupe", rowsIn: 198, rowsOut: 191, rejected: { duplicate: 7 } },
    ],
  });
  assert.equal(
    bundle["text/plain"],
    [
      "ingest",
      "+-----------+------+-------+-----------------------+------------------+",
      "|step       |rowsIn|rowsOut|rejected.malformed_json|rejected.duplicate|",
      "+-----------+------+-------+-----------------------+------------------+",
      "|read_source|200   |198    |2                      |null              |",
      "|dedupe     |198   |191    |null                   |7                 |",
      "+-----------+------+-------+-----------------------+------------------+",
    ].join("\n"),
  );
});

Deno.test("records show a column per key, at most `rows` of them, with the note", () => {
  const records = Array.from({ length: 25 }, (_, i) => ({ id: BigInt(i), ...(i ? {} : { x: 1 }) }));
  const bundle = recordsBundle(records);
  assert.equal(bundle["text/html"].match(/<tr><td>/g)?.length, 20);
  assert.ok(bundle["text/html"].includes("<th>x</th>"));
  assert.ok(bundle["text/plain"].includes("|19 |null|"));
  assert.ok(bundle["text/plain"].endsWith("only showing top 20 rows"));
});

Deno.test("toBundle picks the bundle by kind of value", async () => {
  const own = { [JUPYTER_DISPLAY]: () => ({ "text/plain": "mine" }) };
  assert.deepEqual(await toBundle(own), { "text/plain": "mine" });
  const metrics = await toBundle({ step: "read", metrics: { rows: 3 } });
  assert.ok(metrics["text/plain"].startsWith("read\n"));
  const records = await toBundle([{ a: 1 }, { a: 2 }]);
  assert.ok(records["text/html"]?.includes("<th>a</th>"));
  const fields = await toBundle(new Map([["path", "/data"]]));
  assert.ok(fields["text/plain"].includes("|path|/data|"));
  assert.deepEqual(await toBundle(42n), { "text/plain": "42" });
  assert.deepEqual(await toBundle([1, "a", null]), { "text/plain": "[1, a, null]" });
});

Deno.test("displayMetrics and displayable render through the kernel's display method", async () => {
  const shown = displayMetrics({ metrics: { rows: 3n } });
  const bundle = await shown[JUPYTER_DISPLAY]();
  assert.deepEqual(bundle, await shown.bundle());
  assert.ok(bundle["text/html"].includes("<td>rows</td><td>3</td>"));
  assert.equal(Deno.inspect(shown), bundle["text/plain"], "console.log prints the table");
  const any = await displayable({ a: 1 })[JUPYTER_DISPLAY]();
  assert.ok(any["text/plain"].includes("|a  |1    |"));
});

Deno.test("outside the kernel, display() prints the text and Deno.jupyter is never read", async () => {
  assert.equal(jupyterApi(), undefined);
  assert.throws(() => (Deno as unknown as { jupyter: unknown }).jupyter, "it throws out here");
  const printed: unknown[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => printed.push(...args);
  try {
    await display({ name: "write", metrics: { rows: 118n } });
  } finally {
    console.log = log;
  }
  assert.equal(printed.length, 1);
  assert.ok(String(printed[0]).startsWith("write\n+------+-----+"));
});

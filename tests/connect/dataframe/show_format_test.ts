/**
 * The text of `show` and `printSchema`, without a server. Expected texts are Spark's own
 * output for the same cells (the integration test in `show_test.ts` compares with the server).
 */
import assert from "node:assert/strict";
import { cellText, formatShowString, halfWidth, treeString } from "../../../src/connect/show.ts";
import { parseDDL } from "../../../src/connect/types/mod.ts";

Deno.test("a table is right-aligned when truncating, with a minimum width of 3", () => {
  assert.equal(
    formatShowString(["id", "name"], [["1", "Zoë"], ["22", "NULL"]], 20),
    [
      "+---+----+",
      "| id|name|",
      "+---+----+",
      "|  1| Zoë|",
      "| 22|NULL|",
      "+---+----+",
      "",
    ].join("\n"),
  );
});

Deno.test("without truncation cells are left-aligned and never cut", () => {
  const long = "x".repeat(30);
  assert.equal(
    formatShowString(["s"], [[long]], 20, { truncate: false }),
    `+${"-".repeat(30)}+\n|s${" ".repeat(29)}|\n+${"-".repeat(30)}+\n|${long}|\n+${
      "-".repeat(30)
    }+\n`,
  );
});

Deno.test("cells are cut at truncate with ..., below 4 without; names never", () => {
  const text = formatShowString(["a_long_name"], [["abcdefgh"]], 20, { truncate: 5 });
  assert.match(text, /\|a_long_name\|/);
  assert.match(text, /\| {6}ab\.\.\.\|/);
  assert.match(formatShowString(["c"], [["abcdef"]], 20, { truncate: 2 }), /\| ab\|/);
});

Deno.test("more rows than shown add a footer, singular for one row", () => {
  assert.match(formatShowString(["a"], [["1"], ["2"]], 1), /only showing top 1 row$/);
  assert.match(formatShowString(["a"], [["1"], ["2"], ["3"]], 2), /only showing top 2 rows$/);
  assert.doesNotMatch(formatShowString(["a"], [["1"]], 1), /only showing/);
});

Deno.test("wide (CJK) characters count twice when aligning", () => {
  assert.equal(halfWidth("東京"), 4);
  assert.equal(halfWidth("Zoë"), 3);
  const text = formatShowString(["city"], [["東京"], ["Paris"]], 20);
  assert.equal(text.split("\n")[3], "| 東京|");
  assert.equal(text.split("\n")[4], "|Paris|");
});

Deno.test("control characters are escaped so rows stay on one line", () => {
  assert.equal(formatShowString(["t"], [["a\tb\nc"]], 20).split("\n")[3], "|a\\tb\\nc|");
});

Deno.test("vertical mode prints one record per block; no rows says so", () => {
  assert.equal(
    formatShowString(["id", "name"], [["1", "Zoë"]], 20, { vertical: true }),
    "-RECORD 0---\n id   | 1   \n name | Zoë \n",
  );
  assert.equal(formatShowString(["id"], [], 20, { vertical: true }), "(0 rows)");
});

Deno.test("cells: NULL for nulls, bytes in upper-case hex", () => {
  assert.equal(cellText(null), "NULL");
  assert.equal(cellText(new Uint8Array([0x4c, 0x0a, 0xff])), "[4C 0A FF]");
  assert.equal(cellText("x"), "x");
});

Deno.test("printSchema's tree names types, nullability and nested elements", () => {
  const schema = parseDDL(
    "id BIGINT NOT NULL, tags ARRAY<STRING>, m MAP<STRING, INT>, s STRUCT<a: DECIMAL(10,2), b: ARRAY<STRUCT<c: DATE>>>",
  );
  assert.equal(
    treeString(schema),
    [
      "root",
      " |-- id: long (nullable = false)",
      " |-- tags: array (nullable = true)",
      " |    |-- element: string (containsNull = true)",
      " |-- m: map (nullable = true)",
      " |    |-- key: string",
      " |    |-- value: integer (valueContainsNull = true)",
      " |-- s: struct (nullable = true)",
      " |    |-- a: decimal(10,2) (nullable = true)",
      " |    |-- b: array (nullable = true)",
      " |    |    |-- element: struct (containsNull = true)",
      " |    |    |    |-- c: date (nullable = true)",
      "",
    ].join("\n"),
  );
  assert.equal(
    treeString(schema, 1),
    "root\n |-- id: long (nullable = false)\n |-- tags: array (nullable = true)\n" +
      " |-- m: map (nullable = true)\n |-- s: struct (nullable = true)\n",
  );
});

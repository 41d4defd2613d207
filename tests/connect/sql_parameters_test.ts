/**
 * Client-side binding of SQL parameter markers: what is a marker, and the exact literal text
 * of each JS value.
 */
import assert from "node:assert/strict";
import { bindSqlParameters, sqlLiteral } from "../../src/connect/plan/sql_parameters.ts";

Deno.test("positional ? markers take the values in order", () => {
  assert.equal(
    bindSqlParameters("SELECT * FROM t WHERE a = ? AND b = ? OR c IN (?)", [1, "x", null]),
    "SELECT * FROM t WHERE a = 1 AND b = 'x' OR c IN (NULL)",
  );
});

Deno.test("named :markers take the values by name", () => {
  assert.equal(
    bindSqlParameters("SELECT :id, :name, :id_2, :id", { id: 7, name: "ana", id_2: true }),
    "SELECT 7, 'ana', TRUE, 7",
  );
});

Deno.test("markers inside single-quoted strings are left alone, backslash escapes included", () => {
  assert.equal(
    bindSqlParameters("SELECT '?', 'it\\'s ? :a', ?", [1]),
    "SELECT '?', 'it\\'s ? :a', 1",
  );
  assert.equal(bindSqlParameters("SELECT 'a\\\\', ?", [2]), "SELECT 'a\\\\', 2");
  assert.equal(bindSqlParameters("SELECT ':a', :a", { a: 3 }), "SELECT ':a', 3");
});

Deno.test("markers inside double-quoted strings are left alone", () => {
  assert.equal(
    bindSqlParameters('SELECT "? :a \\" ?", ?', [1]),
    'SELECT "? :a \\" ?", 1',
  );
});

Deno.test("markers inside backtick identifiers are left alone, doubled backticks included", () => {
  assert.equal(
    bindSqlParameters("SELECT `a?b`, `x``?``:a`, ? FROM `t?`", [1]),
    "SELECT `a?b`, `x``?``:a`, 1 FROM `t?`",
  );
  assert.equal(bindSqlParameters("SELECT `c\\`, :a", { a: 1 }), "SELECT `c\\`, 1");
});

Deno.test("markers inside -- comments are left alone", () => {
  assert.equal(
    bindSqlParameters("SELECT ? -- is it ? or :a\n, ?", [1, 2]),
    "SELECT 1 -- is it ? or :a\n, 2",
  );
  assert.equal(bindSqlParameters("SELECT ? -- trailing ?", [1]), "SELECT 1 -- trailing ?");
});

Deno.test("markers inside nested /* */ comments are left alone", () => {
  assert.equal(
    bindSqlParameters("SELECT /* a /* ? */ still comment ? */ ?, /*:a*/ ?", [1, 2]),
    "SELECT /* a /* ? */ still comment ? */ 1, /*:a*/ 2",
  );
});

Deno.test(":: casts are kept, after markers too", () => {
  assert.equal(bindSqlParameters("SELECT ?::string, x::int", [7]), "SELECT 7::string, x::int");
  assert.equal(
    bindSqlParameters("SELECT :a::bigint, b::string", { a: 1, string: 9, bigint: 9 }),
    "SELECT 1::bigint, b::string",
  );
});

Deno.test("too many ? markers for the values throw RangeError", () => {
  assert.throws(() => bindSqlParameters("SELECT ?, ?", [1]), RangeError);
  assert.throws(() => bindSqlParameters("SELECT ?", []), /more \? markers than the 0 values/);
});

Deno.test("more values than ? markers throw RangeError", () => {
  assert.throws(() => bindSqlParameters("SELECT ?", [1, 2]), RangeError);
  assert.throws(
    () => bindSqlParameters("SELECT '?'", [1]),
    /1 values given for 0 \? markers/,
  );
});

Deno.test("named markers missing from the args are left as written", () => {
  assert.equal(bindSqlParameters("SELECT :a, :b, :ab", { a: 1 }), "SELECT 1, :b, :ab");
});

Deno.test("inherited object properties are not parameters", () => {
  assert.equal(
    bindSqlParameters("SELECT :toString, :constructor", {}),
    "SELECT :toString, :constructor",
  );
});

Deno.test("with named args, ? is left alone; with positional args, :name is", () => {
  assert.equal(bindSqlParameters("SELECT ?, :a", { a: 1 }), "SELECT ?, 1");
  assert.equal(bindSqlParameters("SELECT ?, :a", [1]), "SELECT 1, :a");
});

Deno.test("a value cannot escape its string literal", () => {
  const nasty = "x' OR 1=1 -- \\'";
  assert.equal(
    bindSqlParameters("SELECT * FROM t WHERE s = ? AND n = ?", [nasty, 2]),
    "SELECT * FROM t WHERE s = 'x\\' OR 1=1 -- \\\\\\'' AND n = 2",
  );
});

Deno.test({
  name: "a raw string R'...\\' ends at its closing quote",
  fn: () => {
    assert.equal(bindSqlParameters("SELECT R'C:\\dir\\', ?", [1]), "SELECT R'C:\\dir\\', 1");
  },
});

Deno.test("NULL, TRUE and FALSE", () => {
  assert.equal(sqlLiteral(null), "NULL");
  assert.equal(sqlLiteral(undefined as never), "NULL");
  assert.equal(sqlLiteral(true), "TRUE");
  assert.equal(sqlLiteral(false), "FALSE");
});

Deno.test("integers that fit 32 bits are INT literals", () => {
  assert.equal(sqlLiteral(5), "5");
  assert.equal(sqlLiteral(0), "0");
  assert.equal(sqlLiteral(-17), "-17");
  assert.equal(sqlLiteral(2147483647), "2147483647");
});

Deno.test({
  name: "the smallest INT, -2147483648, is an INT literal",
  fn: () => {
    assert.equal(sqlLiteral(-2147483648), "-2147483648");
  },
});

Deno.test("larger safe integers are BIGINT literals", () => {
  assert.equal(sqlLiteral(2147483648), "2147483648L");
  assert.equal(sqlLiteral(-2147483649), "-2147483649L");
  assert.equal(sqlLiteral(Number.MAX_SAFE_INTEGER), "9007199254740991L");
});

Deno.test("bigints are BIGINT literals", () => {
  assert.equal(sqlLiteral(5n), "5L");
  assert.equal(sqlLiteral(-(2n ** 63n)), "-9223372036854775808L");
  assert.equal(sqlLiteral(2n ** 63n - 1n), "9223372036854775807L");
});

Deno.test("other numbers are DOUBLE literals in their shortest exact form", () => {
  assert.equal(sqlLiteral(1.5), "1.5D");
  assert.equal(sqlLiteral(-0.25), "-0.25D");
  assert.equal(sqlLiteral(0.1 + 0.2), "0.30000000000000004D");
  assert.equal(sqlLiteral(1e300), "1E300D");
  assert.equal(sqlLiteral(-1.7976931348623157e308), "-1.7976931348623157E308D");
  assert.equal(sqlLiteral(1e-7), "1E-7D");
  assert.equal(sqlLiteral(5e-324), "5E-324D");
  assert.equal(sqlLiteral(2 ** 60), "1152921504606847000D");
});

Deno.test("NaN and infinities are DOUBLE casts", () => {
  assert.equal(sqlLiteral(NaN), "CAST('NaN' AS DOUBLE)");
  assert.equal(sqlLiteral(Infinity), "CAST('Infinity' AS DOUBLE)");
  assert.equal(sqlLiteral(-Infinity), "CAST('-Infinity' AS DOUBLE)");
});

Deno.test("strings escape quotes and backslashes and keep newlines and unicode", () => {
  assert.equal(sqlLiteral("plain"), "'plain'");
  assert.equal(sqlLiteral(""), "''");
  assert.equal(sqlLiteral("it's"), "'it\\'s'");
  assert.equal(sqlLiteral("C:\\dir\\"), "'C:\\\\dir\\\\'");
  assert.equal(sqlLiteral("\\'"), "'\\\\\\''");
  assert.equal(sqlLiteral('say "hi"'), "'say \"hi\"'");
  assert.equal(sqlLiteral("line1\nline2\r\tend"), "'line1\nline2\r\tend'");
  assert.equal(sqlLiteral("café 😀 ünïcode"), "'café 😀 ünïcode'");
  assert.equal(sqlLiteral("-- /* ? :a */"), "'-- /* ? :a */'");
});

Deno.test("a Date is a TIMESTAMP literal of its ISO instant", () => {
  assert.equal(sqlLiteral(new Date(0)), "TIMESTAMP '1970-01-01T00:00:00.000Z'");
  assert.equal(
    sqlLiteral(new Date(Date.UTC(2024, 1, 29, 23, 59, 58, 123))),
    "TIMESTAMP '2024-02-29T23:59:58.123Z'",
  );
});

Deno.test("bytes are X'hex' literals", () => {
  assert.equal(sqlLiteral(new Uint8Array([0, 15, 16, 171, 255])), "X'000f10abff'");
  assert.equal(sqlLiteral(new Uint8Array()), "X''");
});

Deno.test("arrays are ARRAY(...) literals, nested too", () => {
  assert.equal(sqlLiteral([1, 2, 3]), "ARRAY(1, 2, 3)");
  assert.equal(
    sqlLiteral([[1, null], ["a'b"], [], [new Uint8Array([1])]]),
    "ARRAY(ARRAY(1, NULL), ARRAY('a\\'b'), ARRAY(), ARRAY(X'01'))",
  );
});

Deno.test("bound values are rendered as their literals", () => {
  assert.equal(
    bindSqlParameters("SELECT :ts, :tags, :big", {
      ts: new Date(0),
      tags: ["a", "b"],
      big: 2n ** 40n,
    }),
    "SELECT TIMESTAMP '1970-01-01T00:00:00.000Z', ARRAY('a', 'b'), 1099511627776L",
  );
});

Deno.test("an invalid Date throws TypeError", () => {
  assert.throws(() => sqlLiteral(new Date("not a date")), TypeError);
  assert.throws(() => bindSqlParameters("SELECT ?", [new Date(NaN)]), /invalid Date/);
});

Deno.test("maps are MAP(...) and plain objects NAMED_STRUCT(...) literals", () => {
  assert.equal(sqlLiteral(new Map([["a", 1], ["b", null]])), "MAP('a', 1, 'b', NULL)");
  assert.equal(sqlLiteral({ x: 1, y: "z" }), "NAMED_STRUCT('x', 1, 'y', 'z')");
  assert.equal(sqlLiteral(new Map()), "MAP()");
});

Deno.test("class instances and other values throw TypeError", () => {
  assert.throws(() => sqlLiteral(new URL("file:///x") as never), /cannot turn a \[object URL\]/);
  assert.throws(() => sqlLiteral(Symbol("s") as never), TypeError);
  assert.throws(() => bindSqlParameters("SELECT :a", { a: new Set() as never }), TypeError);
});

import { ok, strictEqual, throws } from "node:assert/strict";
import { DataTypeParseError, parseDataType, parseDDL } from "../../../src/connect/types/mod.ts";

/** Parses `input` expecting a `DataTypeParseError` and returns it. */
function parseError(parse: (text: string) => unknown, input: string): DataTypeParseError {
  try {
    parse(input);
  } catch (e) {
    ok(e instanceof DataTypeParseError, `expected a DataTypeParseError, got ${e}`);
    return e;
  }
  throw new Error(`${JSON.stringify(input)} parsed without an error`);
}

Deno.test("a misspelt type names its column and suggests the closest type", () => {
  const e = parseError(parseDDL, "id BIGINT, name strng");
  strictEqual(e.message, "unknown type 'strng' at column 17: did you mean 'string'?");
  strictEqual(e.name, "DataTypeParseError");
  strictEqual(e.offset, 16);
  strictEqual(e.line, 1);
  strictEqual(e.column, 17);
  strictEqual(e.suggestion, "string");
  strictEqual(e.expected, "a data type");
  strictEqual(e.input, "id BIGINT, name strng");
  ok(e instanceof Error);
});

const SCHEMA_ERRORS: [string, string][] = [
  ["a STRNG", "unknown type 'STRNG' at column 3: did you mean 'STRING'?"],
  ["a flaot", "unknown type 'flaot' at column 3: did you mean 'float'?"],
  ["a integr", "unknown type 'integr' at column 3: did you mean 'integer'?"],
  ["a bool", "unknown type 'bool' at column 3: did you mean 'boolean'?"],
  ["a datetime", "unknown type 'datetime' at column 3: did you mean 'timestamp'?"],
  ["a frobnicate", "unknown type 'frobnicate' at column 3: expected a data type"],
  ["a ARRAY<INT", "unexpected end of input at column 12: expected '>'"],
  ["a ARRAY INT", "unexpected 'INT' at column 9: expected '<'"],
  ["a MAP<STRING INT>", "unexpected 'INT' at column 14: expected ','"],
  ["a INT b INT", "unexpected 'b' at column 7: expected ',', NOT NULL, COMMENT or end of input"],
  ["a INT NULL", "unexpected 'NULL' at column 7: expected ',', NOT NULL, COMMENT or end of input"],
  ["a INT,", "unexpected end of input at column 7: expected a column name"],
  ["", "unexpected end of input at column 1: expected a column name"],
  ["123 INT", "unexpected '123' at column 1: expected a column name"],
  ["a-b INT", "unexpected '-' at column 2: expected a data type"],
  ["a INT NOT", "unexpected end of input at column 10: expected NULL"],
  ["a INT NOT NULL NOT NULL", "duplicate NOT at column 16: each option may appear once per field"],
  [
    "a INT COMMENT 'x' COMMENT 'y'",
    "duplicate COMMENT at column 19: each option may appear once per field",
  ],
  [
    "a INT COMMENT x",
    "unexpected 'x' at column 15: expected a quoted comment, as in COMMENT 'text'",
  ],
  ["a INT COMMENT 'x", "unterminated string at column 15: expected ' to close it"],
  ["`a INT", "unterminated quoted name at column 1: expected ` to close it"],
  [
    "a DECIMAL(40,2)",
    "invalid type 'DECIMAL(40,2)' at column 3: decimal precision must be an integer from 1 to 38, got 40",
  ],
  [
    "a DECIMAL(5, 6)",
    "invalid type 'DECIMAL(5, 6)' at column 3: decimal scale must be an integer from 0 to the precision (5), got 6",
  ],
  ["a DECIMAL(5,2,1)", "unexpected ',' at column 14: expected ')'"],
  ["a DECIMAL(x)", "unexpected 'x' at column 11: expected an integer"],
  ["a CHAR", "unexpected end of input at column 7: expected '(', as in CHAR(10)"],
  ["a VARCHAR()", "unexpected ')' at column 11: expected an integer"],
  [
    "a TIME(9)",
    "invalid type 'TIME(9)' at column 3: time precision must be an integer from 0 to 6, got 9",
  ],
  ["a INT(3)", "unexpected '(' at column 6: INT takes no parameters"],
  ["a INTERVAL DAY TO YEAR", "unexpected 'YEAR' at column 19: expected HOUR, MINUTE or SECOND"],
  ["a INTERVAL HOUR TO HOUR", "unexpected 'HOUR' at column 20: expected MINUTE or SECOND"],
  ["a INTERVAL MONTH TO YEAR", "unexpected 'TO' at column 18: INTERVAL MONTH has no later field"],
  ["a STRING COLLATE", "unexpected end of input at column 17: expected a collation name"],
  ["a STRUCT<x INT y INT>", "unexpected 'y' at column 16: expected ',', '>', NOT NULL or COMMENT"],
  ["a STRUCT<1 INT>", "unexpected '1' at column 10: expected a field name"],
];

for (const [input, message] of SCHEMA_ERRORS) {
  Deno.test(`parseDDL(${JSON.stringify(input)}) explains where and what was expected`, () => {
    throws(() => parseDDL(input), { name: "DataTypeParseError", message });
  });
}

Deno.test("an error on a later line names the line and the column within it", () => {
  const e = parseError(parseDDL, "a INT,\n  b strng");
  strictEqual(e.message, "unknown type 'strng' at line 2, column 5: did you mean 'string'?");
  strictEqual(e.line, 2);
  strictEqual(e.column, 5);
  strictEqual(e.offset, 11);
});

Deno.test("parseDataType reports a lone misspelt word as an unknown type", () => {
  throws(() => parseDataType("strng"), {
    message: "unknown type 'strng' at column 1: did you mean 'string'?",
  });
});

Deno.test("parseDataType reports the error of whichever reading got further", () => {
  // As a schema, the text gets to column 10; as a single type, it fails at column 1.
  throws(() => parseDataType("a INT, b strng"), {
    message: "unknown type 'strng' at column 10: did you mean 'string'?",
  });
  // As a single type, the text gets into the array; as a schema, it stops at '<'.
  throws(() => parseDataType("array<strng>"), {
    message: "unknown type 'strng' at column 7: did you mean 'string'?",
  });
  throws(() => parseDataType("map<string,int> x"), {
    message: "unexpected 'x' at column 17: expected end of input",
  });
  throws(() => parseDataType(""), {
    message: "unexpected end of input at column 1: expected a data type",
  });
});

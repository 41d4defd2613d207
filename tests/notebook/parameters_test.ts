/**
 * The TypeScript parameter translator, the parameters-cell scanner and listing, and injection
 * placement, against expected cell sources.
 */
import assert from "node:assert/strict";
import { topLevelDeclarations } from "../../src/notebook/declarations.ts";
import { readNotebook } from "../../src/notebook/ipynb.ts";
import {
  injectParameters,
  listParameters,
  literal,
  parseCliValue,
  translateParameters,
} from "../../src/notebook/parameters.ts";
import { fixture, notebookOf } from "./helpers.ts";

Deno.test("the translator writes every JSON type, dates, and non-JSON numbers as TypeScript", () => {
  const source = translateParameters({
    s: 'a "quoted"\nline',
    n: 42,
    f: -2.5e-7,
    b: false,
    z: null,
    list: [1, "two", [3]],
    obj: { "a key": 1, nested: { ok: true } },
    at: new Date("2024-05-01T00:00:00Z"),
    inf: Infinity,
    nan: NaN,
    big: 12345678901234567890n,
  }, []);
  assert.equal(
    source,
    [
      "// Parameters",
      'let s = "a \\"quoted\\"\\nline";',
      "let n = 42;",
      "let f = -2.5e-7;",
      "let b = false;",
      "let z = null;",
      'let list = [1, "two", [3]];',
      'let obj = {"a key": 1, "nested": {"ok": true}};',
      'let at = new Date("2024-05-01T00:00:00.000Z");',
      "let inf = Infinity;",
      "let nan = NaN;",
      "let big = 12345678901234567890n;",
      "",
    ].join("\n"),
  );
});

Deno.test("each parameter is re-declared with its parameters-cell keyword; a date string becomes a Date", () => {
  const nb = notebookOf([
    'const day = new Date("2024-01-01");\nvar legacy = 1;\nlet n: number = 2;',
    ["parameters"],
  ]);
  const source = injectParameters(nb, { day: "2024-06-30", legacy: 5, n: 3, extra: "x" })
    .cells[1].source;
  assert.equal(
    source,
    '// Parameters\nconst day = new Date("2024-06-30");\nvar legacy = 5;\nlet n = 3;\nlet extra = "x";\n',
  );
});

Deno.test("a date parameter that is not a date, and a name that is not an identifier, are refused", () => {
  const declared = [{ name: "day", type: "Date", keyword: "let" as const }];
  assert.throws(
    () => translateParameters({ day: "soon" }, declared),
    /parameter day: "soon" is not a date/,
  );
  assert.throws(
    () => translateParameters({ "my-name": 1 }, []),
    /"my-name" is not a TypeScript identifier/,
  );
  assert.throws(
    () => translateParameters({ class: 1 }, []),
    /"class" is not a TypeScript identifier/,
  );
  assert.throws(() => literal(new Map()), /cannot write a object/);
});

Deno.test("the parameters cell is listed with types, defaults and help", async () => {
  const list = listParameters(await readNotebook(fixture("params.ipynb")));
  assert.deepEqual(
    list.map((p) => [p.name, p.type, p.default, p.help, p.keyword]),
    [
      ["text", "string", '"default"', "a string", "let"],
      ["count", "number", "1", "", "let"],
      ["ratio", "number", "0.5", "", "let"],
      ["enabled", "boolean", "false", "", "let"],
      ["missing", "string | null", '"set"', "", "let"],
      ["tags", "array", '["a", "b"]', "", "let"],
      ["options", "object", "{ depth: 1 }", "", "let"],
      ["day", "Date", 'new Date("2024-01-01T00:00:00Z")', "the day to load", "const"],
    ],
  );
});

Deno.test("the scanner reads multi-line initializers, generics, templates and skips nested scopes", () => {
  const src = [
    "let a = 1, b = [1,",
    "  2];",
    'var c = { x: "}" } // obj',
    "let d: Map<string, number> = new Map()",
    "let e = a",
    "  + 2",
    'const f = `t ${"}" + `x${1}`} end`; let g = 1 // g',
    "if (a) {",
    "  let inner = 1;",
    "}",
    "const { p, q } = obj;",
    "let h: (x: number) => void = () => {};",
    "/* let fake = 1 */",
    "// let fake2 = 2",
  ].join("\n");
  assert.deepEqual(
    topLevelDeclarations(src).map((d) => [d.keyword, d.name, d.type, d.init, d.comment]),
    [
      ["let", "a", "", "1", ""],
      ["let", "b", "", "[1,\n  2]", ""],
      ["var", "c", "", '{ x: "}" }', "obj"],
      ["let", "d", "Map<string, number>", "new Map()", ""],
      ["let", "e", "", "a\n  + 2", ""],
      ["const", "f", "", '`t ${"}" + `x${1}`} end`', ""],
      ["let", "g", "", "1", "g"],
      ["let", "h", "(x: number) => void", "() => {}", ""],
    ],
  );
});

Deno.test("injection goes after the parameters cell, replaces an earlier injected cell, else goes on top", () => {
  const withParams = notebookOf("1", ["let n = 1;", ["parameters"]], "n");
  const once = injectParameters(withParams, { n: 2 });
  assert.deepEqual(once.cells.map((c) => c.metadata.tags), [[], ["parameters"], [
    "injected-parameters",
  ], []]);
  const twice = injectParameters(once, { n: 3 });
  assert.equal(twice.cells.length, 4);
  assert.equal(twice.cells[2].source, "// Parameters\nlet n = 3;\n");
  assert.deepEqual(twice.metadata.papermill?.parameters, { n: 3 });

  const without = injectParameters(notebookOf("const n = 1;", "n"), { n: 5 });
  assert.deepEqual(without.cells[0].metadata.tags, ["injected-parameters"]);
  // The later `const n` re-declares legally only if the injected one is a const too.
  assert.equal(without.cells[0].source, "// Parameters\nconst n = 5;\n");
});

Deno.test("-p values are read as papermill reads them", () => {
  assert.equal(parseCliValue("42"), 42);
  assert.equal(parseCliValue("-3"), -3);
  assert.equal(parseCliValue("2.5"), 2.5);
  assert.equal(parseCliValue("1e3"), 1000);
  assert.equal(parseCliValue("True"), true);
  assert.equal(parseCliValue("false"), false);
  assert.equal(parseCliValue("None"), null);
  assert.equal(parseCliValue("null"), null);
  assert.equal(parseCliValue("2024-05-01"), "2024-05-01");
  assert.equal(parseCliValue("0x10"), "0x10");
  assert.equal(parseCliValue(""), "");
  assert.equal(parseCliValue("abc"), "abc");
});

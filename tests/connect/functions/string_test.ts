import { deepStrictEqual } from "node:assert/strict";
import {
  base64,
  col,
  concat,
  concat_ws,
  contains,
  endswith,
  format_number,
  format_string,
  initcap,
  instr,
  length,
  levenshtein,
  lit,
  locate,
  lower,
  lpad,
  ltrim,
  octet_length,
  regexp_count,
  regexp_extract,
  regexp_extract_all,
  regexp_like,
  regexp_replace,
  repeat,
  rpad,
  rtrim,
  split,
  split_part,
  startswith,
  substring,
  substring_index,
  translate,
  trim,
  unbase64,
  upper,
} from "../../../src/connect/functions/mod.ts";
import { withSpark } from "../../helpers/spark.ts";
import { assertSameAsSql, plain } from "./eval.ts";

const s = { unresolvedAttribute: { unparsedIdentifier: "s" } };
const str = (v: string) => ({ literal: { string: v } });
const int = (n: number) => ({ literal: { integer: n } });
const fn = (name: string, ...args: unknown[]) => ({
  unresolvedFunction: { functionName: name, arguments: args },
});

Deno.test("string functions take PySpark's arguments in PySpark's order", () => {
  deepStrictEqual(
    plain(regexp_extract("s", "(a)(b)", 2)),
    fn("regexp_extract", s, str("(a)(b)"), int(2)),
  );
  deepStrictEqual(plain(split("s", ",")), fn("split", s, str(","), int(-1)));
  deepStrictEqual(plain(trim("s", lit("x"))), fn("trim", str("x"), s), "trim characters go first");
  deepStrictEqual(plain(concat_ws("-", "s")), fn("concat_ws", str("-"), s));
  deepStrictEqual(plain(locate("b", "s")), fn("locate", str("b"), s, int(1)));
  deepStrictEqual(
    plain(substring("s", 2, "n")),
    fn("substring", s, int(2), {
      unresolvedAttribute: { unparsedIdentifier: "n" },
    }),
  );
  deepStrictEqual(
    plain(regexp_extract_all("s", "p")),
    fn("regexp_extract_all", s, {
      unresolvedAttribute: { unparsedIdentifier: "p" },
    }),
    "a regexp_extract_all pattern is a column, as in PySpark",
  );
});

Deno.test("string functions agree with SQL on text, empty strings, nulls and Unicode", async () => {
  await withSpark(async (spark) => {
    const input = `SELECT * FROM VALUES
      ('Hello World', '  pad me  ', 'a,b,,c', 'x-1_y-22', 3),
      ('', '', '', '', 0),
      (NULL, NULL, NULL, NULL, NULL),
      ('ünïcödé 日本語 🎉', ' ü ', '日,本', 'ß-9', 2)
      AS t(s, p, csv, code, n)`;
    const S = col("s");
    await assertSameAsSql(spark, input, [
      ["length", length("s"), "length(s)"],
      ["octet_length", octet_length("s"), "octet_length(s)"],
      ["lower", lower("s"), "lower(s)"],
      ["upper", upper(S), "upper(s)"],
      ["initcap", initcap("s"), "initcap(s)"],
      ["trim", trim("p"), "trim(p)"],
      ["ltrim", ltrim("p"), "ltrim(p)"],
      ["rtrim", rtrim("p"), "rtrim(p)"],
      ["trim chars", trim("code", lit("x2")), "trim(BOTH 'x2' FROM code)"],
      ["lpad", lpad("s", 8, "*"), "lpad(s, 8, '*')"],
      ["rpad", rpad("s", 3, "é"), "rpad(s, 3, 'é')"],
      ["concat", concat("s", lit("!"), "code"), "concat(s, '!', code)"],
      ["concat_ws", concat_ws("|", "s", "code"), "concat_ws('|', s, code)"],
      ["format_string", format_string("%s=%d", "code", "n"), "format_string('%s=%d', code, n)"],
      ["format_number", format_number(lit(1234567.891), 2), "format_number(1234567.891D, 2)"],
      ["instr", instr("s", "o"), "instr(s, 'o')"],
      ["locate", locate("o", "s", 6), "locate('o', s, 6)"],
      ["substring", substring("s", 2, 4), "substring(s, 2, 4)"],
      ["substring neg", substring("s", -3, 3), "substring(s, -3, 3)"],
      ["substring_index", substring_index("csv", ",", 2), "substring_index(csv, ',', 2)"],
      ["split", split("csv", ","), "split(csv, ',')"],
      ["split limit", split("csv", ",", 2), "split(csv, ',', 2)"],
      ["split_part", split_part("csv", lit(","), lit(2)), "split_part(csv, ',', 2)"],
      [
        "regexp_replace",
        regexp_replace("code", "[0-9]+", "#"),
        "regexp_replace(code, '[0-9]+', '#')",
      ],
      [
        "regexp_extract",
        regexp_extract("code", "(\\w)-(\\d+)", 2),
        "regexp_extract(code, '(\\\\w)-(\\\\d+)', 2)",
      ],
      ["regexp_extract no match", regexp_extract("s", "(zzz)", 1), "regexp_extract(s, '(zzz)', 1)"],
      [
        "regexp_extract_all",
        regexp_extract_all("code", lit("(\\d+)"), 1),
        "regexp_extract_all(code, '(\\\\d+)', 1)",
      ],
      ["regexp_like", regexp_like("s", lit("^[A-Z]")), "regexp_like(s, '^[A-Z]')"],
      ["regexp_count", regexp_count("code", lit("-")), "regexp_count(code, '-')"],
      ["translate", translate("code", "-_", "+"), "translate(code, '-_', '+')"],
      ["repeat", repeat("code", "n"), "repeat(code, n)"],
      ["levenshtein", levenshtein("s", "code"), "levenshtein(s, code)"],
      ["levenshtein threshold", levenshtein("s", "code", 3), "levenshtein(s, code, 3)"],
      ["startswith", startswith("s", lit("ü")), "startswith(s, 'ü')"],
      ["endswith", endswith("s", lit("🎉")), "endswith(s, '🎉')"],
      ["contains", contains("s", lit("o W")), "contains(s, 'o W')"],
      [
        "base64 round trip",
        unbase64(base64("s")).cast("string"),
        "CAST(unbase64(base64(s)) AS STRING)",
      ],
    ]);
  });
});

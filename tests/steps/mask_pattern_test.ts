import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { maskPattern, parseWords, trieRegex } from "../../src/steps/mask_pattern.ts";

/** The pattern as a JavaScript regex (Java's leading flags become RegExp flags). */
function js(pattern: string): RegExp {
  const m = /^\(\?(i|iu)\)/.exec(pattern)!;
  return new RegExp(pattern.slice(m[0].length), "giu");
}

/** Each match replaced by stars of its length, as the Spark plan does. */
function mask(text: string, words: string[], match: "word" | "substring" = "word"): string {
  return text.replace(js(maskPattern(words, match)!), (m) => "*".repeat([...m].length));
}

Deno.test("the words become a trie: shared prefixes once, longer words first", () => {
  strictEqual(trieRegex(["dang", "dangit", "darn"]), "da(?:ng(?:it)?|rn)");
  strictEqual(trieRegex(["ab", "abc", "abd"]), "ab(?:c|d)?");
  strictEqual(trieRegex(["heck"]), "heck");
});

Deno.test("longest word first: 'dangit' is masked whole, not as 'dang' + 'it'", () => {
  strictEqual(mask("dang it, dangit!", ["dang", "dangit"]), "**** it, ******!");
  strictEqual(mask("dang it, dangit!", ["dangit", "dang"]), "**** it, ******!");
  strictEqual(mask("dangit", ["dang", "dangit"], "substring"), "******");
});

Deno.test("case-insensitive, in any script", () => {
  strictEqual(mask("DaNg DANGIT", ["dang", "dangit"]), "**** ******");
  strictEqual(mask("ÉTÉ été Été", ["été"]), "*** *** ***");
  strictEqual(maskPattern(["été"])!.slice(0, 5), "(?iu)");
  strictEqual(maskPattern(["dang"])!.slice(0, 5), "(?i)(");
});

Deno.test("word: only whole words, in any script; substring: anywhere", () => {
  const words = ["dang"];
  strictEqual(mask("dangle dang_ dang1 ñdang dang", words), "dangle dang_ dang1 ñdang ****");
  strictEqual(mask("😀dang😀 (dang) dang-it", words), "😀****😀 (****) ****-it");
  strictEqual(mask("dangle dang_ ñdang", words, "substring"), "****le ****_ ñ****");
});

Deno.test("words with regex characters are taken literally", () => {
  const words = ["a+b", "(x)", "c[d]", "x.y", "\\E", "$5", "a|b", "^^", "{2}", "-minus"];
  const text = "a+b (x) c[d] x.y \\E $5 a|b ^^ {2} -minus | aab xzy c]d";
  strictEqual(
    mask(text, words, "substring"),
    "*** *** **** *** ** ** *** ** *** ****** | aab xzy c]d",
  );
  // A word starting or ending with punctuation is whole when no letter touches it.
  strictEqual(mask("(x) y(x)", ["(x)"]), "*** y(x)");
});

Deno.test("words files: one a line, blank lines and # comments skipped, spaces trimmed", () => {
  deepStrictEqual(parseWords("# comment\ndang\r\n\n  Dangit \n#x\n"), ["dang", "Dangit"]);
  strictEqual(maskPattern([]), undefined);
  strictEqual(maskPattern(["", ""]), undefined);
  strictEqual(maskPattern(["Dang", "dang"]), maskPattern(["dang"]));
});

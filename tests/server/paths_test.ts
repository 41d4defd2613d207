import { strictEqual } from "node:assert/strict";
import { join } from "node:path";
import { defaultServerStateDir, lakebookHome, sparkRuntimeDir } from "../../src/server/paths.ts";
import { withEnv } from "./env.ts";

Deno.test("LAKEBOOK_HOME wins over XDG_CACHE_HOME, which wins over ~/.cache", async () => {
  await withEnv({ LAKEBOOK_HOME: "/x/lb", XDG_CACHE_HOME: "/x/xdg", HOME: "/x/home" }, () => {
    strictEqual(lakebookHome(), "/x/lb");
    strictEqual(defaultServerStateDir(), "/x/lb/server");
    strictEqual(sparkRuntimeDir("4.2.0", "4.4.0"), "/x/lb/spark/4.2.0-delta4.4.0");
  });
  await withEnv({ LAKEBOOK_HOME: undefined, XDG_CACHE_HOME: "/x/xdg", HOME: "/x/home" }, () => {
    strictEqual(lakebookHome(), join("/x/xdg", "lakebook"));
  });
  await withEnv({ LAKEBOOK_HOME: undefined, XDG_CACHE_HOME: undefined, HOME: "/x/home" }, () => {
    strictEqual(lakebookHome(), "/x/home/.cache/lakebook");
  });
  await withEnv({ LAKEBOOK_HOME: "", XDG_CACHE_HOME: "", HOME: "/x/home" }, () => {
    strictEqual(lakebookHome(), "/x/home/.cache/lakebook", "empty values count as unset");
  });
});

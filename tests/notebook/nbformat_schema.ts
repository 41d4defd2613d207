/**
 * The official nbformat 4.5 JSON Schema, found at test time (never committed): in a Python
 * environment under the Lakebook cache that has nbformat (JupyterLab's, from `scripts/lab.sh
 * setup`), else in the nbformat wheel from PyPI (`pip download`, pinned, unpacked into the
 * cache). Notebooks are validated with ajv.
 *
 * The file declares JSON Schema draft-04, which ajv 8 does not load; it uses no keyword whose
 * meaning changed after draft-04 (checked below), so it is validated as draft-07.
 *
 * @module
 */
import { Ajv } from "ajv";
import ajvFormats from "ajv-formats";
import { join } from "node:path";
import { lakebookHome } from "../../src/server/paths.ts";
import { serializeNotebook } from "../../src/notebook/ipynb.ts";
import type { Notebook } from "../../src/notebook/ipynb.ts";

/** The nbformat release whose wheel is downloaded when no environment has one. */
const NBFORMAT_VERSION = "5.11.1";
const SCHEMA_IN_PACKAGE = "nbformat/v4/nbformat.v4.5.schema.json";

let validator: Promise<(nb: Notebook) => string[]> | undefined;

/**
 * The problems nbformat's schema finds in `nb` as saved (serialized, then parsed), as
 * `path: message` lines; empty when valid.
 */
export function nbformatProblems(nb: Notebook): Promise<string[]> {
  validator ??= makeValidator();
  return validator.then((validate) => validate(nb));
}

async function makeValidator(): Promise<(nb: Notebook) => string[]> {
  const schema = JSON.parse(await Deno.readTextFile(await schemaFile()));
  if (!String(schema.$schema).includes("draft-04")) {
    throw new Error(`expected nbformat's draft-04 schema, got ${schema.$schema}`);
  }
  const text = JSON.stringify(schema);
  if (/"(exclusiveMinimum|exclusiveMaximum)"\s*:\s*(true|false)/.test(text)) {
    throw new Error("nbformat's schema uses draft-04 exclusive bounds: validate it as draft-04");
  }
  delete schema.$schema;
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajvFormats.default(ajv);
  const validate = ajv.compile(schema);
  return (nb) => {
    if (validate(JSON.parse(serializeNotebook(nb)))) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || "/"}: ${e.message}`);
  };
}

async function schemaFile(): Promise<string> {
  const home = lakebookHome();
  for (const env of await dirNames(home)) {
    for (const lib of await dirNames(join(home, env, "lib"))) {
      const file = join(home, env, "lib", lib, "site-packages", SCHEMA_IN_PACKAGE);
      if (await isFile(file)) return file;
    }
  }
  const dir = join(home, `nbformat-${NBFORMAT_VERSION}`);
  const file = join(dir, SCHEMA_IN_PACKAGE);
  if (await isFile(file)) return file;
  const python = Deno.env.get("PYTHON") ?? "python3";
  await run(python, [
    "-m",
    "pip",
    "download",
    "--quiet",
    "--no-deps",
    "--only-binary=:all:",
    "--dest",
    dir,
    `nbformat==${NBFORMAT_VERSION}`,
  ]);
  const wheel = (await dirNames(dir, true)).find((n) => n.endsWith(".whl"));
  if (!wheel) throw new Error(`pip download left no nbformat wheel in ${dir}`);
  await run(python, [
    "-c",
    "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract(sys.argv[2], sys.argv[3])",
    join(dir, wheel),
    SCHEMA_IN_PACKAGE,
    dir,
  ]);
  return file;
}

async function run(cmd: string, args: string[]): Promise<void> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  if (!out.success) {
    throw new Error(`${cmd} ${args.join(" ")} failed: ${new TextDecoder().decode(out.stderr)}`);
  }
}

async function dirNames(dir: string, files = false): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) {
      if (files ? e.isFile : e.isDirectory) names.push(e.name);
    }
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  return names.sort();
}

async function isFile(path: string): Promise<boolean> {
  return await Deno.stat(path).then((s) => s.isFile, () => false);
}

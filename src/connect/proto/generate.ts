/**
 * Generates the Spark Connect protobuf code from the `.proto` files inside the
 * `spark-connect` jar that `lakebook spark install` resolved. The generated code lives in
 * `src/connect/proto/gen/` (never committed) and is rebuilt whenever the jar changes.
 *
 * @module
 */
import { fileURLToPath } from "node:url";

/** Where the generated code goes; imported by the client as `./proto/gen/...`. */
export const GENERATED_DIR = fileURLToPath(new URL("./gen/", import.meta.url));

const STAMP = "SOURCE";

/** Options of {@linkcode generateProtos}. */
export interface GenerateOptions {
  /** The `spark-connect_2.13-<version>.jar` holding `spark/connect/*.proto`. */
  connectJar: string;
  /** Output folder; {@linkcode GENERATED_DIR} by default. */
  outDir?: string;
  /** Regenerate even when the stamp says the code is current. */
  force?: boolean;
}

/**
 * Runs `buf generate` with `protoc-gen-es` over the jar (buf reads the jar as a zip archive),
 * unless the code in `outDir` was already generated from the same jar.
 *
 * @example
 * await generateProtos({ connectJar: runtime.connectJar });
 */
export async function generateProtos(opts: GenerateOptions): Promise<"generated" | "current"> {
  const outDir = opts.outDir ?? GENERATED_DIR;
  const stat = await Deno.stat(opts.connectJar);
  const source = `${opts.connectJar} ${stat.size}\n`;
  if (!opts.force && await readText(`${outDir}/${STAMP}`) === source) return "current";

  const tmp = `${outDir.replace(/\/$/, "")}.tmp`;
  await Deno.remove(tmp, { recursive: true }).catch(() => {});
  const template = {
    version: "v2",
    inputs: [{
      zip_archive: opts.connectJar,
      paths: ["spark/connect", "google/rpc/status.proto", "google/rpc/error_details.proto"],
    }],
    plugins: [{
      local: toolPath("protoc-gen-es"),
      out: tmp,
      opt: ["target=ts", "import_extension=ts"],
      include_imports: true,
    }],
  };
  const out = await new Deno.Command(toolPath("buf"), {
    args: ["generate", "--template", JSON.stringify(template)],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    const err = new TextDecoder().decode(out.stderr).trim();
    throw new Error(
      `generating the Spark Connect protobuf code from ${opts.connectJar} failed: ${err}`,
    );
  }
  await Deno.writeTextFile(`${tmp}/${STAMP}`, source);
  await Deno.remove(outDir, { recursive: true }).catch(() => {});
  await Deno.rename(tmp, outDir);
  return "generated";
}

function toolPath(name: string): string {
  return fileURLToPath(new URL(`../../../tools/node_modules/.bin/${name}`, import.meta.url));
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch {
    return undefined;
  }
}

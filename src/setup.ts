/**
 * `deno task setup`: everything Lakebook needs before it runs, idempotent and fast when done:
 * the Spark + Delta runtime jars (Maven, into the per-user cache) and the Spark Connect
 * protobuf code generated from those jars.
 *
 * @module
 */
import { generateProtos } from "./connect/proto/generate.ts";
import { installSpark } from "./server/install.ts";

if (import.meta.main) {
  try {
    const runtime = await installSpark({ log: (line) => console.error(line) });
    const protos = await generateProtos({ connectJar: runtime.connectJar });
    console.error(
      `lakebook: Spark ${runtime.sparkVersion} + Delta ${runtime.deltaVersion} ready ` +
        `(${runtime.source}); Spark Connect protobuf code ${protos}`,
    );
  } catch (err) {
    console.error(`lakebook setup: ${err instanceof Error ? err.message : err}`);
    Deno.exit(1);
  }
}

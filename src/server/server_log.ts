/**
 * Reads the local server's log: readiness, the cause of a failed start, the last lines.
 *
 * @module
 */

/**
 * The line Spark's Connect server logs once it accepts connections.
 *
 * @example
 * const ready = logText.includes(READY_MARKER);
 */
export const READY_MARKER = "Spark Connect server started at";

/**
 * Why a server start failed, when the log says so.
 *
 * @example
 * const failure: StartupFailure | undefined = diagnoseStartupFailure(logText, 15002);
 */
export interface StartupFailure {
  /** What went wrong, for code to act on (a taken port is retried on the next one). */
  kind: "port_taken" | "classes_missing" | "java_too_old" | "out_of_memory" | "jvm_options";
  /** A short phrase for a one-line message. */
  message: string;
}

const FAILURES: [RegExp, StartupFailure["kind"], string][] = [
  [/BindException|Address already in use|Failed to bind/, "port_taken", "port {port} is taken"],
  [
    /UnsupportedClassVersionError|compiled by a more recent version/,
    "java_too_old",
    "the jars need a newer Java (JDK 17+)",
  ],
  [
    /OutOfMemoryError|Could not reserve enough space|Cannot allocate memory|Invalid (maximum|initial) heap size/,
    "out_of_memory",
    "not enough memory for the JVM (set --memory / LAKEBOOK_SPARK_MEMORY)",
  ],
  [
    /Could not find or load main class|ClassNotFoundException|NoClassDefFoundError/,
    "classes_missing",
    "Spark classes are missing (run: lakebook spark install --force)",
  ],
  [
    /Unrecognized option|Could not create the Java Virtual Machine/,
    "jvm_options",
    "the JVM rejected its options",
  ],
];

/**
 * The recognizable cause of a failed start in the log text of that start, if any.
 *
 * @example
 * diagnoseStartupFailure("java.net.BindException: Address already in use", 15002);
 * // { kind: "port_taken", message: "port 15002 is taken" }
 */
export function diagnoseStartupFailure(
  logText: string,
  port: number,
): StartupFailure | undefined {
  for (const [pattern, kind, message] of FAILURES) {
    if (pattern.test(logText)) return { kind, message: message.replace("{port}", String(port)) };
  }
  return undefined;
}

/**
 * The last `n` lines of a text.
 *
 * @example
 * lastLines("a\nb\nc\n", 2); // ["b", "c"]
 */
export function lastLines(text: string, n: number): string[] {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return n <= 0 ? [] : lines.slice(-n);
}

/**
 * Reads a file's bytes from `offset` to its current end, as text with the new offset.
 *
 * @example
 * let offset = 0;
 * const chunk = await readFrom(logFile, offset);
 * offset = chunk.offset;
 */
export async function readFrom(
  path: string,
  offset: number,
): Promise<{ text: string; offset: number }> {
  using file = await Deno.open(path, { read: true });
  const { size } = await file.stat();
  if (size <= offset) return { text: "", offset: size < offset ? 0 : offset };
  await file.seek(offset, Deno.SeekMode.Start);
  const buf = new Uint8Array(size - offset);
  let read = 0;
  while (read < buf.length) {
    const n = await file.read(buf.subarray(read));
    if (n === null) break;
    read += n;
  }
  return { text: new TextDecoder().decode(buf.subarray(0, read)), offset: offset + read };
}

/**
 * Moves `server.log` to `server.log.1` (replacing an older one), so each start has its own log.
 *
 * @example
 * await rotateLog(join(stateDir, "server.log"));
 */
export async function rotateLog(path: string): Promise<void> {
  await Deno.rename(path, `${path}.1`).catch((err) => {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  });
}

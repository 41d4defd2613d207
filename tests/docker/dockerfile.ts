/**
 * A small Dockerfile parser for static checks: joins continuation lines, drops comments and
 * parser directives, and splits each instruction into its keyword, flags and arguments.
 *
 * @module
 */

/** Every Dockerfile instruction Docker knows. */
export const INSTRUCTIONS = new Set([
  "ADD",
  "ARG",
  "CMD",
  "COPY",
  "ENTRYPOINT",
  "ENV",
  "EXPOSE",
  "FROM",
  "HEALTHCHECK",
  "LABEL",
  "MAINTAINER",
  "ONBUILD",
  "RUN",
  "SHELL",
  "STOPSIGNAL",
  "USER",
  "VOLUME",
  "WORKDIR",
]);

/** One instruction. */
export interface Instruction {
  /** Upper-case keyword, e.g. "COPY". */
  keyword: string;
  /** `--name=value` flags (e.g. `from` of `COPY --from=jars`). */
  flags: Record<string, string>;
  /** The rest, split on whitespace (or the items of a JSON array form). */
  args: string[];
  /** 1-based line of its first line. */
  line: number;
}

/** Parses a Dockerfile; throws on an unknown instruction or when the first one is not FROM (or ARG). */
export function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = lines[i];
    if (/^\s*(#.*)?$/.test(line)) continue;
    while (/\\\s*$/.test(line) && i + 1 < lines.length) {
      i++;
      const next = lines[i];
      if (/^\s*#/.test(next)) continue; // comment lines inside a continuation are dropped
      line = line.replace(/\\\s*$/, " ") + next;
    }
    const m = /^\s*(\S+)\s*(.*)$/.exec(line)!;
    const keyword = m[1].toUpperCase();
    if (!INSTRUCTIONS.has(keyword)) {
      throw new Error(`line ${start + 1}: unknown instruction "${m[1]}"`);
    }
    let rest = m[2].trim();
    const flags: Record<string, string> = {};
    for (
      let f = /^--([\w-]+)(?:=(\S*))?\s*/.exec(rest);
      f;
      f = /^--([\w-]+)(?:=(\S*))?\s*/.exec(rest)
    ) {
      if (keyword === "RUN" && f[1] !== "mount" && f[1] !== "network" && f[1] !== "security") break;
      flags[f[1]] = f[2] ?? "";
      rest = rest.slice(f[0].length);
    }
    let args: string[];
    if (rest.startsWith("[")) {
      try {
        args = JSON.parse(rest);
      } catch {
        throw new Error(`line ${start + 1}: ${keyword} has a broken JSON array`);
      }
    } else args = rest.split(/\s+/).filter(Boolean);
    out.push({ keyword, flags, args, line: start + 1 });
  }
  const first = out.find((ins) => ins.keyword !== "ARG");
  if (!first || first.keyword !== "FROM") throw new Error("the first instruction is not FROM");
  return out;
}

/** The values of `ARG NAME=value` lines before and after FROM. */
export function argDefaults(instructions: Instruction[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const ins of instructions.filter((i) => i.keyword === "ARG")) {
    const [name, value] = ins.args[0].split("=");
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** Stage names (`FROM image AS name`). */
export function stageNames(instructions: Instruction[]): string[] {
  return instructions.filter((i) => i.keyword === "FROM" && i.args[1]?.toUpperCase() === "AS")
    .map((i) => i.args[2]);
}

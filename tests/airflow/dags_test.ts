/**
 * The DAG factory (`docker/airflow/dags/`) under real Airflow 3.3 from PyPI, in the venv that
 * `scripts/airflow.sh setup` makes (SQLite, no scheduler): the DAGs it makes, configs it can't
 * read, and a DAG run of the review job against the suite's Spark server.
 *
 * @module
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig, sinksOf } from "../../src/config/mod.ts";
import { CONFIG_SCHEMA } from "../../src/config/schema.ts";
import { listRuns } from "../../src/jobs/history.ts";
import { lakebookHome } from "../../src/server/paths.ts";
import { deltaTable } from "../../src/steps/delta.ts";
import { sharedUrl, withSpark } from "../helpers/spark.ts";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const DAGS = join(REPO, "docker/airflow/dags");

/** The venv of scripts/airflow.sh, for the Airflow version pinned in requirements.txt. */
async function airflowBin(): Promise<string> {
  const pins = await Deno.readTextFile(join(REPO, "docker/airflow/requirements.txt"));
  const version = /^apache-airflow==(\S+)$/m.exec(pins)?.[1];
  const bin = join(lakebookHome(), `airflow-${version}`, "bin", "airflow");
  if (!existsSync(bin)) {
    throw new Error(`no Airflow at ${bin}: run scripts/airflow.sh setup first (CI runs it)`);
  }
  return bin;
}

let home: Promise<string> | undefined;
let homeDir: string | undefined;
globalThis.addEventListener("unload", () => {
  if (homeDir) Deno.removeSync(homeDir, { recursive: true });
});

/** An AIRFLOW_HOME with a migrated SQLite database, made once for this file. */
function airflowHome(): Promise<string> {
  home ??= (async () => {
    homeDir = await Deno.makeTempDir({ prefix: "lakebook-airflow-" });
    const out = await airflow(["db", "migrate"], { root: REPO, home: homeDir });
    strictEqual(out.code, 0, out.stderr);
    return homeDir;
  })();
  return home;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `airflow <args>` on the DAG folder, with `root` as the Lakebook project. */
async function airflow(
  args: string[],
  opts: { root: string; home?: string; env?: Record<string, string> },
): Promise<Run> {
  const out = await new Deno.Command(await airflowBin(), {
    args,
    env: {
      AIRFLOW_HOME: opts.home ?? await airflowHome(),
      AIRFLOW__CORE__DAGS_FOLDER: DAGS,
      AIRFLOW__CORE__LOAD_EXAMPLES: "False",
      // Warnings go to stdout, in the middle of `-o json`.
      PYTHONWARNINGS: "ignore",
      // No __pycache__ written into the repository's DAG folder.
      PYTHONDONTWRITEBYTECODE: "1",
      LAKEBOOK_ROOT: opts.root,
      NO_COLOR: "1",
      ...opts.env,
    },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

interface ListedDag {
  dag_id: string;
  tags: string;
  timetable_summary: string;
  description: string;
}

async function listDags(root: string): Promise<ListedDag[]> {
  const out = await airflow(
    [
      "dags",
      "list",
      "--local",
      "-o",
      "json",
      "--columns",
      "dag_id,tags,timetable_summary,description",
    ],
    { root },
  );
  const dags: ListedDag[] = JSON.parse(out.stdout.trim().split("\n").at(-1)!);
  // Tags print as a Python set, in no set order.
  return dags.map((d) => ({
    ...d,
    tags: [...d.tags.matchAll(/'([^']*)'/g)].map((m) => m[1]).sort().join(","),
  }));
}

async function importErrors(
  root: string,
): Promise<{ code: number; errors: { filepath: string; error: string }[] }> {
  const out = await airflow(["dags", "list-import-errors", "--local", "-o", "json"], { root });
  return { code: out.code, errors: JSON.parse(out.stdout.trim().split("\n").at(-1)!) };
}

/** A project with the repository's configs (and data, with `data: true`), in a temp folder. */
async function projectCopy(data = false): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "lakebook-airflow-project-" });
  const copy = async (from: string, to: string) => {
    await Deno.mkdir(to, { recursive: true });
    for await (const e of Deno.readDir(from)) {
      if (e.isDirectory) await copy(join(from, e.name), join(to, e.name));
      else if (e.isFile) await Deno.copyFile(join(from, e.name), join(to, e.name));
    }
  };
  await copy(join(REPO, "ingestion_config"), join(dir, "ingestion_config"));
  if (data) {
    await copy(join(REPO, "data/sample"), join(dir, "data/sample"));
    await Deno.copyFile(
      join(REPO, "data/inappropriate_words.txt"),
      join(dir, "data/inappropriate_words.txt"),
    );
  }
  return dir;
}

Deno.test("one DAG per config, named, scheduled and described by it, plus <name>.maintain per config writing Delta", async () => {
  const expected: ListedDag[] = [];
  for await (const e of Deno.readDir(join(REPO, "ingestion_config"))) {
    if (!e.name.endsWith(".yaml")) continue;
    const spec = await loadConfig(join(REPO, "ingestion_config", e.name));
    expected.push({
      dag_id: spec.name,
      tags: "job,lakebook",
      timetable_summary: spec.schedule ?? "None",
      description: spec.description ?? "",
    });
    if (spec.quarantine || sinksOf(spec).some((s) => s.format === "delta")) {
      expected.push({
        dag_id: `${spec.name}.maintain`,
        tags: "lakebook,maintenance",
        timetable_summary: "0 0 * * 0", // @weekly
        description: `OPTIMIZE and VACUUM the Delta tables of ${spec.name}`,
      });
    }
  }
  expected.sort((a, b) => a.dag_id < b.dag_id ? -1 : 1);
  ok(expected.length >= 4, "the repository's configs: reviews and review_aggregation");
  deepStrictEqual(await listDags(REPO), expected);
  deepStrictEqual(await importErrors(REPO), { code: 0, errors: [] });
  // The factory's default maintenance schedule is the config schema's.
  const python = await Deno.readTextFile(join(DAGS, "lakebook_configs.py"));
  const schemaDefault = CONFIG_SCHEMA.properties.maintenance.properties.schedule.default;
  ok(python.includes(`MAINTENANCE_SCHEDULE = "${schemaDefault}"`), schemaDefault);
});

Deno.test("configs the factory can't read: the others' DAGs load, each bad one is one import error line naming its file", async () => {
  const root = await projectCopy();
  try {
    const before = (await listDags(root)).map((d) => d.dag_id);
    const dir = join(root, "ingestion_config");
    const reviews = await Deno.readTextFile(join(dir, "reviews.yaml"));
    await Deno.writeTextFile(join(dir, "broken.yaml"), "name: broken\nsource: [unclosed\n");
    await Deno.writeTextFile(
      join(dir, "nightly.yaml"),
      reviews.replace("name: reviews", "name: nightly").replace(
        /^schedule: .*$/m,
        'schedule: "@nightly"',
      ),
    );
    await Deno.writeTextFile(join(dir, "twin.yaml"), reviews);

    deepStrictEqual((await listDags(root)).map((d) => d.dag_id), before);
    const { code, errors } = await importErrors(root);
    strictEqual(code, 1);
    strictEqual(errors.length, 1, JSON.stringify(errors));
    ok(errors[0].filepath.endsWith("lakebook_config_check.py"), errors[0].filepath);
    const lines = errors[0].error.split("\n").filter((l) => l.startsWith("ingestion_config/"));
    deepStrictEqual(lines, [
      "ingestion_config/broken.yaml: not valid YAML at line 3, column 1: expected ',' or ']', but got '<stream end>'",
      "ingestion_config/nightly.yaml: schedule '@nightly' is not a valid schedule: Exactly 5, 6 or 7 columns has to be specified for iterator expression.",
      "ingestion_config/twin.yaml: name 'reviews' is already used by ingestion_config/reviews.yaml",
    ]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

/** The rendered shell command of a DAG's task. */
async function renderedCommand(root: string, dag: string, task: string): Promise<string> {
  const out = await airflow(["tasks", "render", dag, task, "2026-11-24"], { root });
  strictEqual(out.code, 0, out.stderr);
  const lines = out.stdout.split("\n");
  return lines[lines.indexOf("# property: bash_command") + 2];
}

Deno.test("the tasks' commands: lakebook run (--as-of the run's date when the config takes it), the notebook runner for a config naming a notebook", async () => {
  strictEqual(
    await renderedCommand(REPO, "reviews", "run_job"),
    `${REPO}run lakebook run ${REPO}ingestion_config/reviews.yaml`,
  );
  const root = await projectCopy();
  try {
    const dir = join(root, "ingestion_config");
    const reviews = await Deno.readTextFile(join(dir, "reviews.yaml"));
    await Deno.writeTextFile(
      join(dir, "reviews_nb.yaml"),
      reviews.replace("name: reviews", "name: reviews_nb") +
        "notebook: notebooks/ingest_reviews.ipynb\n",
    );
    strictEqual(
      await renderedCommand(root, "review_aggregation", "run_job"),
      `lakebook run ${dir}/review_aggregation.yaml --as-of 2026-11-24`,
    );
    const out = `${root}/.lakebook/notebooks/reviews_nb`;
    strictEqual(
      await renderedCommand(root, "reviews_nb", "run_notebook"),
      `mkdir -p ${out} && lakebook notebook run ${root}/notebooks/ingest_reviews.ipynb ` +
        `${out}/20261124T000000.ipynb --cwd ${root} -p config ${dir}/reviews_nb.yaml ` +
        "-p as_of 2026-11-24 --log-output",
    );
    strictEqual(
      await renderedCommand(root, "reviews.maintain", "maintain"),
      `lakebook maintain ${dir}/reviews.yaml`,
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("airflow dags test runs the review DAG: lakebook run against Spark writes the Delta table and the run record", async () => {
  const root = await projectCopy(true);
  const env = {
    SPARK_REMOTE: sharedUrl(),
    AIRFLOW_VAR_LAKEBOOK_COMMAND:
      `${Deno.execPath()} run -A --config ${REPO}deno.json ${REPO}src/cli.ts`,
  };
  try {
    const run = await airflow(["dags", "test", "reviews", "2026-11-24"], { root, env });
    strictEqual(run.code, 0, run.stdout.slice(-3000) + run.stderr.slice(-3000));
    const [record] = await listRuns({ root: join(root, ".lakebook/history"), job: "reviews" });
    strictEqual(record?.status, "succeeded");
    ok(record.reconciliation?.balanced);
    const rows = await withSpark(async (spark) =>
      await (await spark.sql(
        `SELECT count(*) AS n FROM ${deltaTable(join(root, "data/output/reviews"))}`,
      ))
        .collect()
    );
    ok(Number(rows[0].n) > 0, `rows: ${rows[0].n}`);
    strictEqual(record.config.path, join(root, "ingestion_config/reviews.yaml"));

    // A failing run fails the task (and, with retries left, puts it up for retry; `tasks
    // test` itself exits 0): the aggregation's source table is missing here.
    await Deno.remove(join(root, "data/output/reviews"), { recursive: true });
    const failed = await airflow(
      ["tasks", "test", "review_aggregation", "run_job", "2026-11-24"],
      { root, env },
    );
    const log = failed.stdout + failed.stderr;
    ok(log.includes("Bash command failed. The command returned a non-zero exit code 1."), log);
    ok(log.includes("new_state=up_for_retry"), log.slice(-2000));
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

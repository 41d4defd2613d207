/**
 * A notebook read from `s3://` and its executed copy written to `s3://`, through the real CLI
 * against a real S3-compatible server (tests/helpers/s3.ts).
 */
import assert from "node:assert/strict";
import { parseNotebook, serializeNotebook } from "../../src/notebook/ipynb.ts";
import { Storage } from "../../src/storage/mod.ts";
import { startS3Server } from "../helpers/s3.ts";
import { lakebook } from "../server/cli_process.ts";
import {
  assertNbformat,
  codeCell,
  notebookOf,
  plainTexts,
  streamText,
  tempDir,
} from "./helpers.ts";

Deno.test("notebook run reads its notebook from s3:// and saves the executed one to s3://", async () => {
  await using s3 = await startS3Server();
  using storage = new Storage({ endpoint: s3.endpoint, credentials: s3.credentials });
  const [dir, cleanup] = await tempDir();
  try {
    const input = `s3://${s3.bucket}/notebooks/report.ipynb`;
    const output = `s3://${s3.bucket}/runs/2026-11-25/report.ipynb`;
    await storage.write(
      input,
      serializeNotebook(
        notebookOf(['let day = "none";', ["parameters"]], "console.log(day); 6 * 7"),
      ),
    );
    const r = await lakebook(
      ["notebook", "run", input, output, "-p", "day", "2026-11-25", "--history", dir],
      { env: s3.env },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /; saved s3:\/\/.*\/runs\/2026-11-25\/report\.ipynb\n$/);
    const saved = parseNotebook(await storage.readText(output), output);
    assert.equal(streamText(codeCell(saved, 2)), "2026-11-25\n");
    assert.deepEqual(plainTexts(saved.cells[2]), ["42"]);
    assert.equal(saved.metadata.papermill?.input_path, input);
    assert.equal(saved.metadata.papermill?.output_path, output);
    await assertNbformat(saved);
    const history = await lakebook(["history", "--history", dir, "--json"]);
    const [record] = JSON.parse(history.stdout);
    assert.deepEqual(
      [record.kind, record.job, record.notebook.input, record.notebook.output],
      ["notebook", "report", input, output],
    );
    assert.equal(JSON.stringify(record).includes(s3.credentials.secretAccessKey), false);
  } finally {
    await cleanup();
  }
});

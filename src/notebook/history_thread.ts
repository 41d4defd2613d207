/**
 * The worker side of {@linkcode HistoryWriter} (`history_writer.ts`): loads the history store
 * as soon as the worker starts, then writes each run it is sent and answers with the record's
 * path or the error's message.
 *
 * @module
 */
import { writeNotebookRunRecord } from "./history.ts";
import type { HistoryReply, HistoryRequest } from "./history_writer.ts";

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<HistoryRequest>) => void) | null;
  postMessage(message: HistoryReply): void;
};

scope.onmessage = async ({ data: { id, run, error, root } }) => {
  try {
    if (error) run.error = Object.assign(new Error(error.message), error);
    const { path } = await writeNotebookRunRecord(run, root);
    scope.postMessage({ id, path });
  } catch (err) {
    scope.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
};

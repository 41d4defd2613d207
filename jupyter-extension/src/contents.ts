/** Reading and writing project files through Jupyter's Contents API (no server extension). */
import type { Contents } from '@jupyterlab/services';

/** The folder of configs and the run-history store, relative to the server root. */
export const CONFIG_DIR = 'ingestion_config';
export const HISTORY_DIR = '.lakebook/history';
export const SCHEMA_PATH = `${CONFIG_DIR}/config.schema.json`;

/** Whether an error from the Contents API is a 404. */
export function isNotFound(err: unknown): boolean {
  const status = (err as { response?: { status?: number } })?.response?.status;
  return status === 404;
}

/** The items of a folder (without their content), or undefined when the folder is missing. */
export async function listDir(
  contents: Contents.IManager,
  path: string
): Promise<Contents.IModel[] | undefined> {
  try {
    const model = await contents.get(path, { content: true });
    return model.type === 'directory' ? (model.content as Contents.IModel[]) : undefined;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** A text file's content. */
export async function readText(contents: Contents.IManager, path: string): Promise<string> {
  const model = await contents.get(path, { content: true, type: 'file', format: 'text' });
  return String(model.content);
}

/** Runs `fn` over `items`, at most `limit` at a time. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * The output flush after a cell. The Deno kernel (2.9) queues a cell's outputs (streams,
 * results, displays) and publishes them after its `idle` when there are many, each message
 * carrying the parent of the request the kernel is running *when it is sent*: a cell printing
 * 100,000 lines is still publishing for ~25 s after its reply, labelled with whatever ran next.
 * The queue is first in, first out, so a silent request that prints a random token on stdout and
 * stderr, sent right behind the cell, marks the end of the cell's outputs: everything published
 * under the flush request before both tokens belongs to the cell.
 *
 * @example
 * ```ts
 * const flush = new OutputFlush(client, outputs);
 * client.onIopub(flush.message.header.msg_id, (m) => flush.handle(m));
 * client.request("shell", flush.message).catch(() => {});
 * await flush.done;
 * ```
 *
 * @module
 */
import type { KernelClient } from "./kernel.ts";
import type { KernelMessage } from "./messages.ts";
import type { CellOutputs } from "./outputs.ts";

const OUTPUT_TYPES = new Set([
  "stream",
  "display_data",
  "execute_result",
  "update_display_data",
  "clear_output",
  "error",
]);

/**
 * A flush request for one cell, and the routing of what is published under it.
 *
 * @example
 * const flush = new OutputFlush(kernel.client, outputs);
 */
export class OutputFlush {
  /** The silent `execute_request` to send on shell right after the cell's. */
  readonly message: KernelMessage;
  /** Resolves once both tokens have been published: the cell's outputs are all in. */
  readonly done: Promise<void>;
  readonly #outputs: CellOutputs;
  readonly #token: string;
  readonly #pending = new Set(["stdout", "stderr"]);
  #resolve!: () => void;

  /**
   * Makes the flush request for the cell collected by `outputs`.
   *
   * @example
   * const flush = new OutputFlush(kernel.client, outputs);
   */
  constructor(client: KernelClient, outputs: CellOutputs) {
    this.#outputs = outputs;
    this.#token = `lakebook-flush-${crypto.randomUUID()}`;
    const token = JSON.stringify(this.#token);
    this.message = client.message("execute_request", {
      code: `console.log(${token}); console.error(${token});`,
      silent: true,
      store_history: false,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: false,
    });
    this.done = new Promise((resolve) => this.#resolve = resolve);
  }

  /**
   * Handles an IOPub message whose parent is the flush request: outputs go to the cell, the
   * tokens are taken out.
   *
   * @example
   * client.onIopub(flush.message.header.msg_id, (m) => flush.handle(m));
   */
  handle(msg: KernelMessage): void {
    if (!OUTPUT_TYPES.has(msg.header.msg_type)) return;
    if (msg.header.msg_type === "stream") {
      const name = String(msg.content.name);
      const lines = String(msg.content.text ?? "").split(/(?<=\n)/);
      const kept = lines.filter((line) => line.trimEnd() !== this.#token);
      if (kept.length < lines.length) this.#pending.delete(name);
      if (kept.join("") !== "") {
        this.#outputs.handle({ ...msg, content: { ...msg.content, text: kept.join("") } });
      }
      if (this.#pending.size === 0) this.#resolve();
      return;
    }
    this.#outputs.handle(msg);
  }
}

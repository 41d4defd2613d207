/**
 * The pieces below the runner, without a kernel: the nbformat model, signed Jupyter messages,
 * ZMTP framing, the Deno version check, and output collection from IOPub messages.
 */
import assert from "node:assert/strict";
import { newMarkdownCell, parseNotebook, serializeNotebook } from "../../src/notebook/ipynb.ts";
import { decodeMessage, encodeMessage, type KernelMessage } from "../../src/notebook/messages.ts";
import { checkDenoVersion } from "../../src/notebook/deno_version.ts";
import { KernelStartError } from "../../src/notebook/kernel_errors.ts";
import { CellOutputs, DisplayRegistry } from "../../src/notebook/outputs.ts";
import { encodeFrames, ZmtpSocket } from "../../src/notebook/zmtp.ts";
import { codeCell, notebookOf, plainTexts, streamText } from "./helpers.ts";

Deno.test("Deno older than 2.9.0 is refused with the reason; 2.9.0 and later pass", () => {
  assert.throws(
    () => checkDenoVersion("deno 2.8.4 (stable, release, x86_64-unknown-linux-gnu)\nv8 14.0"),
    (err) =>
      err instanceof KernelStartError &&
      err.message ===
        "Deno 2.8.4 is too old for the notebook runner: the Deno kernel before 2.9.0 reports " +
          "failing cells as success; upgrade to Deno 2.9.0 or later",
  );
  assert.throws(() => checkDenoVersion("1.46.3"), /too old/);
  assert.equal(checkDenoVersion("deno 2.9.0"), "2.9.0");
  assert.equal(checkDenoVersion("deno 2.10.1 (stable)"), "2.10.1");
  assert.equal(checkDenoVersion("3.0.0"), "3.0.0");
  assert.throws(() => checkDenoVersion("not deno"), /cannot read a Deno version/);
});

Deno.test("nbformat: multi-line fields are lists of lines on disk and strings in memory", () => {
  const nb = notebookOf("a\nb\n");
  nb.cells.push(newMarkdownCell("# Title\ntext"));
  codeCell(nb, 0).outputs = [
    { output_type: "stream", name: "stdout", text: "x\ny" },
    {
      output_type: "display_data",
      data: { "text/plain": "1\n2", "image/png": "iVBOR", "application/json": { a: 1 } },
      metadata: {},
    },
  ];
  const text = serializeNotebook(nb);
  const disk = JSON.parse(text);
  assert.deepEqual(disk.cells[0].source, ["a\n", "b\n"]);
  assert.deepEqual(disk.cells[0].outputs[0].text, ["x\n", "y"]);
  assert.deepEqual(disk.cells[0].outputs[1].data, {
    "application/json": { a: 1 },
    "image/png": "iVBOR",
    "text/plain": ["1\n", "2"],
  });
  assert.deepEqual(Object.keys(disk), ["cells", "metadata", "nbformat", "nbformat_minor"]);
  assert.ok(text.endsWith("}\n"));
  assert.deepEqual(parseNotebook(text), nb);
});

Deno.test("nbformat: old minor versions get cell ids; other formats are refused", () => {
  const nb = parseNotebook(JSON.stringify({
    nbformat: 4,
    nbformat_minor: 2,
    metadata: {},
    cells: [{ cell_type: "code", source: ["1"], metadata: {}, outputs: [] }],
  }));
  assert.equal(nb.nbformat_minor, 5);
  assert.match(nb.cells[0].id ?? "", /^[0-9a-f-]{36}$/);
  assert.throws(
    () => parseNotebook('{"nbformat":3,"worksheets":[]}', "old.ipynb"),
    /old.ipynb: not an nbformat 4/,
  );
  assert.throws(() => parseNotebook("{", "bad.ipynb"), /bad.ipynb: not JSON/);
});

Deno.test("signed messages round-trip; a wrong key or a tampered frame is dropped", () => {
  const msg: KernelMessage = {
    header: {
      msg_id: "m1",
      session: "s",
      username: "u",
      date: "2024-01-01T00:00:00Z",
      msg_type: "execute_request",
      version: "5.3",
    },
    parent_header: {},
    metadata: {},
    content: { code: "1 + 1" },
    buffers: [new Uint8Array([1, 2])],
  };
  const frames = encodeMessage("secret", msg);
  assert.equal(new TextDecoder().decode(frames[0]), "<IDS|MSG>");
  const decoded = decodeMessage("secret", [new Uint8Array([9]), ...frames]);
  assert.deepEqual(decoded?.content, { code: "1 + 1" });
  assert.deepEqual(decoded?.buffers, [new Uint8Array([1, 2])]);
  assert.equal(decodeMessage("other", frames), undefined);
  const tampered = [...frames];
  tampered[5] = new TextEncoder().encode('{"code":"Deno.exit()"}');
  assert.equal(decodeMessage("secret", tampered), undefined);
});

Deno.test("ZMTP frames carry MORE on all but the last, and 8-byte sizes past 255 bytes", () => {
  const bytes = encodeFrames([new Uint8Array([7]), new Uint8Array(300)]);
  assert.deepEqual([...bytes.subarray(0, 3)], [0x01, 1, 7]);
  assert.equal(bytes[3], 0x02);
  assert.equal(new DataView(bytes.buffer).getBigUint64(4), 300n);
  assert.equal(bytes.length, 3 + 9 + 300);
});

function iopub(type: string, content: Record<string, unknown>): KernelMessage {
  return {
    header: {
      msg_id: crypto.randomUUID(),
      session: "k",
      username: "k",
      date: "2024-01-01T00:00:00Z",
      msg_type: type,
      version: "5.3",
    },
    parent_header: { msg_id: "req" },
    metadata: {},
    content,
    buffers: [],
  };
}

Deno.test("outputs: streams merge, clear_output(wait) waits for the next output, updates reach other cells", () => {
  const nb = notebookOf("a", "b");
  const displays = new DisplayRegistry();
  const first = new CellOutputs(codeCell(nb, 0), displays);
  first.handle(
    iopub("display_data", {
      data: { "text/plain": "v1" },
      metadata: {},
      transient: { display_id: "d" },
    }),
  );
  const second = new CellOutputs(codeCell(nb, 1), displays);
  second.handle(iopub("stream", { name: "stdout", text: "x" }));
  second.handle(iopub("stream", { name: "stdout", text: "y\n" }));
  second.handle(iopub("stream", { name: "stderr", text: "e\n" }));
  assert.equal(codeCell(nb, 1).outputs.length, 2);
  assert.equal(streamText(nb.cells[1]), "xy\n");
  second.handle(iopub("clear_output", { wait: true }));
  assert.equal(codeCell(nb, 1).outputs.length, 2, "wait: nothing cleared yet");
  second.handle(
    iopub("update_display_data", {
      data: { "text/plain": "v2" },
      metadata: {},
      transient: { display_id: "d" },
    }),
  );
  second.handle(
    iopub("execute_result", { data: { "text/plain": "3" }, metadata: {}, execution_count: 2 }),
  );
  assert.deepEqual(plainTexts(nb.cells[1]), ["3"]);
  assert.equal(streamText(nb.cells[1]), "");
  assert.deepEqual(plainTexts(nb.cells[0]), ["v2"], "the update reached the first cell");
});

Deno.test("outputs: an error in the reply is shown, and replaced by IOPub's when that comes late", () => {
  const nb = notebookOf("x");
  const outputs = new CellOutputs(codeCell(nb, 0), new DisplayRegistry());
  outputs.handle(iopub("status", { execution_state: "idle" }));
  outputs.reply(
    iopub("execute_reply", {
      status: "error",
      ename: "Error",
      evalue: "Execution failed",
      traceback: [],
      execution_count: 1,
    }),
  );
  assert.equal(outputs.error?.evalue, "Execution failed");
  outputs.handle(
    iopub("error", { ename: "TypeError", evalue: "late", traceback: ["TypeError: late"] }),
  );
  assert.equal(codeCell(nb, 0).outputs.length, 1);
  assert.equal(outputs.error?.ename, "TypeError");
  assert.equal(codeCell(nb, 0).execution_count, 1);
  assert.deepEqual(Object.keys(codeCell(nb, 0).metadata.execution ?? {}).sort(), [
    "iopub.status.idle",
    "shell.execute_reply",
  ]);
});

Deno.test("a SUB socket answers each batch of messages it reads with its subscription", async () => {
  // A publisher holding its next message until the last is acknowledged (the Deno kernel under
  // Nagle) is answered at once: the SUB sends its subscription again after each batch it reads.
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  const accepted = listener.accept();
  const connecting = ZmtpSocket.connect("SUB", "127.0.0.1", port);
  const conn = await accepted;
  listener.close();
  const read = async (n: number) => {
    const buf = new Uint8Array(n);
    for (let at = 0; at < n;) at += (await conn.read(buf.subarray(at))) ?? Infinity;
    return buf;
  };
  // Fails instead of hanging when nothing comes back (not a speed check: 10 s is plenty).
  const answer = async () => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const none = new Promise<never>((_, reject) =>
      timer = setTimeout(() => reject(new Error("the SUB socket sent nothing back")), 10_000)
    );
    try {
      return [...await Promise.race([read(3), none])];
    } finally {
      clearTimeout(timer);
    }
  };
  const subscribe = [0x00, 0x01, 0x01];
  const enc = new TextEncoder();
  const greeting = new Uint8Array(64);
  greeting.set([0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0x7f, 3, 0]);
  greeting.set(enc.encode("NULL"), 12);
  const ready = [5, ...enc.encode("READY"), 11, ...enc.encode("Socket-Type"), 0, 0, 0, 3];
  await conn.write(greeting);
  await read(64);
  await conn.write(encodeFrames([new Uint8Array([...ready, ...enc.encode("PUB")])], true));
  await read(2 + ready.length + 3); // the SUB's READY
  const sub = await connecting;
  try {
    assert.deepEqual([...await read(3)], subscribe, "the subscription after the handshake");
    const messages = sub[Symbol.asyncIterator]();
    await conn.write(encodeFrames([enc.encode("one")]));
    assert.equal(new TextDecoder().decode((await messages.next()).value[0]), "one");
    assert.deepEqual(await answer(), subscribe, "acknowledged after the first message");
    await conn.write(encodeFrames([enc.encode("two")]));
    assert.equal(new TextDecoder().decode((await messages.next()).value[0]), "two");
    assert.deepEqual(await answer(), subscribe, "acknowledged after the second message");
  } finally {
    sub.close();
    conn.close();
  }
});

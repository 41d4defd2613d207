import { strictEqual } from "node:assert/strict";
import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import {
  acceptLargeFrames,
  FLOW_CONTROL_WINDOW,
  MAX_FRAME_SIZE,
} from "../../src/connect/http2_frames.ts";

/** The SETTINGS_MAX_FRAME_SIZE a loopback HTTP/2 server receives from a client session. */
async function advertisedFrameSize(settings: http2.Settings): Promise<number | undefined> {
  const seen = Promise.withResolvers<number | undefined>();
  const server = http2.createServer();
  server.on("session", (s) => s.once("remoteSettings", (r) => seen.resolve(r.maxFrameSize)));
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as AddressInfo;
  const client = http2.connect(`http://127.0.0.1:${port}`, { settings });
  try {
    return await seen.promise;
  } finally {
    client.close();
    await new Promise((ok) => server.close(ok));
  }
}

Deno.test("our channels' sessions accept 1 MiB frames; other sessions keep the default", async () => {
  acceptLargeFrames();
  acceptLargeFrames(); // a second call changes nothing
  strictEqual(
    await advertisedFrameSize({ initialWindowSize: FLOW_CONTROL_WINDOW }),
    MAX_FRAME_SIZE,
  );
  const other = await advertisedFrameSize({ initialWindowSize: 65_535 });
  strictEqual(other === undefined || other === 16_384, true, `got ${other}`);
});

/**
 * Spark Connect connection strings: defaults, every parameter, and errors that name the bad
 * part without printing the token.
 */
import assert from "node:assert/strict";
import {
  ConnectionStringError,
  DEFAULT_MAX_MESSAGE_SIZE,
  DEFAULT_PORT,
  parseConnectionString,
  redactUrl,
  target,
} from "../../src/connect/url.ts";

const TOKEN = "s3cr3t-T0KEN";

/** Parses `url`, expecting a ConnectionStringError; returns its message. */
function failure(url: string): string {
  let caught: unknown;
  try {
    parseConnectionString(url);
  } catch (e) {
    caught = e;
  }
  assert.ok(
    caught instanceof ConnectionStringError,
    `${url}: expected a ConnectionStringError, got ${caught}`,
  );
  assert.equal(caught.name, "ConnectionStringError");
  assert.ok(!caught.message.includes(TOKEN), `the message prints the token: ${caught.message}`);
  return caught.message;
}

Deno.test("a bare host gets the default port, plaintext, the lakebook user agent and 128 MiB messages", () => {
  const opts = parseConnectionString("sc://spark.example");
  assert.equal(opts.host, "spark.example");
  assert.equal(opts.port, 15002);
  assert.equal(DEFAULT_PORT, 15002);
  assert.equal(opts.useSsl, false);
  assert.equal(opts.userAgent, "lakebook");
  assert.equal(opts.token, undefined);
  assert.equal(opts.sessionId, undefined);
  assert.equal(opts.maxMessageSize, 128 * 1024 * 1024);
  assert.equal(opts.maxMessageSize, DEFAULT_MAX_MESSAGE_SIZE);
  assert.deepEqual(opts.metadata, {});
});

Deno.test("the user id defaults to the OS user", () => {
  const expected = Deno.env.get("USER") ?? Deno.env.get("USERNAME") ?? "lakebook";
  assert.equal(parseConnectionString("sc://h").userId, expected);
});

Deno.test("a trailing slash and empty parameters are accepted", () => {
  assert.equal(parseConnectionString("sc://h/").host, "h");
  const opts = parseConnectionString("sc://h:1234/;;user_id=ana;");
  assert.equal(opts.port, 1234);
  assert.equal(opts.userId, "ana");
});

Deno.test("every spec parameter is read", () => {
  const session = "00112233-4455-6677-8899-AABBCCDDEEFF";
  const opts = parseConnectionString(
    `sc://spark.example:443/;token=${TOKEN};use_ssl=true;user_id=ana;user_agent=notebook%2F1.0;` +
      `session_id=${session};grpc_max_message_size=1048576`,
  );
  assert.deepEqual(opts, {
    host: "spark.example",
    port: 443,
    token: TOKEN,
    useSsl: true,
    userId: "ana",
    userAgent: "notebook/1.0",
    sessionId: session,
    maxMessageSize: 1048576,
    metadata: {},
  });
});

Deno.test("a token turns TLS on for a remote host", () => {
  assert.equal(parseConnectionString(`sc://spark.example/;token=${TOKEN}`).useSsl, true);
  assert.equal(parseConnectionString(`sc://10.1.2.3:15002/;token=${TOKEN}`).useSsl, true);
});

Deno.test("a token keeps plaintext on loopback hosts", () => {
  for (const host of ["localhost", "127.0.0.1", "[::1]"]) {
    const opts = parseConnectionString(`sc://${host}:15002/;token=${TOKEN}`);
    assert.equal(opts.useSsl, false, host);
    assert.equal(opts.token, TOKEN);
  }
});

Deno.test("an explicit use_ssl overrides what the token implies", () => {
  assert.equal(
    parseConnectionString(`sc://spark.example/;token=${TOKEN};use_ssl=false`).useSsl,
    false,
  );
  assert.equal(parseConnectionString("sc://localhost/;use_ssl=true").useSsl, true);
  assert.equal(parseConnectionString(`sc://localhost/;use_ssl=TRUE;token=${TOKEN}`).useSsl, true);
  assert.equal(parseConnectionString("sc://spark.example/;use_ssl=False").useSsl, false);
});

Deno.test("IPv6 hosts are written in brackets and stored without them", () => {
  const v6 = parseConnectionString(`sc://[2001:db8::1]:15003/;token=${TOKEN}`);
  assert.equal(v6.host, "2001:db8::1");
  assert.equal(v6.port, 15003);
  assert.equal(v6.useSsl, true, "a token on a non-loopback IPv6 host means TLS");
  assert.equal(target(v6), "[2001:db8::1]:15003");

  const loop = parseConnectionString("sc://[::1]");
  assert.equal(loop.host, "::1");
  assert.equal(loop.port, 15002);
  assert.equal(target(loop), "[::1]:15002");
  assert.equal(target(parseConnectionString("sc://h:7")), "h:7");
});

Deno.test("unknown parameters become lower-cased metadata with their values intact", () => {
  const opts = parseConnectionString("sc://h/;X-Request-Tag=Nightly%20Run;tenant=Acme;user_id=ana");
  assert.deepEqual(opts.metadata, { "x-request-tag": "Nightly Run", tenant: "Acme" });
  assert.equal(opts.userId, "ana");
});

Deno.test("percent-encoded values are decoded", () => {
  const opts = parseConnectionString("sc://h/;user_id=ana%20maria;user_agent=a%3Bb");
  assert.equal(opts.userId, "ana maria");
  assert.equal(opts.userAgent, "a;b");
});

Deno.test("a URL without sc:// is refused", () => {
  assert.match(failure(`http://spark.example:15002/;token=${TOKEN}`), /must start with sc:\/\//);
  assert.match(failure(`spark.example:15002;token=${TOKEN}`), /must start with sc:\/\//);
});

Deno.test("a port outside 1..65535 is refused and named", () => {
  assert.match(failure(`sc://h:0/;token=${TOKEN}`), /port '0' is not a number from 1 to 65535/);
  assert.match(failure(`sc://h:70000/;token=${TOKEN}`), /port '70000'/);
  assert.match(failure(`sc://h:/;token=${TOKEN}`), /port '' is not a number/);
});

Deno.test("a non-numeric port is refused and shown", () => {
  const msg = failure(`sc://h:abc/;token=${TOKEN}`);
  assert.match(msg, /host\[:port\]/);
  assert.match(msg, /h:abc/);
});

Deno.test("a path after the host is refused", () => {
  assert.match(failure(`sc://h:15002/db/;token=${TOKEN}`), /a path is not allowed/);
});

Deno.test("use_ssl must be true or false", () => {
  assert.match(
    failure(`sc://h/;token=${TOKEN};use_ssl=maybe`),
    /use_ssl must be true or false, not 'maybe'/,
  );
});

Deno.test("session_id must be a UUID", () => {
  assert.match(
    failure(`sc://h/;token=${TOKEN};session_id=abc-123`),
    /session_id must be a UUID.*'abc-123'/,
  );
});

Deno.test("grpc_max_message_size must be a positive whole number", () => {
  for (const bad of ["lots", "0", "-5", "1.5", "1e6", ""]) {
    const msg = failure(`sc://h/;token=${TOKEN};grpc_max_message_size=${bad}`);
    assert.match(
      msg,
      new RegExp(`grpc_max_message_size must be a positive whole number.*'${bad}'`),
    );
  }
});

Deno.test("a parameter without = is refused and named", () => {
  assert.match(failure(`sc://h/;token=${TOKEN};use_ssl`), /parameter 'use_ssl' has no value/);
});

Deno.test("a parameter given twice is refused and named", () => {
  assert.match(
    failure(`sc://h/;token=${TOKEN};user_id=a;user_id=b`),
    /parameter 'user_id' is given twice/,
  );
  assert.match(failure(`sc://h/;token=${TOKEN};token=other`), /parameter 'token' is given twice/);
});

Deno.test("a parameter name that cannot be a header is refused", () => {
  assert.match(failure(`sc://h/;token=${TOKEN};bad%20name=x`), /parameter name 'bad name'/);
});

Deno.test("an empty or bracket-less IPv6 host is refused", () => {
  assert.match(failure(`sc://;token=${TOKEN}`), /expected sc:\/\/host\[:port\]/);
  assert.match(failure("sc://::1:15002"), /expected sc:\/\/host\[:port\]/);
});

Deno.test({
  name: "malformed percent-encoding is a ConnectionStringError",
  fn: () => {
    assert.match(failure(`sc://h/;token=${TOKEN};user_id=100%`), /user_id/);
  },
});

Deno.test({
  name: "a token written without the leading ';' is not printed in the error",
  fn: () => {
    assert.match(failure(`sc://h/?token=${TOKEN}`), /a path is not allowed/);
  },
});

Deno.test("redactUrl hides every token value and nothing else", () => {
  assert.equal(
    redactUrl(`sc://h:15002/;user_id=ana;token=${TOKEN};use_ssl=true`),
    "sc://h:15002/;user_id=ana;token=***;use_ssl=true",
  );
  assert.equal(redactUrl(`sc://h/;TOKEN=${TOKEN}`), "sc://h/;TOKEN=***");
  assert.equal(redactUrl(`sc://h/;token=a;token=b`), "sc://h/;token=***;token=***");
  assert.equal(redactUrl("sc://h/;user_id=ana"), "sc://h/;user_id=ana");
});

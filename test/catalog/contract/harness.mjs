// Shared pieces of the REST catalog tests: starting and stopping real
// `floe serve` processes on free loopback ports, a small JSON HTTP client,
// check bookkeeping and a hard time limit.
//
// Environment (set by run.sh):
//   FLOE_BINARY    the floe executable
//   FLOE_TEST_DIR  a scratch directory; every server's pid is appended to
//                  FLOE_TEST_DIR/pids so the shell wrapper can kill leftovers
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const floeBinary = process.env.FLOE_BINARY;
export const testDir = process.env.FLOE_TEST_DIR;
if (!floeBinary || !testDir) {
  console.error('FLOE_BINARY and FLOE_TEST_DIR must be set (run the test through run.sh)');
  process.exit(2);
}

const servers = new Set();

function killAll() {
  for (const server of servers) {
    try { server.process.kill('SIGKILL'); } catch { /* already gone */ }
  }
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => { killAll(); process.exit(1); });
}

// Fails the test when it runs longer than `seconds` (servers are killed on exit).
export function timeLimit(seconds) {
  const timer = setTimeout(() => {
    console.error(`FAIL: time limit of ${seconds} s exceeded`);
    process.exit(1);
  }, seconds * 1000);
  timer.unref();
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function scratch(name) {
  const dir = path.join(testDir, name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

// Starts `floe serve` and waits until /healthz answers. `catalogUri` is a
// SQLite file or a postgresql:// URI; `warehouse` a directory.
export async function startServer({ warehouse, catalogUri, port, threads, name = 'serve', extraArgs = [] }) {
  port ??= await freePort();
  const args = ['serve', '--port', String(port), '--trino-port', '0', '--address', '127.0.0.1', '--warehouse', warehouse,
    '--catalog-uri', catalogUri, '--quiet-requests', '--log-level', 'warn', ...extraArgs];
  if (threads) args.push('--threads', String(threads));
  const logPath = path.join(testDir, `${name}-${port}.log`);
  const log = fs.openSync(logPath, 'a');
  const child = spawn(floeBinary, args, { stdio: ['ignore', log, log] });
  fs.closeSync(log);
  fs.appendFileSync(path.join(testDir, 'pids'), `${child.pid}\n`);
  const server = {
    process: child,
    port,
    url: `http://127.0.0.1:${port}`,
    logPath,
    exited: new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal }))),
  };
  servers.add(server);
  child.on('exit', () => servers.delete(server));
  const deadline = Date.now() + 20000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`floe serve exited at start (${child.exitCode ?? child.signalCode}):\n${fs.readFileSync(logPath, 'utf8')}`);
    }
    try {
      const response = await fetch(`${server.url}/healthz`);
      if (response.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`floe serve did not become healthy:\n${fs.readFileSync(logPath, 'utf8')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return server;
}

// Stops a server: SIGTERM (graceful) by default, or SIGKILL; resolves when it is gone.
export async function stopServer(server, signal = 'SIGTERM') {
  if (server.process.exitCode !== null || server.process.signalCode !== null) return server.exited;
  server.process.kill(signal);
  const timer = setTimeout(() => server.process.kill('SIGKILL'), 10000);
  const result = await server.exited;
  clearTimeout(timer);
  return result;
}

// One HTTP exchange. `body` may be an object (sent as JSON) or a string (sent
// as is). Resolves to { status, headers, text, json } (json: undefined when
// the body is empty or not JSON).
export async function request(baseUrl, method, urlPath, { body, headers = {} } = {}) {
  const init = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers['Content-Type'] ??= 'application/json';
  }
  const response = await fetch(baseUrl + urlPath, init);
  const text = method === 'HEAD' ? '' : await response.text();
  let json;
  if (text.length > 0) {
    try { json = JSON.parse(text); } catch { json = undefined; }
  }
  return { status: response.status, headers: response.headers, text, json };
}

// Check bookkeeping: each check prints one line; failures are counted.
export class Checks {
  constructor() { this.passed = 0; this.failed = 0; }
  ok(condition, what, detail = '') {
    if (condition) {
      this.passed += 1;
    } else {
      this.failed += 1;
      console.log(`FAIL: ${what}${detail ? `\n      ${detail}` : ''}`);
    }
    return condition;
  }
  equal(actual, expected, what) {
    return this.ok(JSON.stringify(actual) === JSON.stringify(expected), what,
      `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
  finish() {
    console.log(`${this.passed} passed, ${this.failed} failed`);
    process.exit(this.failed === 0 ? 0 : 1);
  }
}

// The namespace path segment: levels joined by the unit separator (%1F).
export function namespacePath(levels) {
  return levels.map(encodeURIComponent).join('%1F');
}

// A minimal fast-append: a snapshot on top of `metadata`'s main branch (the
// manifest list is a name only; the catalog does not read it) plus the
// requirement a real client sends, assert-ref-snapshot-id of main.
export function fastAppendCommit(metadata, snapshotId, summary = {}) {
  const parent = metadata['current-snapshot-id'] ?? -1;
  const hasParent = parent !== -1 && parent !== null;
  const sequenceNumber = (metadata['last-sequence-number'] ?? 0) + 1;
  const snapshot = {
    'snapshot-id': snapshotId,
    'sequence-number': sequenceNumber,
    'timestamp-ms': Date.now(),
    'manifest-list': `${metadata.location}/metadata/snap-${snapshotId}-1-manifest-list.avro`,
    summary: { operation: 'append', 'added-data-files': '1', ...summary },
    'schema-id': metadata['current-schema-id'],
  };
  if (hasParent) snapshot['parent-snapshot-id'] = parent;
  return {
    requirements: [{ type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': hasParent ? parent : null }],
    updates: [
      { action: 'add-snapshot', snapshot },
      { action: 'set-snapshot-ref', 'ref-name': 'main', type: 'branch', 'snapshot-id': snapshotId },
    ],
  };
}

// Snapshot ids unique across writers: writer * 1e6 + n, offset so none is 0.
export function snapshotIdFor(writer, n) {
  return 1_000_000_000 + writer * 1_000_000 + n;
}

// Checks that the snapshots of `metadata` form one chain from main's head to
// the root; returns { ok, chainLength, message }.
export function checkSingleChain(metadata) {
  const snapshots = metadata.snapshots ?? [];
  const byId = new Map(snapshots.map((s) => [s['snapshot-id'], s]));
  const head = metadata.refs?.main?.['snapshot-id'] ?? metadata['current-snapshot-id'];
  const seen = new Set();
  let id = head;
  let previousSequence = Infinity;
  while (id !== undefined && id !== null && id !== -1) {
    const snapshot = byId.get(id);
    if (!snapshot) return { ok: false, chainLength: seen.size, message: `snapshot ${id} is in the lineage but missing` };
    if (seen.has(id)) return { ok: false, chainLength: seen.size, message: `lineage loops at ${id}` };
    if (!(snapshot['sequence-number'] < previousSequence)) {
      return { ok: false, chainLength: seen.size, message: `sequence numbers not decreasing along the lineage at ${id}` };
    }
    previousSequence = snapshot['sequence-number'];
    seen.add(id);
    id = snapshot['parent-snapshot-id'];
  }
  if (seen.size !== snapshots.length) {
    return { ok: false, chainLength: seen.size, message: `${snapshots.length - seen.size} snapshots are off main's lineage` };
  }
  return { ok: true, chainLength: seen.size, message: '' };
}

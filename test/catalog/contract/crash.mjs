// Crash safety: a stream of commits (fast appends to several tables, table
// creations) runs against `floe serve`, which is killed with SIGKILL part-way
// through, restarted on the same store and warehouse, and the stream goes on;
// three times. Afterwards (and after each restart) the catalog is consistent:
//   - every table listed loads, and its metadata-location file exists (no
//     pointer names a missing metadata file);
//   - every commit acknowledged with 200 before a crash is present: appended
//     snapshots in their table, created tables in the listing;
//   - each table's snapshots form one chain;
//   - commits work again after the restart.
// Commits in flight at the kill have an unknown outcome: they may or may not
// be present, but never half.
// Usage (through run.sh): crash.mjs [sqlite | postgres]  (postgres: FLOE_TEST_POSTGRES_URI)
import fs from 'node:fs';
import path from 'node:path';
import { Checks, checkSingleChain, fastAppendCommit, request, scratch, startServer, stopServer, timeLimit } from './harness.mjs';

timeLimit(110);
const mode = process.argv[2] ?? 'sqlite';
const checks = new Checks();
const dir = scratch('crash');
const warehouse = path.join(dir, 'warehouse');
const catalogUri = mode === 'postgres' ? process.env.FLOE_TEST_POSTGRES_URI : path.join(dir, 'catalog.db');
if (!catalogUri) {
  console.log('FAIL: FLOE_TEST_POSTGRES_URI is not set (run under test/catalog/with_postgres.sh)');
  process.exit(1);
}
const TABLES = 6;
const CRASHES = 3;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let server = await startServer({ warehouse, catalogUri, name: 'crash' });
const schema = { type: 'struct', 'schema-id': 0, fields: [{ id: 1, name: 'id', required: true, type: 'long' }] };
checks.equal((await request(server.url, 'POST', '/v1/namespaces', { body: { namespace: ['crash'] } })).status, 200, 'create the namespace');
for (let t = 0; t < TABLES; t += 1) {
  const created = await request(server.url, 'POST', '/v1/namespaces/crash/tables', { body: { name: `t${t}`, schema } });
  checks.equal(created.status, 200, `create table t${t}`);
}

const acknowledgedSnapshots = new Map();  // table -> Set of snapshot ids
const acknowledgedBy = new Map();  // snapshot id -> the URL of the server that acknowledged it
const acknowledgedTables = new Set(Array.from({ length: TABLES }, (_, t) => `t${t}`));
let nextSnapshot = 1;
let stopping = false;
let unexpected = [];
let cut = 0;  // requests cut by a kill (unknown outcome) or refused while down

// Appends to one table until `stopping`; network errors (the kill) end the
// attempt with an unknown outcome and the writer waits for the next server.
async function appendStream(table) {
  acknowledgedSnapshots.set(table, acknowledgedSnapshots.get(table) ?? new Set());
  while (!stopping) {
    const url = server.url;
    try {
      const loaded = await request(url, 'GET', `/v1/namespaces/crash/tables/${table}`);
      if (loaded.status !== 200) {
        unexpected.push(`load ${table}: ${loaded.status} ${loaded.text.slice(0, 200)}`);
        return;
      }
      const id = nextSnapshot;
      nextSnapshot += 1;
      const response = await request(url, 'POST', `/v1/namespaces/crash/tables/${table}`, { body: fastAppendCommit(loaded.json.metadata, id) });
      if (response.status === 200) {
        acknowledgedSnapshots.get(table).add(id);
        acknowledgedBy.set(id, url);  // which server (a failure names it)
      }
      else if (response.status !== 409) unexpected.push(`append to ${table}: ${response.status} ${response.text.slice(0, 200)}`);
    } catch {
      cut += 1;
      await sleep(20);  // the server is down: retry against the restarted one
    }
  }
}

async function createStream() {
  for (let n = 0; !stopping; n += 1) {
    const url = server.url;
    try {
      const response = await request(url, 'POST', '/v1/namespaces/crash/tables', { body: { name: `created${n}`, schema } });
      if (response.status === 200) acknowledgedTables.add(`created${n}`);
      else if (response.status !== 409) unexpected.push(`create created${n}: ${response.status} ${response.text.slice(0, 200)}`);
    } catch {
      cut += 1;
      await sleep(20);
    }
  }
}

async function checkConsistent(label) {
  // The streams keep committing to the restarted server during the check:
  // only what was acknowledged before the listing and the loads were asked
  // for must be in their answers (later commits may or may not be).
  const tablesAcknowledged = new Set(acknowledgedTables);
  const snapshotsAcknowledged = new Map([...acknowledgedSnapshots].map(([name, ids]) => [name, new Set(ids)]));
  const listed = await request(server.url, 'GET', '/v1/namespaces/crash/tables');
  checks.equal(listed.status, 200, `${label}: list the tables`);
  const names = new Set((listed.json?.identifiers ?? []).map((i) => i.name));
  const lost = [...tablesAcknowledged].filter((name) => !names.has(name));
  checks.equal(lost, [], `${label}: every acknowledged table creation is listed`);
  for (const name of names) {
    const loaded = await request(server.url, 'GET', `/v1/namespaces/crash/tables/${name}`);
    if (!checks.equal(loaded.status, 200, `${label}: table ${name} loads`)) continue;
    const location = loaded.json['metadata-location'];
    checks.ok(fs.existsSync(location.replace(/^file:\/\//, '')), `${label}: ${name}'s metadata file exists`, location);
    const metadata = loaded.json.metadata;
    const chain = checkSingleChain(metadata);
    checks.ok(chain.ok, `${label}: ${name}'s snapshots form one chain`, chain.message);
    const present = new Set((metadata.snapshots ?? []).map((s) => s['snapshot-id']));
    const missing = [...(snapshotsAcknowledged.get(name) ?? [])].filter((id) => !present.has(id))
      .map((id) => `${id} (acknowledged by ${acknowledgedBy.get(id) === server.url ? 'this server' : acknowledgedBy.get(id)})`);
    checks.equal(missing, [], `${label}: every acknowledged append to ${name} is present`);
  }
}

const streams = [...Array.from({ length: TABLES }, (_, t) => appendStream(`t${t}`)), createStream()];
let acknowledgedBefore = 0;
for (let crash = 1; crash <= CRASHES; crash += 1) {
  // Let commits flow, then kill the server in the middle of them.
  await sleep(400 + Math.random() * 800);
  const acknowledgedNow = [...acknowledgedSnapshots.values()].reduce((sum, set) => sum + set.size, 0);
  checks.ok(acknowledgedNow > acknowledgedBefore, `crash ${crash}: commits were acknowledged before the kill`, `${acknowledgedNow}`);
  acknowledgedBefore = acknowledgedNow;
  const killed = await stopServer(server, 'SIGKILL');
  checks.equal(killed.signal, 'SIGKILL', `crash ${crash}: the server was killed`);
  server = await startServer({ warehouse, catalogUri, name: `crash-restart${crash}` });
  await checkConsistent(`after crash ${crash}`);
}
await sleep(300);  // commits resume on the last server
stopping = true;
await Promise.all(streams);
const total = [...acknowledgedSnapshots.values()].reduce((sum, set) => sum + set.size, 0);
checks.ok(total > acknowledgedBefore, 'commits were acknowledged after the last restart', `${total} > ${acknowledgedBefore}`);
await checkConsistent('at the end');
checks.equal(unexpected, [], 'no response but 200 or 409 (besides connections cut by the kill)');
console.log(`${total} appends and ${acknowledgedTables.size - TABLES} table creations acknowledged across ${CRASHES} kills; ${cut} requests cut or refused while the server was down`);
const stopped = await stopServer(server);
checks.equal(stopped.code, 0, 'the last server stops cleanly on SIGTERM');
checks.finish();

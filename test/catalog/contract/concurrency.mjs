// Concurrent commits to one table over HTTP, against real `floe serve`s:
//   - 32 writers x 50 fast appends each, every append the way a client sends
//     it (add-snapshot + set-snapshot-ref main, requiring main to still be
//     at the snapshot the writer loaded) and retried on 409 after reloading
//     the table, with jittered backoff, like a real client;
//   - meanwhile, rounds of schema changes that race on purpose: several
//     writers commit a new column on top of the same loaded schema (each
//     requiring assert-current-schema-id and assert-last-assigned-field-id),
//     so exactly one per round may win and the others must get 409.
// Afterwards every acknowledged append is in the table's snapshots and its
// snapshot log, the snapshots form one chain (parent ids, decreasing
// sequence numbers) with no snapshot off it, the winning columns are in the
// schema, and no request got a 5xx.
//
// Usage (through run.sh): concurrency.mjs sqlite | postgres | postgres-two-servers
//   postgres*: the database of FLOE_TEST_POSTGRES_URI (with_postgres.sh);
//   postgres-two-servers: two servers share it, writers alternate between them.
import fs from 'node:fs';
import path from 'node:path';
import { Checks, checkSingleChain, fastAppendCommit, request, scratch, snapshotIdFor, startServer, stopServer, timeLimit } from './harness.mjs';

const WRITERS = Number(process.env.FLOE_TEST_WRITERS ?? 32);
const APPENDS = Number(process.env.FLOE_TEST_APPENDS ?? 50);
const SCHEMA_RACERS = 6;
const PREVIOUS_VERSIONS = 10;
const BACKOFF_BASE_MS = Number(process.env.FLOE_TEST_BACKOFF_BASE_MS ?? 10);
const BACKOFF_CAP_MS = Number(process.env.FLOE_TEST_BACKOFF_CAP_MS ?? 500);
const SCHEMA_ROUNDS = 5;
const mode = process.argv[2] ?? 'sqlite';
timeLimit(240);  // 40-60 s alone on 2 cores; more beside other tests

const checks = new Checks();
const dir = scratch('concurrency');
let catalogUri = path.join(dir, 'catalog.db');
if (mode.startsWith('postgres')) {
  catalogUri = process.env.FLOE_TEST_POSTGRES_URI;
  if (!catalogUri) {
    console.log('FAIL: FLOE_TEST_POSTGRES_URI is not set (run under test/catalog/with_postgres.sh)');
    process.exit(1);
  }
}
const warehouse = path.join(dir, 'warehouse');
const servers = [await startServer({ warehouse, catalogUri, name: 'concurrency-a' })];
if (mode === 'postgres-two-servers') servers.push(await startServer({ warehouse, catalogUri, name: 'concurrency-b' }));
console.log(`${mode}: ${servers.length} server(s), ${WRITERS} writers x ${APPENDS} appends, ${SCHEMA_ROUNDS} rounds of ${SCHEMA_RACERS} racing schema changes`);

const tablePath = '/v1/namespaces/load/tables/events';
const base = servers[0].url;
checks.equal((await request(base, 'POST', '/v1/namespaces', { body: { namespace: ['load'] } })).status, 200, 'create the namespace');
const created = await request(base, 'POST', '/v1/namespaces/load/tables', {
  body: {
    name: 'events',
    schema: { type: 'struct', 'schema-id': 0, fields: [{ id: 1, name: 'id', required: true, type: 'long' }] },
    // Old metadata files are deleted as commits push them out of the log.
    properties: { 'write.metadata.delete-after-commit.enabled': 'true', 'write.metadata.previous-versions-max': String(PREVIOUS_VERSIONS) },
  },
});
checks.equal(created.status, 200, 'create the table');

const statusCounts = new Map();
const unexpected = [];
function count(status, what, text) {
  statusCounts.set(status, (statusCounts.get(status) ?? 0) + 1);
  if (status >= 500 || (status !== 200 && status !== 409)) unexpected.push(`${what}: ${status} ${text.slice(0, 300)}`);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const acknowledged = new Set();
let retries = 0;
let gaveUp = 0;

async function appendWriter(writer) {
  const url = servers[writer % servers.length].url;
  for (let n = 0; n < APPENDS; n += 1) {
    const id = snapshotIdFor(writer, n);
    for (let attempt = 0; ; attempt += 1) {
      const loaded = await request(url, 'GET', tablePath);
      count(loaded.status, 'loadTable', loaded.text);
      if (loaded.status !== 200) return;
      const response = await request(url, 'POST', tablePath, { body: fastAppendCommit(loaded.json.metadata, id) });
      count(response.status, 'append', response.text);
      if (response.status === 200) {
        acknowledged.add(id);
        break;
      }
      if (response.status !== 409) return;
      retries += 1;
      if (attempt >= 200) {
        gaveUp += 1;
        break;
      }
      // Full jitter, growing with the attempts: losers spread out so that a
      // few writers, not all 32, contend for each commit.
      await sleep(Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 10)));
    }
  }
}

const schemaWinners = [];
async function schemaRaces() {
  for (let round = 0; round < SCHEMA_ROUNDS; round += 1) {
    const loaded = await request(base, 'GET', tablePath);
    const metadata = loaded.json.metadata;
    const current = metadata.schemas.find((s) => s['schema-id'] === metadata['current-schema-id']);
    const lastColumn = metadata['last-column-id'];
    const results = await Promise.all(Array.from({ length: SCHEMA_RACERS }, async (_, racer) => {
      const column = `r${round}_c${racer}`;
      const body = {
        requirements: [
          { type: 'assert-current-schema-id', 'current-schema-id': metadata['current-schema-id'] },
          { type: 'assert-last-assigned-field-id', 'last-assigned-field-id': lastColumn },
        ],
        updates: [
          { action: 'add-schema', schema: { ...current, 'schema-id': metadata['current-schema-id'] + 1, fields: [...current.fields, { id: lastColumn + 1, name: column, required: false, type: 'string' }] }, 'last-column-id': lastColumn + 1 },
          { action: 'set-current-schema', 'schema-id': -1 },
        ],
      };
      const response = await request(servers[racer % servers.length].url, 'POST', tablePath, { body });
      count(response.status, 'schema change', response.text);
      return { column, status: response.status, type: response.json?.error?.type };
    }));
    const won = results.filter((r) => r.status === 200);
    checks.equal(won.length, 1, `schema round ${round}: exactly one racer wins`);
    checks.ok(results.every((r) => r.status === 200 || (r.status === 409 && r.type === 'CommitFailedException')),
      `schema round ${round}: the others get 409 CommitFailedException`, JSON.stringify(results));
    schemaWinners.push(...won.map((r) => r.column));
    await sleep(50);
  }
}

const started = Date.now();
await Promise.all([...Array.from({ length: WRITERS }, (_, writer) => appendWriter(writer)), schemaRaces()]);
const seconds = (Date.now() - started) / 1000;
console.log(`${acknowledged.size} appends acknowledged in ${seconds.toFixed(1)} s, ${retries} retries after 409, ` +
  `statuses ${JSON.stringify(Object.fromEntries(statusCounts))}`);

checks.equal(unexpected, [], 'no request got anything but 200 or 409');
checks.equal(gaveUp, 0, 'no writer gave up');
checks.equal(acknowledged.size, WRITERS * APPENDS, 'every append was acknowledged');

// Read the result back from every server (each must see the same table).
for (const server of servers) {
  const final = await request(server.url, 'GET', tablePath);
  checks.equal(final.status, 200, `load the final table from ${server.url}`);
  const metadata = final.json?.metadata ?? {};
  const snapshotIds = new Set((metadata.snapshots ?? []).map((s) => s['snapshot-id']));
  const logIds = new Set((metadata['snapshot-log'] ?? []).map((entry) => entry['snapshot-id']));
  const missing = [...acknowledged].filter((id) => !snapshotIds.has(id));
  const missingFromLog = [...acknowledged].filter((id) => !logIds.has(id));
  checks.equal(missing.length, 0, 'every acknowledged append is in the snapshots');
  checks.equal(missingFromLog.length, 0, 'every acknowledged append is in the snapshot log');
  checks.equal(snapshotIds.size, acknowledged.size, 'no snapshot that was not acknowledged');
  const chain = checkSingleChain(metadata);
  checks.ok(chain.ok, 'the snapshots form a single chain from main', chain.message);
  checks.equal(chain.chainLength, acknowledged.size, 'the chain holds every append');
  checks.equal(metadata['last-sequence-number'], acknowledged.size, 'last-sequence-number counts the appends');
  const log = (metadata['snapshot-log'] ?? []).map((entry) => entry['snapshot-id']);
  const lineage = [];
  for (let id = metadata['current-snapshot-id']; id !== undefined && id !== null && id !== -1;) {
    lineage.push(id);
    id = (metadata.snapshots ?? []).find((s) => s['snapshot-id'] === id)?.['parent-snapshot-id'];
  }
  checks.equal(log.slice().reverse().slice(0, 20), lineage.slice(0, 20), 'the snapshot log follows the lineage');
  const current = (metadata.schemas ?? []).find((s) => s['schema-id'] === metadata['current-schema-id']);
  const columns = new Set((current?.fields ?? []).map((f) => f.name));
  checks.ok(schemaWinners.every((c) => columns.has(c)), 'every winning schema change is in the current schema',
    `winners ${schemaWinners}, columns ${[...columns]}`);
  checks.equal(metadata['current-schema-id'], SCHEMA_ROUNDS, 'one schema per round');
  const logged = (metadata['metadata-log'] ?? []).map((entry) => entry['metadata-file']);
  checks.equal(logged.length, PREVIOUS_VERSIONS, 'the metadata log keeps previous-versions-max files');
  checks.ok([final.json['metadata-location'], ...logged].every((file) => fs.existsSync(file)), 'every logged metadata file exists');
  const onDisk = fs.readdirSync(path.join(metadata.location, 'metadata')).filter((name) => name.endsWith('.metadata.json'));
  checks.equal(onDisk.length, PREVIOUS_VERSIONS + 1, 'older metadata files were deleted (delete-after-commit)');
}

let rejected = 0;
for (const server of servers) {
  const metrics = (await request(server.url, 'GET', '/metrics')).text;
  const counter = (name) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(metrics)?.[1] ?? NaN);
  rejected += counter('floe_catalog_commits_rejected_total');
  console.log(`${server.url}: commits ${counter('floe_catalog_commits_total')}, ` +
    `lost compare-and-swap and re-applied ${counter('floe_catalog_commit_conflicts_total')}, ` +
    `rejected with 409 ${counter('floe_catalog_commits_rejected_total')}`);
}
checks.ok(rejected > 0, '/metrics counts the rejected commits', String(rejected));
for (const server of servers) await stopServer(server);
checks.finish();

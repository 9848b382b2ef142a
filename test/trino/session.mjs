// The statements BI tools and JDBC send around their queries, through
// `floe serve`'s Trino protocol: session properties (X-Trino-Session,
// X-Trino-Set-Session / -Clear-Session), prepared statements
// (X-Trino-Prepared-Statement, X-Trino-Added-Prepare / -Deallocated-Prepare,
// as trino-client and the JDBC driver use them), transactions, version() and
// the session functions; and DELETE on nextUri cancelling a large INSERT,
// which leaves the table as it was.
// Usage: node session.mjs http://127.0.0.1:PORT WAREHOUSE_DIR
import assert from 'node:assert/strict';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Trino, BasicAuth } from 'trino-client';

const server = process.argv[2];
const warehouse = process.argv[3];
let passed = 0;
let failed = 0;

async function check(name, body) {
  try {
    await body();
    passed++;
    console.log(`ok   ${name}`);
  } catch (error) {
    failed++;
    console.log(`FAIL ${name}: ${error.stack ?? error}`);
  }
}

// Runs a statement to the end through a trino-client instance.
async function run(client, sql) {
  const iterator = await client.query(sql);
  const result = { rows: [], error: null, last: null };
  for await (const page of iterator) {
    result.last = page;
    if (page.data) result.rows.push(...page.data);
    if (page.error) result.error = page.error;
  }
  return result;
}
async function succeed(client, sql) {
  const result = await run(client, sql);
  assert.equal(result.error, null, `${sql}: ${JSON.stringify(result.error)}`);
  return result.rows;
}

// Raw protocol: POST, then follow nextUri; the headers of every answer.
async function raw(sql, headers = {}) {
  let response = await fetch(`${server}/v1/statement`, {
    method: 'POST', body: sql, headers: { 'X-Trino-User': 'tester', 'X-Trino-Catalog': 'iceberg', ...headers },
  });
  assert.equal(response.status, 200, `${sql}: HTTP ${response.status}`);
  let body = await response.json();
  const all = { rows: [], error: null, headers: new Headers(), updateType: null };
  while (true) {
    for (const [name, value] of response.headers) all.headers.set(name, value);  // pages repeat them
    if (body.data) all.rows.push(...body.data);
    if (body.error) all.error = body.error;
    if (body.updateType) all.updateType = body.updateType;
    if (!body.nextUri) break;
    response = await fetch(body.nextUri, { headers: { 'X-Trino-User': 'tester' } });
    body = await response.json();
  }
  return all;
}

const client = () =>
  Trino.create({ server, catalog: 'iceberg', schema: 'bi', source: 'floe-test', auth: new BasicAuth('tester') });

await check('setup: a schema and a table', async () => {
  const c = client();
  await succeed(c, 'CREATE SCHEMA IF NOT EXISTS iceberg.bi');
  await succeed(c, 'CREATE TABLE bi.items (id bigint, name varchar)');
  await succeed(c, "INSERT INTO bi.items VALUES (1, 'one'), (2, 'two'), (3, 'three')");
});

await check('SELECT version(), current_user, current_catalog, current_schema', async () => {
  const rows = await succeed(client(), 'SELECT version(), current_user, current_catalog, current_schema');
  assert.deepEqual(rows, [['0.1.0-floe', 'tester', 'iceberg', 'bi']]);
  const info = await (await fetch(`${server}/v1/info`)).json();
  assert.equal(info.nodeVersion.version, rows[0][0]);
});

await check('X-Trino-Session sets properties for a query (trino-client session option)', async () => {
  const c = Trino.create({ server, catalog: 'iceberg', schema: 'bi', auth: new BasicAuth('tester'),
                           session: { query_max_memory: '256MB' } });
  const rows = await succeed(c, "SHOW SESSION LIKE 'query_max_memory'");
  assert.deepEqual(rows, [['query_max_memory', '256MB', '4GB', 'varchar', 'Maximum amount of memory a query can use']]);
});

await check('SET SESSION answers X-Trino-Set-Session, which trino-client sends back', async () => {
  const answer = await raw("SET SESSION query_max_memory = '1GB'");
  assert.equal(answer.updateType, 'SET SESSION');
  assert.equal(answer.headers.get('x-trino-set-session'), 'query_max_memory=1GB');
  const c = client();
  await succeed(c, "SET SESSION query_max_memory = '2GB'");
  const rows = await succeed(c, "SHOW SESSION LIKE 'query_max_memory'");
  assert.equal(rows[0][1], '2GB');
});

await check('RESET SESSION answers X-Trino-Clear-Session', async () => {
  const answer = await raw('RESET SESSION query_max_memory', { 'X-Trino-Session': 'query_max_memory=1GB' });
  assert.equal(answer.headers.get('x-trino-clear-session'), 'query_max_memory');
});

await check('a memory limit from X-Trino-Session ends a query that needs more', async () => {
  const answer = await raw(
    'SELECT a.id, b.id, count(*) FROM bi.items a CROSS JOIN bi.items b GROUP BY 1, 2',
    { 'X-Trino-Session': 'query_max_memory=1kB' });
  assert.equal(answer.error?.errorName, 'EXCEEDED_LOCAL_MEMORY_LIMIT', JSON.stringify(answer.error));
});

await check('an unknown or invalid property in X-Trino-Session fails the statement in Trino\'s shape', async () => {
  let answer = await raw('SELECT 1', { 'X-Trino-Session': 'no_such_property=1' });
  assert.equal(answer.error?.errorName, 'INVALID_SESSION_PROPERTY');
  assert.equal(answer.error?.errorCode, 14);
  answer = await raw('SELECT 1', { 'X-Trino-Session': 'query_max_memory=lots' });
  assert.equal(answer.error?.errorName, 'INVALID_SESSION_PROPERTY');
  const response = await fetch(`${server}/v1/statement`, {
    method: 'POST', body: 'SELECT 1', headers: { 'X-Trino-User': 'tester', 'X-Trino-Session': 'query_max_memory=%G1' },
  });
  assert.equal(response.status, 400);
});

await check('PREPARE / EXECUTE ... USING with trino-client (X-Trino-Added-Prepare kept by the client)', async () => {
  const c = client();
  await succeed(c, 'PREPARE by_id FROM SELECT name FROM items WHERE id = ?');
  assert.deepEqual(await succeed(c, 'EXECUTE by_id USING 2'), [['two']]);
  assert.deepEqual(await succeed(c, 'EXECUTE by_id USING 3'), [['three']]);
  const wrong = await run(c, 'EXECUTE by_id USING 1, 2');
  assert.equal(wrong.error?.errorName, 'INVALID_PARAMETER_USAGE');
});

await check('prepared statements over raw headers: Added-Prepare, Prepared-Statement, Deallocated-Prepare', async () => {
  const sql = "SELECT id FROM items WHERE name = ? OR name = 'a, b'";
  const prepared = await raw(`PREPARE two_names FROM ${sql}`, { 'X-Trino-Schema': 'bi' });
  assert.equal(prepared.updateType, 'PREPARE');
  const added = prepared.headers.get('x-trino-added-prepare');
  assert.equal(added, `two_names=${encodeURIComponent(sql).replace(/[!'()*]/g, c => '%' + c.charCodeAt(0).toString(16).toUpperCase())}`);
  assert.equal(decodeURIComponent(added.split('=')[1]), sql);
  const executed = await raw("EXECUTE two_names USING 'one'",
                             { 'X-Trino-Schema': 'bi', 'X-Trino-Prepared-Statement': added });
  assert.equal(executed.error, null, JSON.stringify(executed.error));
  assert.deepEqual(executed.rows, [[1]]);
  const missing = await raw("EXECUTE two_names USING 'one'", { 'X-Trino-Schema': 'bi' });
  assert.equal(missing.error?.errorName, 'NOT_FOUND');
  const deallocated = await raw('DEALLOCATE PREPARE two_names', { 'X-Trino-Prepared-Statement': added });
  assert.equal(deallocated.headers.get('x-trino-deallocated-prepare'), 'two_names');
});

await check('START TRANSACTION / COMMIT: transaction id headers; a read-only transaction refuses writes', async () => {
  const started = await raw('START TRANSACTION READ ONLY');
  const id = started.headers.get('x-trino-started-transaction-id');
  assert.match(id ?? '', /^[0-9a-f-]{36}$/);
  const read = await raw('SELECT count(*) FROM bi.items', { 'X-Trino-Transaction-Id': id });
  assert.deepEqual(read.rows, [[3]]);
  const write = await raw("INSERT INTO bi.items VALUES (9, 'nine')", { 'X-Trino-Transaction-Id': id });
  assert.equal(write.error?.errorName, 'READ_ONLY_VIOLATION');
  const committed = await raw('COMMIT', { 'X-Trino-Transaction-Id': id });
  assert.equal(committed.headers.get('x-trino-clear-transaction-id'), 'true');
  const ended = await raw('SELECT 1', { 'X-Trino-Transaction-Id': id });
  assert.equal(ended.error?.errorName, 'UNKNOWN_TRANSACTION');
  const none = await raw('SELECT 1', { 'X-Trino-Transaction-Id': 'NONE' });
  assert.equal(none.error, null);
  const notIn = await raw('ROLLBACK');
  assert.equal(notIn.error?.errorName, 'NOT_IN_TRANSACTION');
});

await check('SHOW FUNCTIONS and SHOW STATS answer with Trino\'s columns', async () => {
  const functions = await raw("SHOW FUNCTIONS LIKE 'count%'");
  assert.ok(functions.rows.some(r => r[0] === 'count_if' && r[3] === 'aggregate'), JSON.stringify(functions.rows));
  const stats = await raw('SHOW STATS FOR bi.items');
  assert.deepEqual(stats.rows.at(-1), [null, null, null, null, 3, null, null]);
  assert.deepEqual(stats.rows[0], ['id', null, null, 0, null, '1', '3']);
});

function filesUnder(directory) {
  if (!existsSync(directory)) return [];
  const out = [];
  for (const name of readdirSync(directory)) {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out.sort();
}

// Statements that ended in failure (a cancelled one counts once its
// Engine::Execute has returned, after the write cleaned up).
async function failedStatements() {
  const text = await (await fetch(`${server}/metrics`)).text();
  const line = text.split('\n').find(l => l.startsWith('floe_trino_queries_total{state="FAILED"}'));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

await check('DELETE on nextUri cancels a running INSERT ... SELECT: no snapshot, no file left', async () => {
  const c = client();
  await succeed(c, 'CREATE TABLE digits (d integer)');
  await succeed(c, 'INSERT INTO digits VALUES 0, 1, 2, 3, 4, 5, 6, 7, 8, 9');
  await succeed(c, "CREATE TABLE target (n integer) WITH (partitioning = ARRAY['bucket(n, 4)'])");
  await succeed(c, 'INSERT INTO target VALUES 1');
  const snapshots = await succeed(c, 'SELECT snapshot_id FROM "target$snapshots"');
  const before = filesUnder(join(warehouse, 'bi', 'target'));
  const failedBefore = await failedStatements();
  const response = await fetch(`${server}/v1/statement`, {
    method: 'POST',
    headers: { 'X-Trino-User': 'tester', 'X-Trino-Catalog': 'iceberg', 'X-Trino-Schema': 'bi' },
    body: 'INSERT INTO target SELECT a.d * 1000000 + b.d * 100000 + c.d * 10000 + e.d * 1000 + f.d * 100 + g.d * 10 + h.d ' +
          'FROM digits a, digits b, digits c, digits e, digits f, digits g, digits h',
  });
  const queued = await response.json();
  const cancel = await fetch(queued.nextUri, { method: 'DELETE', headers: { 'X-Trino-User': 'tester' } });
  assert.equal(cancel.status, 204);
  // Wait for the statement to end (it is counted FAILED: USER_CANCELED).
  while ((await failedStatements()) === failedBefore) await new Promise(resolve => setTimeout(resolve, 50));
  assert.deepEqual(await succeed(c, 'SELECT snapshot_id FROM "target$snapshots"'), snapshots);
  assert.deepEqual(filesUnder(join(warehouse, 'bi', 'target')), before);
  assert.deepEqual(await succeed(c, 'SELECT count(*) FROM target'), [[1]]);
});

console.log(`${passed} passed, ${failed} failed (session statements)`);
process.exit(failed === 0 ? 0 : 1);

// Drives `floe serve`'s Trino client protocol with the trino-client package
// (the Trino project's JavaScript client) and with raw HTTP where the
// protocol itself is under test (headers, DELETE, status codes).
// Usage: node protocol.mjs http://127.0.0.1:PORT
import assert from 'node:assert/strict';
import { Trino, BasicAuth } from 'trino-client';

const server = process.argv[2];
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

const trino = Trino.create({ server, catalog: 'iceberg', source: 'floe-test', auth: new BasicAuth('tester') });

// Runs a statement to the end through trino-client's iterator.
async function run(sql) {
  const iterator = await trino.query(sql);
  const result = { columns: null, rows: [], pages: 0, last: null, error: null };
  for await (const page of iterator) {
    result.last = page;
    if (page.columns) result.columns = page.columns;
    if (page.data) {
      result.pages++;
      result.rows.push(...page.data);
    }
    if (page.error) result.error = page.error;
  }
  return result;
}

async function succeed(sql) {
  const result = await run(sql);
  assert.equal(result.error, null, `${sql}: ${JSON.stringify(result.error)}`);
  return result;
}

async function post(sql, headers = {}) {
  return fetch(`${server}/v1/statement`, {
    method: 'POST',
    body: sql,
    headers: { 'X-Trino-User': 'tester', ...headers },
  });
}

await check('GET /v1/info', async () => {
  const info = await (await fetch(`${server}/v1/info`)).json();
  assert.equal(info.coordinator, true);
  assert.equal(info.starting, false);
  assert.equal(typeof info.nodeVersion.version, 'string');
  assert.equal(typeof info.uptime, 'string');
});

await check('SHOW CATALOGS lists iceberg and system', async () => {
  const result = await succeed('SHOW CATALOGS');
  const names = result.rows.map(r => r[0]).sort();
  assert.deepEqual(names, ['iceberg', 'system']);
});

await check('CREATE SCHEMA, USE (X-Trino-Set-Schema followed by the client), CREATE TABLE', async () => {
  await succeed('CREATE SCHEMA iceberg.demo');
  const use = await succeed('USE iceberg.demo');
  assert.equal(use.last.updateType, 'USE');
  await succeed(
    'CREATE TABLE typed (id bigint, name varchar, price decimal(10,2), day date, at timestamp(6), ' +
      'at_tz timestamp(6) with time zone, flag boolean, ratio real, score double, payload varbinary, small integer)');
  const tables = await succeed('SHOW TABLES');
  assert.deepEqual(tables.rows, [['typed']]);
});

await check('USE answers with X-Trino-Set-Catalog and X-Trino-Set-Schema', async () => {
  let response = await post('USE iceberg.demo');
  let body = await response.json();
  let headers = response.headers;
  while (body.nextUri) {
    response = await fetch(body.nextUri, { headers: { 'X-Trino-User': 'tester' } });
    headers = response.headers;
    body = await response.json();
  }
  assert.equal(body.stats.state, 'FINISHED');
  assert.equal(headers.get('x-trino-set-schema'), 'demo');
  assert.equal(headers.get('x-trino-set-catalog'), 'iceberg');
});

await check('INSERT reports updateType and updateCount', async () => {
  const insert = await succeed(
    "INSERT INTO typed VALUES " +
      "(1, 'ünïcode \"q\"', DECIMAL '12.34', DATE '2024-01-31', TIMESTAMP '2024-01-31 10:00:00.123456', " +
      "TIMESTAMP '2024-01-31 10:00:00 UTC', true, REAL '1.5', 0.1, X'00ff10', -7), " +
      "(2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
  assert.equal(insert.last.updateType, 'INSERT');
  assert.equal(insert.last.updateCount, 2);
});

await check('typed values in Trino\'s JSON encoding, columns with type signatures', async () => {
  const result = await succeed('SELECT * FROM typed ORDER BY id');
  const types = Object.fromEntries(result.columns.map(c => [c.name, c.type]));
  assert.deepEqual(types, {
    id: 'bigint', name: 'varchar', price: 'decimal(10,2)', day: 'date', at: 'timestamp(6)',
    at_tz: 'timestamp(6) with time zone', flag: 'boolean', ratio: 'real', score: 'double', payload: 'varbinary',
    small: 'integer',
  });
  const price = result.columns.find(c => c.name === 'price');
  assert.deepEqual(price.typeSignature, {
    rawType: 'decimal', arguments: [{ kind: 'LONG', value: 10 }, { kind: 'LONG', value: 2 }],
  });
  assert.deepEqual(result.rows, [
    [1, 'ünïcode "q"', '12.34', '2024-01-31', '2024-01-31 10:00:00.123456', '2024-01-31 10:00:00.000000 UTC', true,
      1.5, 0.1, 'AP8Q', -7],
    [2, null, null, null, null, null, null, null, null, null, null],
  ]);
});

await check('SELECT pages over several nextUri responses', async () => {
  await succeed('CREATE TABLE big (n bigint, label varchar)');
  const values = Array.from({ length: 1000 }, (_, i) => `(${i}, 'row ${i % 7}')`).join(', ');
  const first = await succeed(`INSERT INTO big VALUES ${values}`);
  assert.equal(first.last.updateCount, 1000);
  for (let size = 1000; size < 32000; size *= 2) {
    const doubled = await succeed(`INSERT INTO big SELECT n + ${size}, label FROM big`);
    assert.equal(doubled.last.updateCount, size);
  }
  const result = await succeed('SELECT n, label FROM big');
  assert.equal(result.rows.length, 32000);
  assert.ok(result.pages >= 3, `expected several pages, got ${result.pages}`);
    assert.equal(new Set(result.rows.map(r => r[0])).size, 32000);
  const sum = await succeed('SELECT count(*), sum(n) FROM big');
  assert.deepEqual(sum.rows, [[32000, result.rows.reduce((s, r) => s + r[0], 0)]]);
});

await check('concurrent queries from several clients all complete', async () => {
  const clients = Array.from({ length: 4 }, (_, i) =>
    Trino.create({ server, catalog: 'iceberg', schema: 'demo', auth: new BasicAuth(`user${i}`) }));
  const counts = await Promise.all(clients.map(async (client, i) => {
    const iterator = await client.query(`SELECT n FROM big WHERE n % 4 = ${i}`);
    let rows = 0;
    for await (const page of iterator) {
      assert.equal(page.error, undefined, JSON.stringify(page.error));
      rows += page.data?.length ?? 0;
    }
    return rows;
  }));
  assert.deepEqual(counts, [8000, 8000, 8000, 8000]);
});

await check('errors carry errorName, errorCode, errorType and errorLocation', async () => {
  const missing = await run('SELECT *\nFROM no_such_table');
  assert.equal(missing.last.stats.state, 'FAILED');
  assert.equal(missing.error.errorName, 'TABLE_NOT_FOUND');
  assert.equal(missing.error.errorCode, 46);
  assert.equal(missing.error.errorType, 'USER_ERROR');
  assert.deepEqual(missing.error.errorLocation, { lineNumber: 2, columnNumber: 6 });
  assert.match(missing.error.message, /^line 2:6: Table 'iceberg\.demo\.no_such_table' does not exist/);
  assert.equal(missing.error.failureInfo.type, 'io.trino.spi.TrinoException');

  const syntax = await run('SELECT FROM WHERE');
  assert.equal(syntax.error.errorName, 'SYNTAX_ERROR');
  assert.equal(syntax.error.errorCode, 1);
  assert.ok(syntax.error.errorLocation.lineNumber === 1);

  const column = await run('SELECT nope FROM typed');
  assert.equal(column.error.errorName, 'COLUMN_NOT_FOUND');
  assert.deepEqual(column.error.errorLocation, { lineNumber: 1, columnNumber: 8 });

  const division = await run('SELECT 1 / 0');
  assert.equal(division.error.errorName, 'DIVISION_BY_ZERO');
});

await check('X-Trino-User is required (401), an empty statement is 400', async () => {
  const response = await fetch(`${server}/v1/statement`, { method: 'POST', body: 'SELECT 1' });
  assert.equal(response.status, 401);
  assert.match(await response.text(), /X-Trino-User/);
  assert.equal((await post('   ')).status, 400);
});

await check('the first answer to POST is QUEUED with a nextUri and no data', async () => {
  const response = await post('SELECT 1');
  const body = await response.json();
  assert.equal(body.stats.state, 'QUEUED');
  assert.equal(body.data, undefined);
  assert.match(body.nextUri, /\/v1\/statement\/executing\//);
  assert.match(body.id, /^\d{8}_\d{6}_\d{5}_[a-z0-9]{5}$/);
  await fetch(body.nextUri, { method: 'DELETE', headers: { 'X-Trino-User': 'tester' } });
});

await check('DELETE on nextUri cancels the query and frees it', async () => {
  const response = await post('SELECT n, label FROM demo.big');
  let body = await response.json();
  body = await (await fetch(body.nextUri, { headers: { 'X-Trino-User': 'tester' } })).json();
  assert.ok(body.nextUri, 'the query should still have pages');
  const cancel = await fetch(body.nextUri, { method: 'DELETE', headers: { 'X-Trino-User': 'tester' } });
  assert.equal(cancel.status, 204);
  const after = await fetch(body.nextUri, { headers: { 'X-Trino-User': 'tester' } });
  assert.ok(after.status === 410 || after.status === 404, `status ${after.status}`);
});

await check('trino-client cancel() (DELETE /v1/query/{id})', async () => {
  const iterator = await trino.query('SELECT n FROM demo.big');
  const first = await iterator.next();
  assert.equal(first.done, false);
  const id = first.value.id;
  const canceled = await trino.cancel(id);
  assert.equal(canceled.id, id);
});

await check('a page fetched twice (a client retry) is the same page', async () => {
  const body = await (await post('SELECT n FROM demo.big ORDER BY n LIMIT 3')).json();
  const a = await (await fetch(body.nextUri, { headers: { 'X-Trino-User': 'tester' } })).text();
  const b = await (await fetch(body.nextUri, { headers: { 'X-Trino-User': 'tester' } })).text();
  assert.equal(a, b);
});

await check('array, map and row values: JSON arrays / objects, Trino type signatures', async () => {
  await succeed('CREATE TABLE demo.nested (id integer, tags array(varchar), attrs map(varchar, bigint), ' +
    'p row(a integer, b varchar), events array(row(name varchar, at date)))');
  await succeed("INSERT INTO demo.nested VALUES (1, ARRAY['x', NULL], MAP(ARRAY['k', 'm'], ARRAY[BIGINT '5', NULL]), " +
    "ROW(7, 'seven'), ARRAY[ROW('start', DATE '2024-01-31')]), (2, ARRAY[], MAP(), NULL, NULL)");
  const result = await succeed('SELECT tags, attrs, p, events, ARRAY[1, 2], ROW(1.5E0, true) FROM demo.nested ORDER BY id');
  assert.deepEqual(result.columns.map(c => c.type), [
    'array(varchar)', 'map(varchar,bigint)', 'row(a integer,b varchar)', 'array(row(name varchar,at date))',
    'array(integer)', 'row(double,boolean)']);
  const varchar = { rawType: 'varchar', arguments: [{ kind: 'LONG', value: 2147483647 }] };
  assert.deepEqual(result.columns[0].typeSignature, { rawType: 'array', arguments: [{ kind: 'TYPE', value: varchar }] });
  assert.deepEqual(result.columns[1].typeSignature, {
    rawType: 'map',
    arguments: [{ kind: 'TYPE', value: varchar }, { kind: 'TYPE', value: { rawType: 'bigint', arguments: [] } }],
  });
  assert.deepEqual(result.columns[2].typeSignature, {
    rawType: 'row',
    arguments: [
      { kind: 'NAMED_TYPE', value: { fieldName: { name: 'a' }, typeSignature: { rawType: 'integer', arguments: [] } } },
      { kind: 'NAMED_TYPE', value: { fieldName: { name: 'b' }, typeSignature: varchar } },
    ],
  });
  // Anonymous row fields have no fieldName.
  assert.deepEqual(result.columns[5].typeSignature.arguments[1],
    { kind: 'NAMED_TYPE', value: { typeSignature: { rawType: 'boolean', arguments: [] } } });
  assert.deepEqual(result.rows, [
    [['x', null], { k: 5, m: null }, [7, 'seven'], [['start', '2024-01-31']], [1, 2], [1.5, true]],
    [[], {}, null, null, [1, 2], [1.5, true]],
  ]);
});

await check('subscript errors have Trino\'s error name and message', async () => {
  const result = await run('SELECT ARRAY[1, 2][3]');
  assert.equal(result.error.errorName, 'INVALID_FUNCTION_ARGUMENT');
  assert.equal(result.error.message, 'Array subscript must be less than or equal to array length: 3 > 2');
});

await check('metadata browsing: information_schema and system.jdbc', async () => {
  const tables = await succeed("SELECT table_name FROM iceberg.information_schema.tables WHERE table_schema = 'demo' ORDER BY 1");
  assert.deepEqual(tables.rows.map(r => r[0]), ['big', 'nested', 'typed']);
  const columns = await succeed("SELECT column_name, data_type, type_name FROM system.jdbc.columns " +
    "WHERE table_cat = 'iceberg' AND table_schem LIKE 'demo' ESCAPE '\\' AND table_name LIKE 'nested' ESCAPE '\\' " +
    'ORDER BY ordinal_position');
  assert.deepEqual(columns.rows, [
    ['id', 4, 'integer'], ['tags', 2003, 'array(varchar)'], ['attrs', 2000, 'map(varchar, bigint)'],
    ['p', 2000, 'row(a integer, b varchar)'], ['events', 2003, 'array(row(name varchar, at date))']]);
  const files = await succeed('SELECT record_count, column_sizes, split_offsets FROM demo."nested$files"');
  assert.equal(files.rows.length, 1);
  assert.equal(files.rows[0][0], 2);
  assert.equal(typeof files.rows[0][1], 'object');
  assert.ok(Array.isArray(files.rows[0][2]));
});

// Drains a statement posted with `headers`; the last page's body and headers.
async function drain(sql, headers = {}) {
  let response = await post(sql, headers);
  let body = await response.json();
  let last = response.headers;
  const data = [];
  while (true) {
    if (body.data) data.push(...body.data);
    if (!body.nextUri) break;
    response = await fetch(body.nextUri, { headers: { 'X-Trino-User': 'tester' } });
    last = response.headers;
    body = await response.json();
  }
  return { body, headers: last, data };
}

await check('X-Trino-Time-Zone sets the session zone; values in named zones', async () => {
  const { body, data } = await drain(
    "SELECT current_timezone(), CAST(TIMESTAMP '2020-07-01 12:00:00' AS timestamp(0) with time zone), " +
      "TIMESTAMP '2020-03-08 07:00:00 UTC' AT TIME ZONE 'America/New_York'",
    { 'X-Trino-Time-Zone': 'Europe/Paris' });
  assert.equal(body.stats.state, 'FINISHED');
  assert.deepEqual(data, [['Europe/Paris', '2020-07-01 12:00:00 Europe/Paris', '2020-03-08 03:00:00 America/New_York']]);
  assert.equal(body.columns[1].type, 'timestamp(0) with time zone');
  const bad = await drain('SELECT 1', { 'X-Trino-Time-Zone': 'Nowhere/Land' });
  assert.equal(bad.body.error.errorName, 'INVALID_FUNCTION_ARGUMENT');
  assert.match(bad.body.error.message, /Time zone not supported: Nowhere\/Land/);
});

await check('SET TIME ZONE answers with X-Trino-Set-Session time_zone_id, which the next request sends back', async () => {
  const set = await drain("SET TIME ZONE 'Asia/Kolkata'");
  assert.equal(set.body.stats.state, 'FINISHED');
  assert.equal(set.headers.get('x-trino-set-session'), 'time_zone_id=Asia%2FKolkata');
  const { data } = await drain('SELECT current_timezone()', { 'X-Trino-Session': 'time_zone_id=Asia%2FKolkata' });
  assert.deepEqual(data, [['Asia/Kolkata']]);
});

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

// Load generators for bench/catalog_rest.sh that wrk cannot express.
//   commits URL NS TABLE COUNT
//       COUNT fast appends to one table, one after another, the way a writer
//       does them (add-snapshot + set-snapshot-ref main, assert-ref-snapshot-id),
//       each built from the previous commit's response; prints commits/s per
//       window of 250 commits.
//   big-table URL WAREHOUSE NS TABLE SNAPSHOTS
//       writes a v2 metadata file with SNAPSHOTS snapshots (a single lineage,
//       its snapshot log, 14-entry summaries) and registers it as NS.TABLE.
//   many-tables URL NS COUNT
//       creates COUNT tables (8 requests in flight) and then loads each once.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';

const [command, url, ...args] = process.argv.slice(2);

async function call(method, urlPath, body) {
  const response = await fetch(url + urlPath, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${urlPath}: ${response.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

const schema = {
  type: 'struct', 'schema-id': 0,
  fields: [{ id: 1, name: 'id', required: true, type: 'long' }, { id: 2, name: 'ts', required: false, type: 'timestamptz' }],
};

async function commits(ns, table, count) {
  let metadata = (await call('GET', `/v1/namespaces/${ns}/tables/${table}`)).metadata;
  let windowStart = performance.now();
  const started = windowStart;
  for (let i = 1; i <= count; i += 1) {
    const parent = metadata['current-snapshot-id'];
    const hasParent = parent !== undefined && parent !== null && parent !== -1;
    const id = 1_000_000 + i;
    const snapshot = {
      'snapshot-id': id, 'sequence-number': metadata['last-sequence-number'] + 1, 'timestamp-ms': Date.now(),
      'manifest-list': `${metadata.location}/metadata/snap-${id}-1-${randomUUID()}.avro`,
      summary: { operation: 'append', 'added-data-files': '1', 'added-records': '100', 'total-records': String(100 * i) },
      'schema-id': metadata['current-schema-id'],
    };
    if (hasParent) snapshot['parent-snapshot-id'] = parent;
    metadata = (await call('POST', `/v1/namespaces/${ns}/tables/${table}`, {
      requirements: [{ type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': hasParent ? parent : null }],
      updates: [{ action: 'add-snapshot', snapshot }, { action: 'set-snapshot-ref', 'ref-name': 'main', type: 'branch', 'snapshot-id': id }],
    })).metadata;
    if (i % 250 === 0) {
      const now = performance.now();
      console.log(`  commits ${i - 249}-${i}: ${(250 / ((now - windowStart) / 1000)).toFixed(0)} commits/s`);
      windowStart = now;
    }
  }
  console.log(`  ${count} commits: ${(count / ((performance.now() - started) / 1000)).toFixed(0)} commits/s overall`);
}

async function bigTable(warehouse, ns, table, count) {
  const location = path.join(warehouse, ns, table);
  fs.mkdirSync(path.join(location, 'metadata'), { recursive: true });
  const start = Date.now() - count * 1000;
  const snapshots = [];
  const log = [];
  for (let i = 1; i <= count; i += 1) {
    const snapshot = {
      'snapshot-id': i, 'sequence-number': i, 'timestamp-ms': start + i * 1000,
      'manifest-list': `${location}/metadata/snap-${i}-1-${randomUUID()}.avro`,
      summary: {
        operation: 'append', 'added-data-files': '1', 'added-records': '100', 'added-files-size': '4096',
        'changed-partition-count': '1', 'total-records': String(100 * i), 'total-files-size': String(4096 * i),
        'total-data-files': String(i), 'total-delete-files': '0', 'total-position-deletes': '0',
        'total-equality-deletes': '0', 'engine-name': 'bench', 'engine-version': '1', 'iceberg-version': 'bench',
      },
      'schema-id': 0,
    };
    if (i > 1) snapshot['parent-snapshot-id'] = i - 1;
    snapshots.push(snapshot);
    log.push({ 'snapshot-id': i, 'timestamp-ms': start + i * 1000 });
  }
  const metadata = {
    'format-version': 2, 'table-uuid': randomUUID(), location, 'last-sequence-number': count,
    'last-updated-ms': start + count * 1000, 'last-column-id': 2, 'current-schema-id': 0, schemas: [schema],
    'default-spec-id': 0, 'partition-specs': [{ 'spec-id': 0, fields: [] }], 'last-partition-id': 999,
    'default-sort-order-id': 0, 'sort-orders': [{ 'order-id': 0, fields: [] }], properties: {},
    'current-snapshot-id': count, refs: { main: { 'snapshot-id': count, type: 'branch' } },
    snapshots, 'snapshot-log': log, 'metadata-log': [],
  };
  const file = path.join(location, 'metadata', `00000-${randomUUID()}.metadata.json`);
  fs.writeFileSync(file, JSON.stringify(metadata));
  await call('POST', `/v1/namespaces/${ns}/register`, { name: table, 'metadata-location': file });
  console.log(`  registered ${ns}.${table}: ${count} snapshots, ${(fs.statSync(file).size / 1e6).toFixed(2)} MB of metadata`);
}

async function manyTables(ns, count) {
  let next = 0;
  const started = performance.now();
  const worker = async (make) => {
    for (let i = next++; i < count; i = next++) await make(i);
  };
  await Promise.all(Array.from({ length: 8 }, () => worker((i) => call('POST', `/v1/namespaces/${ns}/tables`, { name: `t${i}`, schema }))));
  const created = performance.now();
  next = 0;
  await Promise.all(Array.from({ length: 8 }, () => worker((i) => call('GET', `/v1/namespaces/${ns}/tables/t${i}`))));
  console.log(`  created ${count} tables in ${((created - started) / 1000).toFixed(1)} s ` +
    `(${(count / ((created - started) / 1000)).toFixed(0)}/s, 8 in flight), loaded each once in ${((performance.now() - created) / 1000).toFixed(1)} s`);
}

if (command === 'commits') await commits(args[0], args[1], Number(args[2]));
else if (command === 'big-table') await bigTable(args[0], args[1], args[2], Number(args[3]));
else if (command === 'many-tables') await manyTables(args[0], Number(args[1]));
else {
  console.error('usage: catalog_bench.mjs commits|big-table|many-tables URL ...');
  process.exit(2);
}

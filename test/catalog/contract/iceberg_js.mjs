// A real client against `floe serve`: iceberg-js (npm), the REST catalog
// client, creates nested namespaces and tables, lists, loads, commits,
// renames and drops them, and sees floe's errors as typed IcebergErrors.
// Runs on SQLite, or on the PostgreSQL of FLOE_TEST_POSTGRES_URI when set.
import path from 'node:path';
import { IcebergError, IcebergRestCatalog } from 'iceberg-js';
import { Checks, scratch, startServer, stopServer, timeLimit } from './harness.mjs';

timeLimit(120);
const checks = new Checks();
const dir = scratch('iceberg-js');
const catalogUri = process.env.FLOE_TEST_POSTGRES_URI || path.join(dir, 'catalog.db');
const server = await startServer({ warehouse: path.join(dir, 'warehouse'), catalogUri, name: 'iceberg-js' });
const catalog = new IcebergRestCatalog({ baseUrl: server.url });

// Runs `action`, which must fail with an IcebergError of `status` (and `type`).
async function expectError(action, status, type, what) {
  try {
    await action();
    checks.ok(false, `${what}: fails with ${status}`, 'it succeeded');
  } catch (error) {
    checks.ok(error instanceof IcebergError, `${what}: an IcebergError`, String(error));
    checks.equal(error.status, status, `${what}: status`);
    if (type) checks.equal(error.icebergType, type, `${what}: Iceberg error type`);
  }
}

const config = await catalog.loadConfig();
checks.ok(Array.isArray(config.endpoints) && config.endpoints.length > 0, 'loadConfig returns the endpoints');

// Namespaces.
await catalog.createNamespace({ namespace: ['analytics'] }, { properties: { owner: 'iceberg-js' } });
await catalog.createNamespace({ namespace: ['analytics', 'web'] });
await catalog.createNamespace({ namespace: ['staging'] });
const top = await catalog.listNamespaces();
checks.equal(top.namespaces.map((n) => n.namespace ?? n).map((n) => n.join('.')).sort(), ['analytics', 'staging'], 'listNamespaces: top level');
const children = await catalog.listNamespaces({ parent: { namespace: ['analytics'] } });
checks.equal(children.namespaces.map((n) => (n.namespace ?? n).join('.')), ['analytics.web'], 'listNamespaces: children of analytics');
const metadata = await catalog.loadNamespaceMetadata({ namespace: ['analytics'] });
checks.equal(metadata.properties?.owner, 'iceberg-js', 'loadNamespaceMetadata: the properties');
checks.equal(await catalog.namespaceExists({ namespace: ['analytics', 'web'] }), true, 'namespaceExists: nested');
checks.equal(await catalog.namespaceExists({ namespace: ['nowhere'] }), false, 'namespaceExists: missing');
const changed = await catalog.updateNamespaceProperties({ namespace: ['analytics'] }, { updates: { tier: 'gold' }, removals: ['owner'] });
checks.equal([changed.updated, changed.removed], [['tier'], ['owner']], 'updateNamespaceProperties');
await expectError(() => catalog.createNamespace({ namespace: ['analytics'] }), 409, 'AlreadyExistsException', 'createNamespace twice');
await expectError(() => catalog.loadNamespaceMetadata({ namespace: ['nowhere'] }), 404, 'NoSuchNamespaceException', 'loadNamespaceMetadata of a missing namespace');

// Tables.
const schema = {
  type: 'struct',
  'schema-id': 0,
  fields: [
    { id: 1, name: 'id', type: 'long', required: true },
    { id: 2, name: 'timestamp', type: 'timestamptz', required: true },
    { id: 3, name: 'user_id', type: 'string', required: false },
    { id: 4, name: 'amount', type: 'decimal(12, 2)', required: false },
  ],
  'identifier-field-ids': [1],
};
const created = await catalog.createTable({ namespace: ['analytics', 'web'] }, {
  name: 'events',
  schema,
  'partition-spec': { 'spec-id': 0, fields: [{ 'source-id': 2, 'field-id': 1000, name: 'timestamp_day', transform: 'day' }] },
  'write-order': { 'order-id': 0, fields: [] },
  properties: { 'write.format.default': 'parquet' },
});
checks.equal(created['format-version'], 2, 'createTable returns v2 metadata');
checks.ok(typeof created['table-uuid'] === 'string' && created['table-uuid'].length === 36, 'createTable assigns a uuid');
checks.equal(created.schemas?.[0]?.['identifier-field-ids'], [1], 'the identifier field ids are kept');
const withResult = await catalog.createTableResult({ namespace: ['analytics'] }, { name: 'visits', schema });
checks.ok(withResult['metadata-location']?.endsWith('.metadata.json'), 'createTableResult returns the metadata location');
await expectError(() => catalog.createTable({ namespace: ['analytics', 'web'] }, { name: 'events', schema }), 409, 'AlreadyExistsException', 'createTable twice');
await expectError(() => catalog.createTable({ namespace: ['nowhere'] }, { name: 'events', schema }), 404, 'NoSuchNamespaceException', 'createTable in a missing namespace');

const listed = await catalog.listTables({ namespace: ['analytics', 'web'] });
checks.equal(listed.identifiers.map((i) => [i.namespace, i.name]), [[['analytics', 'web'], 'events']], 'listTables');
const loaded = await catalog.loadTable({ namespace: ['analytics', 'web'], name: 'events' });
checks.equal(loaded['table-uuid'], created['table-uuid'], 'loadTable returns the created table');
checks.equal(loaded['partition-specs']?.[0]?.fields?.[0]?.name, 'timestamp_day', 'loadTable: the partition spec');
const loadedResult = await catalog.loadTableResult({ namespace: ['analytics', 'web'], name: 'events' });
checks.ok(loadedResult?.['metadata-location']?.endsWith('.metadata.json'), 'loadTableResult: the metadata location');
checks.equal(await catalog.tableExists({ namespace: ['analytics', 'web'], name: 'events' }), true, 'tableExists');
checks.equal(await catalog.tableExists({ namespace: ['analytics', 'web'], name: 'nothing' }), false, 'tableExists: missing');
await expectError(() => catalog.loadTable({ namespace: ['analytics', 'web'], name: 'nothing' }), 404, 'NoSuchTableException', 'loadTable of a missing table');

const committed = await catalog.updateTable({ namespace: ['analytics', 'web'], name: 'events' }, {
  requirements: [{ type: 'assert-table-uuid', uuid: created['table-uuid'] }],
  updates: [{ action: 'set-properties', updates: { 'commit.manifest.min-count-to-merge': '10' } }],
});
checks.equal(committed.metadata?.properties?.['commit.manifest.min-count-to-merge'], '10', 'updateTable sets a property');
await expectError(() => catalog.updateTable({ namespace: ['analytics', 'web'], name: 'events' }, {
  requirements: [{ type: 'assert-current-schema-id', 'current-schema-id': 9 }],
  updates: [{ action: 'set-properties', updates: { a: 'b' } }],
}), 409, 'CommitFailedException', 'updateTable with a failing requirement');

await catalog.renameTable({ source: { namespace: ['analytics'], name: 'visits' }, destination: { namespace: ['staging'], name: 'visits_v1' } });
checks.equal(await catalog.tableExists({ namespace: ['staging'], name: 'visits_v1' }), true, 'renameTable across namespaces');
const registered = await catalog.registerTable({ namespace: ['staging'] }, { name: 'events_copy', 'metadata-location': loadedResult?.['metadata-location'] });
checks.equal(registered['table-uuid'], created['table-uuid'], 'registerTable of the events metadata file');

await expectError(() => catalog.dropNamespace({ namespace: ['staging'] }), 409, 'NamespaceNotEmptyException', 'dropNamespace of a namespace with tables');
await catalog.dropTable({ namespace: ['staging'], name: 'visits_v1' });
await catalog.dropTable({ namespace: ['staging'], name: 'events_copy' }, { purge: false });
await catalog.dropNamespace({ namespace: ['staging'] });
checks.equal(await catalog.namespaceExists({ namespace: ['staging'] }), false, 'dropNamespace');
await expectError(() => catalog.dropTable({ namespace: ['analytics'], name: 'visits' }), 404, 'NoSuchTableException', 'dropTable of a renamed-away table');

// A client that names a warehouse resolves its prefix through /v1/config and
// sends every request under /v1/{prefix}/.
const prefixed = new IcebergRestCatalog({ baseUrl: server.url, warehouse: 'warehouse' });
const throughPrefix = await prefixed.loadTable({ namespace: ['analytics', 'web'], name: 'events' });
checks.equal(throughPrefix['table-uuid'], created['table-uuid'], 'loadTable under the warehouse prefix');

await stopServer(server);
checks.finish();

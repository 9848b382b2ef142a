// Contract test of the REST catalog: starts a real `floe serve` (SQLite store
// in a temporary directory, or the PostgreSQL of FLOE_TEST_POSTGRES_URI when
// set), calls every implemented route and checks
//   - the status code of each success and each documented error,
//   - that every response body is valid against the OpenAPI component schema
//     the spec gives for that operation and status (ajv, $refs resolved
//     inside the spec document),
//   - that error bodies carry the right `code` and `type`,
//   - and what the responses say (namespaces, properties, tables, views).
// Usage (through run.sh): contract.mjs path/to/rest-catalog-open-api.yaml
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import YAML from 'yaml';
import { Checks, namespacePath, request, scratch, startServer, stopServer, timeLimit } from './harness.mjs';

timeLimit(120);
const specPath = process.argv[2];
if (!specPath || !fs.existsSync(specPath)) {
  console.log(`FAIL: OpenAPI spec not found: ${specPath} (rest-catalog-open-api.yaml from the shared spec folder)`);
  process.exit(1);
}
const spec = YAML.parse(fs.readFileSync(specPath, 'utf8'));
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: 'rest', components: spec.components, paths: spec.paths });

const pointerSegment = (text) => text.replaceAll('~', '~0').replaceAll('/', '~1');
const validators = new Map();
function validatorAt(pointer) {
  if (!validators.has(pointer)) validators.set(pointer, ajv.getSchema(`rest#${pointer}`));
  return validators.get(pointer);
}

const checks = new Checks();

// The schema of the response the spec documents for (template, method, status):
// { pointer } of its JSON schema, { empty: true } when it has no body, or
// undefined when the status is not documented for the operation.
function documentedResponse(template, method, status) {
  const operation = spec.paths[template]?.[method.toLowerCase()];
  if (!operation) throw new Error(`no operation ${method} ${template} in the spec`);
  const key = String(status);
  let response = operation.responses[key] ?? operation.responses[`${key[0]}XX`];
  let pointer = `/paths/${pointerSegment(template)}/${method.toLowerCase()}/responses/${response === operation.responses[key] ? key : `${key[0]}XX`}`;
  if (!response) return undefined;
  if (response.$ref) {
    pointer = response.$ref.slice(1);
    response = response.$ref.slice(2).split('/').reduce((node, part) => node[part], spec);
  }
  if (!response.content) return { empty: true };
  // Some view operations document their errors as a bare ErrorModel, while
  // the spec's own examples for them (NoSuchViewError, ...) and every other
  // operation wrap it as IcebergErrorResponse {"error": ErrorModel}; the
  // wrapped form is what clients parse, so it is what is validated.
  if (response.content['application/json']?.schema?.$ref === '#/components/schemas/ErrorModel') {
    return { pointer: '/components/schemas/IcebergErrorResponse' };
  }
  return { pointer: `${pointer}/content/application~1json/schema` };
}

function validateRequestBody(schemaName, body, what) {
  const validate = validatorAt(`/components/schemas/${schemaName}`);
  checks.ok(validate(body), `${what}: the request sent is a valid ${schemaName}`, ajv.errorsText(validate.errors));
}

let server;
let prefix = '';

// Calls one operation of the spec. `template` is the spec's path; `params`
// fill it (namespace: array of levels). Checks the status and validates the
// body against the documented response schema. Returns the response.
async function call(method, template, { params = {}, query = '', body, headers, expect, errorType, what }) {
  let urlPath = template.replace('/{prefix}', prefix ? `/${encodeURIComponent(prefix)}` : '');
  for (const [name, value] of Object.entries(params)) {
    urlPath = urlPath.replace(`{${name}}`, name === 'namespace' ? namespacePath(value) : encodeURIComponent(value));
  }
  urlPath += query;
  const label = `${what ?? ''} [${method} ${urlPath}]`;
  const response = await request(server.url, method, urlPath, { body, headers });
  checks.equal(response.status, expect, `${label}: status`);
  const documented = documentedResponse(template, method, response.status);
  if (!checks.ok(documented !== undefined, `${label}: status ${response.status} is documented for the operation`)) {
    return response;
  }
  if (documented.empty || method === 'HEAD') {
    checks.ok(response.text === '', `${label}: no body with ${response.status}`, response.text.slice(0, 200));
  } else {
    const validate = validatorAt(documented.pointer);
    checks.ok(response.json !== undefined && validate(response.json),
      `${label}: body valid against ${documented.pointer}`,
      response.json === undefined ? `not JSON: ${response.text.slice(0, 200)}` : ajv.errorsText(validate.errors));
  }
  if (response.status >= 400 && method !== 'HEAD' && response.json?.error) {
    checks.equal(response.json.error.code, response.status, `${label}: error.code`);
    if (errorType) checks.equal(response.json.error.type, errorType, `${label}: error.type`);
    checks.ok(typeof response.json.error.message === 'string' && response.json.error.message.length > 0,
      `${label}: error.message says what is wrong`);
  }
  return response;
}

const V1 = '/v1/{prefix}';
const NS = `${V1}/namespaces`;
const NS_ONE = `${NS}/{namespace}`;
const TABLES = `${NS_ONE}/tables`;
const TABLE = `${TABLES}/{table}`;
const VIEWS = `${NS_ONE}/views`;
const VIEW = `${VIEWS}/{view}`;

const schema = {
  type: 'struct',
  'schema-id': 0,
  fields: [
    { id: 1, name: 'id', required: true, type: 'long' },
    { id: 2, name: 'ts', required: false, type: 'timestamptz' },
    { id: 3, name: 'region', required: false, type: 'string' },
  ],
};

async function testConfig() {
  const response = await call('GET', '/v1/config', { expect: 200, what: 'getConfig' });
  const config = response.json ?? {};
  prefix = config.overrides?.prefix ?? '';
  checks.ok(Array.isArray(config.endpoints) && config.endpoints.length > 0, 'config lists its endpoints');
  checks.ok(typeof config['idempotency-key-lifetime'] === 'string', 'config has idempotency-key-lifetime');
  return new Set(config.endpoints ?? []);
}

async function testNamespaces() {
  const props = { owner: 'contract', comment: 'made by the contract test' };
  const createBody = { namespace: ['contract'], properties: props };
  validateRequestBody('CreateNamespaceRequest', createBody, 'createNamespace');
  const created = await call('POST', NS, { body: createBody, expect: 200, what: 'createNamespace' });
  checks.equal(created.json?.namespace, ['contract'], 'createNamespace echoes the namespace');
  checks.equal(created.json?.properties?.owner, 'contract', 'createNamespace returns the properties');
  await call('POST', NS, { body: createBody, expect: 409, errorType: 'AlreadyExistsException', what: 'createNamespace twice' });
  await call('POST', NS, { body: { namespace: ['contract', 'nested'] }, expect: 200, what: 'nested namespace' });
  await call('POST', NS, { body: { namespace: ['contract', 'nested', 'deep'] }, expect: 200, what: 'three levels' });
  await call('POST', NS, { body: { namespace: ['other'] }, expect: 200, what: 'second top-level namespace' });

  await call('POST', NS, { body: '{"namespace": ["broken"', expect: 400, errorType: 'BadRequestException', what: 'malformed JSON' });
  const missing = await call('POST', NS, { body: {}, expect: 400, errorType: 'BadRequestException', what: 'missing namespace field' });
  checks.ok(/namespace/.test(missing.json?.error?.message ?? ''), 'the missing-field message names the field', missing.text);
  await call('POST', NS, { body: { namespace: 'flat' }, expect: 400, errorType: 'BadRequestException', what: 'namespace of the wrong type' });
  await call('POST', NS, { body: { namespace: ['typed'], properties: { n: 1 } }, expect: 400, errorType: 'BadRequestException', what: 'a property that is not a string' });
  await call('POST', NS, { body: '[1,2]', expect: 400, errorType: 'BadRequestException', what: 'body that is not an object' });
  // Names become directories in the warehouse: none may leave it.
  for (const level of ['..', '.', 'a/b', 'a\\b', 'tab\there', 'nul\u0000']) {
    await call('POST', NS, { body: { namespace: ['contract', level] }, expect: 400, errorType: 'BadRequestException', what: `namespace level ${JSON.stringify(level)}` });
  }

  const loaded = await call('GET', NS_ONE, { params: { namespace: ['contract'] }, expect: 200, what: 'loadNamespaceMetadata' });
  checks.equal(loaded.json?.properties?.comment, props.comment, 'loadNamespaceMetadata returns the properties');
  const nested = await call('GET', NS_ONE, { params: { namespace: ['contract', 'nested', 'deep'] }, expect: 200, what: 'load a nested namespace (%1F)' });
  checks.equal(nested.json?.namespace, ['contract', 'nested', 'deep'], 'the nested namespace has three levels');
  await call('GET', NS_ONE, { params: { namespace: ['missing'] }, expect: 404, errorType: 'NoSuchNamespaceException', what: 'load a missing namespace' });
  await call('HEAD', NS_ONE, { params: { namespace: ['contract', 'nested'] }, expect: 204, what: 'namespaceExists' });
  await call('HEAD', NS_ONE, { params: { namespace: ['contract', 'missing'] }, expect: 404, what: 'namespaceExists, missing' });

  const top = await call('GET', NS, { expect: 200, what: 'listNamespaces' });
  checks.equal((top.json?.namespaces ?? []).map((n) => n.join('.')).sort(), ['contract', 'other'], 'top-level namespaces');
  const children = await call('GET', NS, { query: `?parent=${namespacePath(['contract'])}`, expect: 200, what: 'listNamespaces with parent' });
  checks.equal(children.json?.namespaces, [['contract', 'nested']], 'children of contract (not grandchildren)');
  const grandchildren = await call('GET', NS, { query: `?parent=${namespacePath(['contract', 'nested'])}`, expect: 200, what: 'listNamespaces with a nested parent' });
  checks.equal(grandchildren.json?.namespaces, [['contract', 'nested', 'deep']], 'children of contract.nested');
  await call('GET', NS, { query: `?parent=${namespacePath(['missing'])}`, expect: 404, errorType: 'NoSuchNamespaceException', what: 'listNamespaces of a missing parent' });

  // Paging: 7 children listed 3 at a time.
  await call('POST', NS, { body: { namespace: ['paging'] }, expect: 200, what: 'paging parent' });
  for (let i = 0; i < 7; i += 1) {
    await call('POST', NS, { body: { namespace: ['paging', `p${i}`] }, expect: 200, what: `paging child ${i}` });
  }
  const seen = [];
  let token = '';
  for (let pages = 0; pages < 10; pages += 1) {
    const page = await call('GET', NS, {
      query: `?parent=paging&pageSize=3&pageToken=${encodeURIComponent(token)}`, expect: 200, what: `listNamespaces page ${pages}`,
    });
    const items = page.json?.namespaces ?? [];
    checks.ok(items.length <= 3, 'a page holds at most pageSize namespaces');
    seen.push(...items.map((n) => n.join('.')));
    token = page.json?.['next-page-token'];
    if (token === null || token === undefined) break;
  }
  checks.equal(seen.sort(), [0, 1, 2, 3, 4, 5, 6].map((i) => `paging.p${i}`), 'the pages together list every child once');
  await call('GET', NS, { query: '?pageToken=&pageSize=0', expect: 400, errorType: 'BadRequestException', what: 'pageSize 0' });

  const update = { removals: ['comment', 'never-set'], updates: { owner: 'someone', tier: 'gold' } };
  validateRequestBody('UpdateNamespacePropertiesRequest', update, 'updateProperties');
  const changed = await call('POST', `${NS_ONE}/properties`, { params: { namespace: ['contract'] }, body: update, expect: 200, what: 'updateProperties' });
  checks.equal([...(changed.json?.updated ?? [])].sort(), ['owner', 'tier'], 'updateProperties: updated');
  checks.equal(changed.json?.removed, ['comment'], 'updateProperties: removed');
  checks.equal(changed.json?.missing, ['never-set'], 'updateProperties: missing');
  const after = await call('GET', NS_ONE, { params: { namespace: ['contract'] }, expect: 200, what: 'namespace after the update' });
  checks.equal([after.json?.properties?.owner, after.json?.properties?.tier, after.json?.properties?.comment], ['someone', 'gold', undefined], 'the properties changed');
  await call('POST', `${NS_ONE}/properties`, {
    params: { namespace: ['contract'] }, body: { removals: ['tier'], updates: { tier: 'silver' } }, expect: 422, errorType: 'UnprocessableEntityException', what: 'a key both set and removed',
  });
  await call('POST', `${NS_ONE}/properties`, { params: { namespace: ['missing'] }, body: { updates: { a: 'b' } }, expect: 404, errorType: 'NoSuchNamespaceException', what: 'updateProperties of a missing namespace' });
  await call('POST', `${NS_ONE}/properties`, { params: { namespace: ['contract'] }, body: { updates: ['a'] }, expect: 400, errorType: 'BadRequestException', what: 'updates of the wrong type' });

  await call('DELETE', NS_ONE, { params: { namespace: ['contract', 'nested'] }, expect: 409, errorType: 'NamespaceNotEmptyException', what: 'drop a namespace with a child namespace' });
  await call('DELETE', NS_ONE, { params: { namespace: ['contract', 'nested', 'deep'] }, expect: 204, what: 'dropNamespace' });
  await call('DELETE', NS_ONE, { params: { namespace: ['contract', 'nested', 'deep'] }, expect: 404, errorType: 'NoSuchNamespaceException', what: 'drop it again' });

  // Idempotency-Key: the retried create replays the first response.
  const key = '0190b2a4-35c7-7b1e-9c1f-0c6a4e0f0a11';
  const first = await call('POST', NS, { body: { namespace: ['idempotent'] }, headers: { 'Idempotency-Key': key }, expect: 200, what: 'create with an Idempotency-Key' });
  const replay = await call('POST', NS, { body: { namespace: ['idempotent'] }, headers: { 'Idempotency-Key': key }, expect: 200, what: 'the same create retried with its key' });
  checks.equal(replay.json, first.json, 'the retry replays the stored response');
}

function createTableBody(name, extra = {}) {
  return {
    name,
    schema,
    'partition-spec': { fields: [{ 'source-id': 2, 'field-id': 1000, name: 'ts_day', transform: 'day' }] },
    'write-order': { 'order-id': 1, fields: [{ 'source-id': 1, transform: 'identity', direction: 'asc', 'null-order': 'nulls-first' }] },
    properties: { 'write.format.default': 'parquet' },
    ...extra,
  };
}

async function commit(table, body, expect, what, errorType) {
  return call('POST', TABLE, { params: { namespace: table.ns, table: table.name }, body, expect, errorType, what });
}

async function testTables() {
  const events = { ns: ['contract'], name: 'events' };
  const body = createTableBody('events');
  validateRequestBody('CreateTableRequest', body, 'createTable');
  const created = await call('POST', TABLES, { params: { namespace: ['contract'] }, body, expect: 200, what: 'createTable' });
  const metadata = created.json?.metadata ?? {};
  checks.ok(typeof created.json?.['metadata-location'] === 'string' && created.json['metadata-location'].endsWith('.metadata.json'),
    'createTable returns the metadata location', created.json?.['metadata-location']);
  checks.equal(metadata['format-version'], 2, 'new tables are format v2');
  checks.ok(typeof metadata.location === 'string' && metadata.location.endsWith('/contract/events'), 'the table location defaults under the warehouse', metadata.location);
  checks.equal(metadata['default-spec-id'], 0, 'the partition spec gets id 0');
  checks.equal(metadata['default-sort-order-id'], 1, 'the sort order gets id 1');
  checks.equal(metadata['last-partition-id'], 1000, 'the partition field id');
  checks.ok(fs.existsSync(new URL(`file://${created.json?.['metadata-location']?.replace(/^file:\/\//, '')}`)),
    'the metadata file exists on disk');

  await call('POST', TABLES, { params: { namespace: ['contract'] }, body, expect: 409, errorType: 'AlreadyExistsException', what: 'createTable twice' });
  await call('POST', TABLES, { params: { namespace: ['missing'] }, body, expect: 404, errorType: 'NoSuchNamespaceException', what: 'createTable in a missing namespace' });
  const noSchema = await call('POST', TABLES, { params: { namespace: ['contract'] }, body: { name: 'x' }, expect: 400, errorType: 'BadRequestException', what: 'createTable without a schema' });
  checks.ok(/schema/.test(noSchema.json?.error?.message ?? ''), 'the message names the missing schema', noSchema.text);
  await call('POST', TABLES, { params: { namespace: ['contract'] }, body: '{"name": "x", "schema": {', expect: 400, errorType: 'BadRequestException', what: 'createTable, malformed JSON' });
  for (const name of ['..', '../escape', 'a/b', 'ctrl\u0001']) {
    const escape = await call('POST', TABLES, { params: { namespace: ['contract'] }, body: createTableBody(name), expect: 400, errorType: 'BadRequestException', what: `table name ${JSON.stringify(name)}` });
    checks.ok(/name/.test(escape.json?.error?.message ?? ''), 'the message says the name is invalid', escape.text);
  }
  checks.ok(!fs.existsSync(path.join(path.dirname(metadata.location ?? '/'), '..', 'escape')), 'nothing was written outside the namespace directory');
  await call('POST', TABLES, { params: { namespace: ['contract'] }, body: { name: 'x', schema: { type: 'struct', fields: [{ id: 1, name: 'a', required: true, type: 'no-such-type' }] } }, expect: 400, errorType: 'BadRequestException', what: 'createTable with an unknown type' });

  const loaded = await call('GET', TABLE, { params: { namespace: ['contract'], table: 'events' }, expect: 200, what: 'loadTable' });
  checks.equal(loaded.json?.metadata?.['table-uuid'], metadata['table-uuid'], 'loadTable returns the created table');
  await call('GET', TABLE, { params: { namespace: ['contract'], table: 'missing' }, expect: 404, errorType: 'NoSuchTableException', what: 'loadTable of a missing table' });
  await call('HEAD', TABLE, { params: { namespace: ['contract'], table: 'events' }, expect: 204, what: 'tableExists' });
  await call('HEAD', TABLE, { params: { namespace: ['contract'], table: 'missing' }, expect: 404, what: 'tableExists, missing' });

  // Stage-create, then the commit that creates it (what engines send for CTAS).
  const staged = await call('POST', TABLES, { params: { namespace: ['contract'] }, body: createTableBody('staged', { 'stage-create': true }), expect: 200, what: 'stage-create' });
  const stagedMetadata = staged.json?.metadata ?? {};
  await call('HEAD', TABLE, { params: { namespace: ['contract'], table: 'staged' }, expect: 404, what: 'a staged table does not exist yet' });
  const createCommit = {
    requirements: [{ type: 'assert-create' }],
    updates: [
      { action: 'assign-uuid', uuid: stagedMetadata['table-uuid'] },
      { action: 'upgrade-format-version', 'format-version': 2 },
      { action: 'add-schema', schema: stagedMetadata.schemas?.[0], 'last-column-id': stagedMetadata['last-column-id'] },
      { action: 'set-current-schema', 'schema-id': -1 },
      { action: 'add-spec', spec: stagedMetadata['partition-specs']?.[0] },
      { action: 'set-default-spec', 'spec-id': -1 },
      { action: 'add-sort-order', 'sort-order': stagedMetadata['sort-orders']?.find((o) => o['order-id'] === stagedMetadata['default-sort-order-id']) },
      { action: 'set-default-sort-order', 'sort-order-id': -1 },
      { action: 'set-location', location: stagedMetadata.location },
      { action: 'set-properties', updates: stagedMetadata.properties ?? {} },
    ],
  };
  validateRequestBody('CommitTableRequest', createCommit, 'commit of a staged create');
  const completed = await commit({ ns: ['contract'], name: 'staged' }, createCommit, 200, 'commit of a staged create');
  checks.equal(completed.json?.metadata?.['table-uuid'], stagedMetadata['table-uuid'], 'the staged table keeps its uuid');
  await call('HEAD', TABLE, { params: { namespace: ['contract'], table: 'staged' }, expect: 204, what: 'the staged table exists after its commit' });
  await commit({ ns: ['contract'], name: 'staged' }, createCommit, 409, 'assert-create on an existing table', 'AlreadyExistsException');

  // Commits with requirements and updates.
  const uuid = metadata['table-uuid'];
  const evolve = {
    identifier: { namespace: ['contract'], name: 'events' },
    requirements: [
      { type: 'assert-table-uuid', uuid },
      { type: 'assert-current-schema-id', 'current-schema-id': 0 },
      { type: 'assert-last-assigned-field-id', 'last-assigned-field-id': 3 },
    ],
    updates: [
      { action: 'add-schema', schema: { type: 'struct', 'schema-id': 1, fields: [...schema.fields, { id: 4, name: 'amount', required: false, type: 'decimal(10, 2)' }] }, 'last-column-id': 4 },
      { action: 'set-current-schema', 'schema-id': -1 },
      { action: 'set-properties', updates: { 'commit.retry.num-retries': '7', owner: 'contract' } },
    ],
  };
  validateRequestBody('CommitTableRequest', evolve, 'schema evolution commit');
  const evolved = await commit(events, evolve, 200, 'commit: add-schema, set-current-schema, set-properties');
  checks.equal(evolved.json?.metadata?.['current-schema-id'], 1, 'the new schema is current');
  checks.equal(evolved.json?.metadata?.['last-column-id'], 4, 'last-column-id moved');
  checks.ok(evolved.json?.['metadata-location'] !== created.json?.['metadata-location'], 'the commit wrote a new metadata file');

  await commit(events, { requirements: [{ type: 'assert-current-schema-id', 'current-schema-id': 0 }], updates: [{ action: 'set-properties', updates: { a: 'b' } }] },
    409, 'stale assert-current-schema-id', 'CommitFailedException');
  await commit(events, { requirements: [{ type: 'assert-table-uuid', uuid: '00000000-0000-0000-0000-000000000000' }], updates: [] },
    409, 'wrong assert-table-uuid', 'CommitFailedException');
  await commit(events, { requirements: [{ type: 'assert-last-assigned-field-id', 'last-assigned-field-id': 3 }], updates: [] },
    409, 'stale assert-last-assigned-field-id', 'CommitFailedException');

  const partitioned = await commit(events, {
    requirements: [{ type: 'assert-last-assigned-partition-id', 'last-assigned-partition-id': 1000 }, { type: 'assert-default-spec-id', 'default-spec-id': 0 }],
    updates: [
      { action: 'add-spec', spec: { fields: [{ 'source-id': 3, 'field-id': 1001, name: 'region', transform: 'identity' }] } },
      { action: 'set-default-spec', 'spec-id': -1 },
      { action: 'add-sort-order', 'sort-order': { 'order-id': 2, fields: [{ 'source-id': 2, transform: 'identity', direction: 'desc', 'null-order': 'nulls-last' }] } },
      { action: 'set-default-sort-order', 'sort-order-id': -1 },
      { action: 'remove-properties', removals: ['commit.retry.num-retries'] },
    ],
  }, 200, 'commit: add-spec, set-default-spec, add-sort-order, remove-properties');
  checks.equal(partitioned.json?.metadata?.['default-spec-id'], 1, 'the new spec is the default');
  checks.equal(partitioned.json?.metadata?.['default-sort-order-id'], 2, 'the new sort order is the default');
  checks.equal(partitioned.json?.metadata?.properties?.['commit.retry.num-retries'], undefined, 'the property was removed');
  await commit(events, { requirements: [{ type: 'assert-default-spec-id', 'default-spec-id': 0 }], updates: [] }, 409, 'stale assert-default-spec-id', 'CommitFailedException');
  await commit(events, { requirements: [{ type: 'assert-default-sort-order-id', 'default-sort-order-id': 1 }], updates: [] }, 409, 'stale assert-default-sort-order-id', 'CommitFailedException');

  // Two fast appends, a tag, a branch, then the refs removed.
  let current = partitioned.json?.metadata ?? {};
  const snapshotIds = [];
  for (let i = 1; i <= 2; i += 1) {
    const id = 7000 + i;
    const parent = current['current-snapshot-id'] ?? -1;
    const append = {
      requirements: [{ type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': parent === -1 ? null : parent }],
      updates: [
        { action: 'add-snapshot', snapshot: {
          'snapshot-id': id, ...(parent === -1 ? {} : { 'parent-snapshot-id': parent }), 'sequence-number': current['last-sequence-number'] + 1,
          'timestamp-ms': Date.now(), 'manifest-list': `${current.location}/metadata/snap-${id}.avro`,
          summary: { operation: 'append', 'added-data-files': '1', 'added-records': '10' }, 'schema-id': current['current-schema-id'],
        } },
        { action: 'set-snapshot-ref', 'ref-name': 'main', type: 'branch', 'snapshot-id': id },
      ],
    };
    validateRequestBody('CommitTableRequest', append, 'fast append');
    const appended = await commit(events, append, 200, `fast append ${i}`);
    current = appended.json?.metadata ?? {};
    snapshotIds.push(id);
    checks.equal(current['current-snapshot-id'], id, `append ${i} is current`);
  }
  await commit(events, {
    requirements: [{ type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': snapshotIds[0] }],
    updates: [{ action: 'set-properties', updates: { stale: 'yes' } }],
  }, 409, 'stale assert-ref-snapshot-id', 'CommitFailedException');
  const tagged = await commit(events, {
    requirements: [{ type: 'assert-ref-snapshot-id', ref: 'nightly', 'snapshot-id': null }],
    updates: [
      { action: 'set-snapshot-ref', 'ref-name': 'nightly', type: 'tag', 'snapshot-id': snapshotIds[0], 'max-ref-age-ms': 86400000 },
      { action: 'set-snapshot-ref', 'ref-name': 'audit', type: 'branch', 'snapshot-id': snapshotIds[1], 'min-snapshots-to-keep': 2 },
    ],
  }, 200, 'commit: a tag and a branch');
  checks.equal(tagged.json?.metadata?.refs?.nightly?.type, 'tag', 'the tag is in the refs');
  const untagged = await commit(events, { requirements: [], updates: [{ action: 'remove-snapshot-ref', 'ref-name': 'nightly' }] }, 200, 'commit: remove-snapshot-ref');
  checks.equal(untagged.json?.metadata?.refs?.nightly, undefined, 'the tag is gone');
  const expired = await commit(events, {
    requirements: [{ type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': snapshotIds[1] }],
    updates: [{ action: 'remove-snapshot-ref', 'ref-name': 'audit' }, { action: 'remove-snapshots', 'snapshot-ids': [snapshotIds[0]] }],
  }, 200, 'commit: remove-snapshots');
  checks.equal((expired.json?.metadata?.snapshots ?? []).map((s) => s['snapshot-id']), [snapshotIds[1]], 'the older snapshot was removed');

  // Bad commits.
  const unknown = await commit(events, { requirements: [], updates: [{ action: 'frobnicate-table' }] }, 400, 'unknown update action', 'BadRequestException');
  checks.ok(/frobnicate-table/.test(unknown.json?.error?.message ?? ''), 'the message names the unknown action', unknown.text);
  const unknownRequirement = await commit(events, { requirements: [{ type: 'assert-moon-phase' }], updates: [] }, 400, 'unknown requirement type', 'BadRequestException');
  checks.ok(/assert-moon-phase/.test(unknownRequirement.json?.error?.message ?? ''), 'the message names the unknown requirement', unknownRequirement.text);
  const noUpdates = await commit(events, { requirements: [] }, 400, 'commit without updates', 'BadRequestException');
  checks.ok(/updates/.test(noUpdates.json?.error?.message ?? ''), 'the message names the missing field', noUpdates.text);
  await commit(events, '{"requirements": [], "updates": [', 400, 'commit, malformed JSON', 'BadRequestException');
  await commit(events, { requirements: [], updates: [{ action: 'set-current-schema', 'schema-id': 99 }] }, 400, 'set-current-schema of an unknown schema', 'BadRequestException');
  await commit(events, { identifier: { namespace: ['contract'], name: 'other' }, requirements: [], updates: [] }, 400, 'identifier not matching the path', 'BadRequestException');
  await commit({ ns: ['contract'], name: 'missing' }, { requirements: [], updates: [{ action: 'set-properties', updates: { a: 'b' } }] }, 404, 'commit to a missing table', 'NoSuchTableException');

  const listed = await call('GET', TABLES, { params: { namespace: ['contract'] }, expect: 200, what: 'listTables' });
  checks.equal((listed.json?.identifiers ?? []).map((i) => i.name).sort(), ['events', 'staged'], 'listTables names both tables');
  const firstPage = await call('GET', TABLES, { params: { namespace: ['contract'] }, query: '?pageToken=&pageSize=1', expect: 200, what: 'listTables, first page' });
  checks.equal((firstPage.json?.identifiers ?? []).length, 1, 'a page of one table');
  checks.ok(typeof firstPage.json?.['next-page-token'] === 'string', 'a next-page-token follows');
  await call('GET', TABLES, { params: { namespace: ['missing'] }, expect: 404, errorType: 'NoSuchNamespaceException', what: 'listTables of a missing namespace' });

  // Metrics report.
  const report = {
    'report-type': 'commit-report', 'table-name': 'contract.events', 'snapshot-id': snapshotIds[1], 'sequence-number': 2,
    operation: 'append', metrics: { 'total-duration': { count: 1, 'time-unit': 'nanoseconds', 'total-duration': 1000 } },
  };
  validateRequestBody('ReportMetricsRequest', report, 'reportMetrics');
  await call('POST', `${TABLE}/metrics`, { params: { namespace: ['contract'], table: 'events' }, body: report, expect: 204, what: 'reportMetrics' });

  // Rename, across namespaces.
  const rename = { source: { namespace: ['contract'], name: 'staged' }, destination: { namespace: ['contract', 'nested'], name: 'moved' } };
  validateRequestBody('RenameTableRequest', rename, 'renameTable');
  await call('POST', `${V1}/tables/rename`, { body: rename, expect: 204, what: 'renameTable across namespaces' });
  await call('HEAD', TABLE, { params: { namespace: ['contract'], table: 'staged' }, expect: 404, what: 'the old name is gone' });
  const moved = await call('GET', TABLE, { params: { namespace: ['contract', 'nested'], table: 'moved' }, expect: 200, what: 'the table under its new name' });
  checks.equal(moved.json?.metadata?.['table-uuid'], stagedMetadata['table-uuid'], 'the renamed table is the same table');
  await call('POST', `${V1}/tables/rename`, { body: rename, expect: 404, errorType: 'NoSuchTableException', what: 'rename a missing table' });
  await call('POST', `${V1}/tables/rename`, {
    body: { source: { namespace: ['contract', 'nested'], name: 'moved' }, destination: { namespace: ['contract'], name: 'events' } },
    expect: 409, errorType: 'AlreadyExistsException', what: 'rename onto an existing table',
  });
  await call('POST', `${V1}/tables/rename`, {
    body: { source: { namespace: ['contract', 'nested'], name: 'moved' }, destination: { namespace: ['missing'], name: 'x' } },
    expect: 404, errorType: 'NoSuchNamespaceException', what: 'rename into a missing namespace',
  });
  await call('POST', `${V1}/tables/rename`, { body: { source: rename.source }, expect: 400, errorType: 'BadRequestException', what: 'rename without a destination' });
  await call('POST', `${V1}/tables/rename`, {
    body: { source: { namespace: ['contract', 'nested'], name: 'moved' }, destination: { namespace: ['contract'], name: '../up' } },
    expect: 400, errorType: 'BadRequestException', what: 'rename to a name that leaves the namespace',
  });

  // Register the events table's current metadata file under another name.
  const location = expired.json?.['metadata-location'];
  const register = { name: 'registered', 'metadata-location': location };
  validateRequestBody('RegisterTableRequest', register, 'registerTable');
  const registered = await call('POST', `${NS_ONE}/register`, { params: { namespace: ['other'] }, body: register, expect: 200, what: 'registerTable' });
  checks.equal(registered.json?.metadata?.['current-snapshot-id'], snapshotIds[1], 'the registered table has the file\'s snapshot');
  await call('POST', `${NS_ONE}/register`, { params: { namespace: ['other'] }, body: register, expect: 409, errorType: 'AlreadyExistsException', what: 'register twice' });
  await call('POST', `${NS_ONE}/register`, { params: { namespace: ['missing'] }, body: register, expect: 404, errorType: 'NoSuchNamespaceException', what: 'register into a missing namespace' });
  await call('POST', `${NS_ONE}/register`, { params: { namespace: ['other'] }, body: { name: 'ghost', 'metadata-location': `${location}.missing` }, expect: 400, errorType: 'BadRequestException', what: 'register a missing metadata file' });

  // Namespace not empty while it holds a table.
  await call('DELETE', NS_ONE, { params: { namespace: ['other'] }, expect: 409, errorType: 'NamespaceNotEmptyException', what: 'drop a namespace that holds a table' });

  // Drop.
  await call('DELETE', TABLE, { params: { namespace: ['other'], table: 'registered' }, expect: 204, what: 'dropTable' });
  await call('DELETE', TABLE, { params: { namespace: ['other'], table: 'registered' }, expect: 404, errorType: 'NoSuchTableException', what: 'drop it again' });
  await call('DELETE', TABLE, { params: { namespace: ['contract', 'nested'], table: 'moved' }, query: '?purgeRequested=true', expect: 204, what: 'dropTable with purgeRequested' });
  await call('DELETE', NS_ONE, { params: { namespace: ['other'] }, expect: 204, what: 'drop the emptied namespace' });
  return events;
}

async function testTransactions() {
  const ns = ['contract'];
  await call('POST', TABLES, { params: { namespace: ns }, body: createTableBody('left'), expect: 200, what: 'transaction table left' });
  await call('POST', TABLES, { params: { namespace: ns }, body: createTableBody('right'), expect: 200, what: 'transaction table right' });
  const both = {
    'table-changes': [
      { identifier: { namespace: ns, name: 'left' }, requirements: [{ type: 'assert-current-schema-id', 'current-schema-id': 0 }], updates: [{ action: 'set-properties', updates: { txn: '1' } }] },
      { identifier: { namespace: ns, name: 'right' }, requirements: [], updates: [{ action: 'set-properties', updates: { txn: '1' } }] },
    ],
  };
  validateRequestBody('CommitTransactionRequest', both, 'commitTransaction');
  await call('POST', `${V1}/transactions/commit`, { body: both, expect: 204, what: 'commitTransaction over two tables' });
  for (const name of ['left', 'right']) {
    const loaded = await call('GET', TABLE, { params: { namespace: ns, table: name }, expect: 200, what: `load ${name}` });
    checks.equal(loaded.json?.metadata?.properties?.txn, '1', `the transaction changed ${name}`);
  }
  const halfStale = {
    'table-changes': [
      { identifier: { namespace: ns, name: 'left' }, requirements: [], updates: [{ action: 'set-properties', updates: { txn: '2' } }] },
      { identifier: { namespace: ns, name: 'right' }, requirements: [{ type: 'assert-current-schema-id', 'current-schema-id': 5 }], updates: [{ action: 'set-properties', updates: { txn: '2' } }] },
    ],
  };
  await call('POST', `${V1}/transactions/commit`, { body: halfStale, expect: 409, errorType: 'CommitFailedException', what: 'a transaction with one failing requirement' });
  const left = await call('GET', TABLE, { params: { namespace: ns, table: 'left' }, expect: 200, what: 'load left after the failed transaction' });
  checks.equal(left.json?.metadata?.properties?.txn, '1', 'the failed transaction changed no table');
  await call('POST', `${V1}/transactions/commit`, {
    body: { 'table-changes': [{ identifier: { namespace: ns, name: 'missing' }, requirements: [], updates: [] }] },
    expect: 404, errorType: 'NoSuchTableException', what: 'a transaction over a missing table',
  });
  await call('POST', `${V1}/transactions/commit`, { body: {}, expect: 400, errorType: 'BadRequestException', what: 'a transaction without table-changes' });
  await call('POST', `${V1}/transactions/commit`, { body: '{"table-changes": [', expect: 400, errorType: 'BadRequestException', what: 'a transaction, malformed JSON' });
  await call('POST', `${V1}/transactions/commit`, {
    body: { 'table-changes': [{ identifier: { namespace: ns, name: 'left' }, requirements: [], updates: [{ action: 'frobnicate' }] }] },
    expect: 400, errorType: 'BadRequestException', what: 'a transaction with an unknown action',
  });
}

function viewBody(name, sql) {
  return {
    name,
    schema: { type: 'struct', 'schema-id': 0, fields: [{ id: 1, name: 'id', required: false, type: 'long' }] },
    'view-version': {
      'version-id': 1, 'timestamp-ms': Date.now(), 'schema-id': 0, summary: { 'engine-name': 'contract-test' },
      representations: [{ type: 'sql', sql, dialect: 'spark' }], 'default-namespace': ['contract'],
    },
    properties: { comment: 'a view' },
  };
}

async function testViews(advertised) {
  const ns = ['contract'];
  const body = viewBody('daily', 'SELECT id FROM events');
  validateRequestBody('CreateViewRequest', body, 'createView');
  const created = await call('POST', VIEWS, { params: { namespace: ns }, body, expect: 200, what: 'createView' });
  const metadata = created.json?.metadata ?? {};
  checks.equal(metadata['current-version-id'], 1, 'the view\'s first version is current');
  await call('POST', VIEWS, { params: { namespace: ns }, body, expect: 409, errorType: 'AlreadyExistsException', what: 'createView twice' });
  await call('POST', VIEWS, { params: { namespace: ['missing'] }, body, expect: 404, errorType: 'NoSuchNamespaceException', what: 'createView in a missing namespace' });
  await call('POST', VIEWS, { params: { namespace: ns }, body: { name: 'x', schema: body.schema }, expect: 400, errorType: 'BadRequestException', what: 'createView without a view-version' });
  const listed = await call('GET', VIEWS, { params: { namespace: ns }, expect: 200, what: 'listViews' });
  checks.equal((listed.json?.identifiers ?? []).map((i) => i.name), ['daily'], 'listViews names the view');
  await call('GET', VIEWS, { params: { namespace: ['missing'] }, expect: 404, errorType: 'NoSuchNamespaceException', what: 'listViews of a missing namespace' });
  await call('GET', VIEW, { params: { namespace: ns, view: 'daily' }, expect: 200, what: 'loadView' });
  await call('GET', VIEW, { params: { namespace: ns, view: 'missing' }, expect: 404, errorType: 'NoSuchViewException', what: 'loadView of a missing view' });
  await call('HEAD', VIEW, { params: { namespace: ns, view: 'daily' }, expect: 204, what: 'viewExists' });
  await call('HEAD', VIEW, { params: { namespace: ns, view: 'missing' }, expect: 404, what: 'viewExists, missing' });

  const replace = {
    requirements: [{ type: 'assert-view-uuid', uuid: metadata['view-uuid'] }],
    updates: [
      { action: 'add-view-version', 'view-version': { ...body['view-version'], 'version-id': 2, 'timestamp-ms': Date.now(), representations: [{ type: 'sql', sql: 'SELECT id FROM events WHERE id > 0', dialect: 'spark' }] } },
      { action: 'set-current-view-version', 'view-version-id': -1 },
      { action: 'set-properties', updates: { comment: 'replaced' } },
    ],
  };
  validateRequestBody('CommitViewRequest', replace, 'replaceView');
  const replaced = await call('POST', VIEW, { params: { namespace: ns, view: 'daily' }, body: replace, expect: 200, what: 'replaceView' });
  checks.equal(replaced.json?.metadata?.['current-version-id'], 2, 'the new version is current');
  checks.equal(replaced.json?.metadata?.properties?.comment, 'replaced', 'the view property changed');
  await call('POST', VIEW, {
    params: { namespace: ns, view: 'daily' }, body: { requirements: [{ type: 'assert-view-uuid', uuid: '00000000-0000-0000-0000-000000000000' }], updates: [] },
    expect: 409, errorType: 'CommitFailedException', what: 'replaceView with a wrong view uuid',
  });
  await call('POST', VIEW, { params: { namespace: ns, view: 'daily' }, body: { updates: [{ action: 'frobnicate-view' }] }, expect: 400, errorType: 'BadRequestException', what: 'replaceView with an unknown action' });
  await call('POST', VIEW, { params: { namespace: ns, view: 'missing' }, body: { updates: [{ action: 'set-properties', updates: { a: 'b' } }] }, expect: 404, errorType: 'NoSuchViewException', what: 'replaceView of a missing view' });

  const rename = { source: { namespace: ns, name: 'daily' }, destination: { namespace: ['contract', 'nested'], name: 'daily_v2' } };
  await call('POST', `${V1}/views/rename`, { body: rename, expect: 204, what: 'renameView' });
  await call('HEAD', VIEW, { params: { namespace: ['contract', 'nested'], view: 'daily_v2' }, expect: 204, what: 'the renamed view exists' });
  await call('POST', `${V1}/views/rename`, { body: rename, expect: 404, errorType: 'NoSuchViewException', what: 'rename a missing view' });

  if (advertised.has('POST /v1/{prefix}/namespaces/{namespace}/register-view')) {
    const registered = await call('POST', `${NS_ONE}/register-view`, {
      params: { namespace: ns }, body: { name: 'again', 'metadata-location': replaced.json?.['metadata-location'] }, expect: 200, what: 'registerView',
    });
    checks.equal(registered.json?.metadata?.['view-uuid'], metadata['view-uuid'], 'the registered view is the same view');
    await call('DELETE', VIEW, { params: { namespace: ns, view: 'again' }, expect: 204, what: 'drop the registered view' });
  } else {
    console.log('NOTE: registerView is not advertised in /v1/config endpoints; not tested');
  }

  await call('DELETE', VIEW, { params: { namespace: ['contract', 'nested'], view: 'daily_v2' }, expect: 204, what: 'dropView' });
  await call('DELETE', VIEW, { params: { namespace: ['contract', 'nested'], view: 'daily_v2' }, expect: 404, errorType: 'NoSuchViewException', what: 'drop it again' });
}

async function testServiceErrors() {
  // Unknown routes and methods answer with an IcebergErrorResponse too.
  const unknown = await request(server.url, 'GET', '/v1/no-such-route/at/all');
  checks.ok(unknown.status === 404 || unknown.status === 400, 'an unknown route is 404 or 400', String(unknown.status));
  checks.ok(validatorAt('/components/schemas/IcebergErrorResponse')(unknown.json ?? null), 'an unknown route answers with an IcebergErrorResponse', unknown.text);
  const health = await request(server.url, 'GET', '/healthz');
  checks.equal(health.status, 200, '/healthz');
  const ready = await request(server.url, 'GET', '/readyz');
  checks.equal(ready.status, 200, '/readyz');
  const metrics = await request(server.url, 'GET', '/metrics');
  checks.ok(metrics.status === 200 && /floe_catalog_commits_total \d+/.test(metrics.text), '/metrics exports the commit counter');
}

async function testBodyLimit() {
  const dir = scratch('limit');
  const small = await startServer({ warehouse: path.join(dir, 'warehouse'), catalogUri: path.join(dir, 'catalog.db'), name: 'limit', extraArgs: ['--max-body-mb', '1'] });
  const big = JSON.stringify({ namespace: ['big'], properties: { blob: 'x'.repeat(2 * 1024 * 1024) } });
  let status;
  try {
    status = (await request(small.url, 'POST', '/v1/namespaces', { body: big })).status;
  } catch (error) {
    status = `connection error: ${error.message}`;
  }
  checks.equal(status, 413, 'a body over --max-body-mb gets 413');
  const stillUp = await request(small.url, 'GET', '/v1/config');
  checks.equal(stillUp.status, 200, 'the server still answers after an oversized body');
  await stopServer(small);
}

const dir = scratch('contract');
const catalogUri = process.env.FLOE_TEST_POSTGRES_URI || path.join(dir, 'catalog.db');
server = await startServer({ warehouse: path.join(dir, 'warehouse'), catalogUri, name: 'contract' });
console.log(`floe serve on ${server.url}, catalog ${catalogUri.startsWith('postgresql:') ? 'PostgreSQL' : 'SQLite'}`);
const advertised = await testConfig();
await testNamespaces();
await testTables();
await testTransactions();
await testViews(advertised);
await testServiceErrors();
await testBodyLimit();
const stopped = await stopServer(server);
checks.ok(stopped.code === 0, 'floe serve exits 0 on SIGTERM', JSON.stringify(stopped));
checks.finish();

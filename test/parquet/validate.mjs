// Independent validation of floe's Parquet writer and reader.
// Usage: node validate.mjs DIR FLOE_BINARY
//   DIR holds NAME.parquet + NAME.expected.json written by
//   parquet_write_validation_files. Each file is read back with DuckDB and
//   with hyparquet and compared with the expected values; DuckDB's
//   parquet_schema() must show the field ids and parquet_metadata() the
//   min/max/null counts. Then DuckDB writes a file and `floe inspect parquet
//   --rows` must read identical values.
// Prints one line per failure and a closing "N passed, N failed".
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, readColumnIndex, readOffsetIndex,
} from 'hyparquet';
import { compressors } from 'hyparquet-compressors';

const [dir, floe] = process.argv.slice(2);
let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) {
    passed++;
    if (process.env.VERBOSE) console.log(`ok: ${name}`);
  } else {
    failed++;
    console.log(`FAIL: ${name}${detail ? ': ' + detail : ''}`);
  }
}

const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
// DuckDB's JSON form of a BLOB: printable bytes as themselves, others as \xHH.
function duckBlobHex(s) {
  const out = [];
  for (let i = 0; i < s.length; ) {
    if (s[i] === '\\' && s[i + 1] === 'x') {
      out.push(parseInt(s.slice(i + 2, i + 4), 16));
      i += 4;
    } else {
      out.push(s.charCodeAt(i));
      i += 1;
    }
  }
  return hex(out);
}

// A reader's value → the canonical form of NAME.expected.json.
function norm(v, t, src) {
  if (v === null || v === undefined) return null;
  switch (t.kind) {
    case 'list':
      return Array.from(v, (e) => norm(e, t.children[0], src));
    case 'struct': {
      const out = {};
      for (const c of t.children) out[c.name] = norm(v[c.name], c, src);
      return out;
    }
    case 'map': {
      let pairs;
      if (src === 'expected') pairs = v;
      else if (src === 'duckdb') pairs = v.map((e) => [e.key, e.value]);
      else if (v instanceof Map) pairs = [...v.entries()];
      else pairs = Object.entries(v);
      return pairs.map(([k, x]) => [norm(k, t.children[0], src), norm(x, t.children[1], src)]);
    }
    case 'bool':
    case 'int':
    case 'long':
      return String(v);
    case 'string':
      return v instanceof Uint8Array ? new TextDecoder().decode(v) : String(v);
    case 'double':
      return String(Number(v));
    case 'decimal':
      return Number(v).toFixed(t.scale);
    case 'date':
      if (v instanceof Date) return v.toISOString().slice(0, 10);
      return String(v).slice(0, 10);
    case 'timestamp_ms':
      if (src === 'expected') return String(v);
      if (v instanceof Date) return String(v.getTime());
      if (src === 'floe') return String(BigInt(v) / 1000n);  // microseconds
      if (typeof v === 'string') {
        const iso = v.replace(' ', 'T').replace(/\+00(:00)?$/, '');
        return String(Date.parse(iso + 'Z'));
      }
      return String(v);
    case 'binary':
      if (src === 'expected' || src === 'floe') return String(v);
      if (typeof v === 'string') return duckBlobHex(v);
      return hex(v);
    default:
      return JSON.stringify(v);
  }
}

function normRow(row, fields, src) {
  return fields.map((f, i) => norm(Array.isArray(row) ? row[i] : row[f.name], f, src));
}

function compareRows(name, actual, expected, fields, src, total) {
  check(`${name}: row count`, actual.length === total, `${actual.length} != ${total}`);
  let bad = 0;
  for (let r = 0; r < expected.length && r < actual.length; r++) {
    const a = JSON.stringify(normRow(actual[r], fields, src));
    const e = JSON.stringify(normRow(expected[r], fields, 'expected'));
    if (a !== e) {
      if (bad < 3) console.log(`  ${name} row ${r}:\n    got      ${a}\n    expected ${e}`);
      bad++;
    }
  }
  check(`${name}: values`, bad === 0, `${bad} rows differ`);
}

const sqlString = (s) => `'${s.replaceAll("'", "''")}'`;

const instance = await DuckDBInstance.create(':memory:');
const duck = await instance.connect();
await duck.run('SET threads=1');
try {
  await duck.run("SET TimeZone='UTC'");
} catch {
  // no ICU: timestamps with time zone print in UTC anyway
}
const query = async (sql) => (await duck.runAndReadAll(sql)).getRowObjectsJson();

function collectIds(fields, out = []) {
  for (const f of fields) {
    out.push(f);
    if (f.children) collectIds(f.children, out);
  }
  return out;
}

const files = readdirSync(dir).filter((f) => f.endsWith('.expected.json')).sort();
check('validation files exist', files.length > 0, `none in ${dir}`);
for (const file of files) {
  const expected = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const name = file.replace('.expected.json', '');
  const path = expected.file;
  const { fields, values, rows } = expected;

  // DuckDB reads the values.
  try {
    const actual = await query(`SELECT * FROM read_parquet(${sqlString(path)})`);
    compareRows(`${name} duckdb`, actual, values, fields, 'duckdb', rows);
  } catch (e) {
    check(`${name} duckdb read`, false, e.message);
  }

  // hyparquet reads the values.
  try {
    const buffer = await asyncBufferFromFile(path);
    const actual = await parquetReadObjects({ file: buffer, compressors, utf8: false });
    compareRows(`${name} hyparquet`, actual, values, fields, 'hyparquet', rows);
  } catch (e) {
    check(`${name} hyparquet read`, false, e.message);
  }

  // Field ids in parquet_schema().
  try {
    const schema = await query(`SELECT name, field_id FROM parquet_schema(${sqlString(path)})`);
    const ids = new Set(schema.map((s) => `${s.name}=${s.field_id}`));
    const missing = collectIds(fields).filter((f) => !ids.has(`${f.name}=${f.id}`));
    check(`${name}: parquet_schema() shows every field id`, missing.length === 0,
          missing.map((f) => `${f.name}=${f.id}`).join(' '));
  } catch (e) {
    check(`${name} parquet_schema`, false, e.message);
  }

  // Statistics in parquet_metadata() for the top-level primitive columns.
  if (values.length === rows) {
    try {
      const meta = await query(
        `SELECT path_in_schema, stats_min_value, stats_max_value, stats_null_count, row_group_id
         FROM parquet_metadata(${sqlString(path)})`);
      let bad = [];
      fields.forEach((f, c) => {
        if (f.children) return;
        const chunks = meta.filter((m) => m.path_in_schema === f.name);
        if (chunks.length === 0) return bad.push(`${f.name}: no chunk`);
        const nulls = chunks.reduce((n, m) => n + Number(m.stats_null_count), 0);
        const expectedNulls = values.filter((row) => row[c] === null).length;
        if (nulls !== expectedNulls) bad.push(`${f.name}: null_count ${nulls} != ${expectedNulls}`);
        if (['int', 'long', 'double'].includes(f.kind)) {
          const present = values.map((row) => row[c]).filter((x) => x !== null).map(Number);
          const min = Math.min(...chunks.map((m) => Number(m.stats_min_value)));
          const max = Math.max(...chunks.map((m) => Number(m.stats_max_value)));
          if (min !== Math.min(...present) || max !== Math.max(...present)) {
            bad.push(`${f.name}: min/max ${min}/${max} != ${Math.min(...present)}/${Math.max(...present)}`);
          }
        } else if (chunks.some((m) => m.stats_min_value === null || m.stats_max_value === null)) {
          bad.push(`${f.name}: no min/max`);
        }
      });
      check(`${name}: parquet_metadata() min/max/null counts`, bad.length === 0, bad.join('; '));
    } catch (e) {
      check(`${name} parquet_metadata`, false, e.message);
    }
  }
}

// The page index, read by hyparquet: one column-index entry per page of the
// offset index, pages in row order, and every value of a page inside the
// page's [min, max] (values from NAME.expected.json, rows of row group 0).
for (const file of files) {
  const expected = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const name = file.replace('.expected.json', '');
  const { fields, values, rows } = expected;
  if (values.length !== rows) continue;
  try {
    const buffer = await asyncBufferFromFile(expected.file);
    const metadata = await parquetMetadataAsync(buffer);
    const group = metadata.row_groups[0];
    const bad = [];
    let pages = 0;
    const whole = await buffer.slice(0, buffer.byteLength);
    const element = (f) => metadata.schema.find((e) => e.name === f.name);
    fields.forEach((f, c) => {
      if (f.children) return;
      const chunk = group.columns.find((col) => col.meta_data.path_in_schema.join('.') === f.name);
      if (!chunk || chunk.column_index_offset === undefined || chunk.offset_index_offset === undefined) {
        return bad.push(`${f.name}: no page index`);
      }
      const reader = (offset) => ({ view: new DataView(whole, Number(offset)), offset: 0 });
      const offsets = readOffsetIndex(reader(chunk.offset_index_offset));
      const columns = readColumnIndex(reader(chunk.column_index_offset), element(f));
      const locations = offsets.page_locations;
      pages += locations.length;
      if (columns.null_pages.length !== locations.length) {
        return bad.push(`${f.name}: ${columns.null_pages.length} column-index pages, ${locations.length} offsets`);
      }
      if (Number(locations[0].first_row_index) !== 0) bad.push(`${f.name}: first page at row ${locations[0].first_row_index}`);
      const numeric = ['int', 'long', 'double'].includes(f.kind);
      if (!numeric && f.kind !== 'string') return;
      for (let p = 0; p < locations.length; p++) {
        const begin = Number(locations[p].first_row_index);
        const end = p + 1 < locations.length ? Number(locations[p + 1].first_row_index) : Number(group.num_rows);
        if (end <= begin) { bad.push(`${f.name}: page ${p} rows ${begin}..${end}`); break; }
        const page = values.slice(begin, end).map((row) => row[c]).filter((v) => v !== null);
        if (columns.null_pages[p]) {
          if (page.length > 0) bad.push(`${f.name}: page ${p} marked all-null holds ${page.length} values`);
          continue;
        }
        const conv = (v) => (numeric ? Number(v) : typeof v === 'string' ? v : new TextDecoder().decode(v));
        const min = conv(columns.min_values[p]);
        const max = conv(columns.max_values[p]);
        const outside = page.map(conv).filter((v) => v < min || v > max);
        if (outside.length > 0) { bad.push(`${f.name}: page ${p} [${min}, ${max}] excludes ${outside[0]}`); break; }
      }
    });
    check(`${name}: hyparquet reads a consistent page index (${pages} pages)`, bad.length === 0, bad.join('; '));
  } catch (e) {
    check(`${name} page index`, false, e.message);
  }
}

// Bloom filters, probed by DuckDB: every present value may be there, absent
// values are mostly excluded.
{
  const path = join(dir, 'bloom_filters_small_pages.parquet');
  const expected = JSON.parse(readFileSync(join(dir, 'bloom_filters_small_pages.expected.json'), 'utf8'));
  for (const [column, kind] of [['i', 'int'], ['l', 'long'], ['s', 'string']]) {
    const c = expected.fields.findIndex((f) => f.name === column);
    const present = [...new Set(expected.values.map((row) => row[c]).filter((v) => v !== null))].slice(0, 200);
    const literal = (v) => (kind === 'string' ? sqlString(v) : `${v}::${kind === 'int' ? 'INTEGER' : 'BIGINT'}`);
    let wrong = 0;
    for (const v of present) {
      const probe = await query(`SELECT bloom_filter_excludes FROM parquet_bloom_probe(${sqlString(path)}, ${sqlString(column)}, ${literal(v)})`);
      if (probe.length === 0 || probe.some((r) => r.bloom_filter_excludes !== false)) wrong++;
    }
    check(`bloom filter on ${column}: DuckDB finds all ${present.length} present values`, wrong === 0, `${wrong} excluded`);
    const presentSet = new Set(present.map(String));
    let excluded = 0;
    let absent = 0;
    for (let k = 0; k < 100; k++) {
      const v = kind === 'string' ? `absent-${k}` : String(1234567 + k * 7);
      if (presentSet.has(v)) continue;
      absent++;
      const probe = await query(`SELECT bloom_filter_excludes FROM parquet_bloom_probe(${sqlString(path)}, ${sqlString(column)}, ${literal(v)})`);
      if (probe.length > 0 && probe.every((r) => r.bloom_filter_excludes === true)) excluded++;
    }
    check(`bloom filter on ${column}: DuckDB excludes absent values (${excluded}/${absent})`, excluded >= absent * 0.9);
  }
}

// DuckDB writes, floe reads.
if (floe) {
  const path = join(dir, 'duckdb_written.parquet');
  await duck.run(`COPY (
      SELECT i::INTEGER AS i, (i * 1000003)::BIGINT AS l, i / 8 AS d,
             CASE WHEN i % 5 = 0 THEN NULL ELSE 'str' || (i % 17) END AS s,
             i % 3 = 0 AS b, DATE '2020-01-01' + (i % 1000)::INTEGER AS dt,
             TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (i * 1001) MILLISECOND AS ts,
             (i / 100)::DECIMAL(9,2) AS dec, ('\\x0' || (i % 10))::BLOB AS bin,
             CASE WHEN i % 4 = 0 THEN NULL ELSE [i, i + 1, NULL] END AS li,
             {'x': i, 'y': 'v' || i} AS st,
             MAP {'a': i, 'b': NULL} AS m
      FROM range(5000) t(i)) TO ${sqlString(path)} (FORMAT PARQUET)`);
  const fields = [
    { name: 'i', kind: 'int' }, { name: 'l', kind: 'long' }, { name: 'd', kind: 'double' },
    { name: 's', kind: 'string' }, { name: 'b', kind: 'bool' }, { name: 'dt', kind: 'date' },
    { name: 'ts', kind: 'timestamp_ms' }, { name: 'dec', kind: 'decimal', scale: 2 },
    { name: 'bin', kind: 'binary' }, { name: 'li', kind: 'list', children: [{ name: 'element', kind: 'long' }] },
    { name: 'st', kind: 'struct', children: [{ name: 'x', kind: 'long' }, { name: 'y', kind: 'string' }] },
    { name: 'm', kind: 'map', children: [{ name: 'key', kind: 'string' }, { name: 'value', kind: 'long' }] },
  ];
  const reference = await query(`SELECT * FROM read_parquet(${sqlString(path)})`);
  try {
    const out = execFileSync(floe, ['inspect', 'parquet', '--rows', path], { maxBuffer: 1 << 28 }).toString();
    const lines = out.split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l));
    check('duckdb-written file: floe row count', lines.length === reference.length,
          `${lines.length} != ${reference.length}`);
    let bad = 0;
    for (let r = 0; r < reference.length && r < lines.length; r++) {
      const a = JSON.stringify(normRow(lines[r], fields, 'floe'));
      const e = JSON.stringify(normRow(reference[r], fields, 'duckdb'));
      if (a !== e) {
        if (bad < 3) console.log(`  duckdb-written row ${r}:\n    floe   ${a}\n    duckdb ${e}`);
        bad++;
      }
    }
    check('duckdb-written file: floe reads identical values', bad === 0, `${bad} rows differ`);
    const limited = execFileSync(floe, ['inspect', 'parquet', '--rows', '--limit', '3', '--columns', 's,i', path]).toString();
    const rows3 = limited.trim().split('\n').map((l) => JSON.parse(l));
    check('floe --limit/--columns', rows3.length === 3 && Object.keys(rows3[0]).join() === 's,i',
          limited.slice(0, 200));
  } catch (e) {
    check('duckdb-written file: floe reads it', false, e.message.split('\n')[0]);
  }
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

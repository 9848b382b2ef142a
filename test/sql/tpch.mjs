// TPC-H on floe and on DuckDB over the same Parquet files.
//
// The tables are the ones `floe bench gen-tpch` wrote into WAREHOUSE (schema
// tpch); DuckDB reads their data files, listed from the Iceberg metadata by
// `floe inspect files --json`. Each query of QUERY_DIR (q1.sql ...) runs on
// floe (`floe sql -f`, embedded) and on DuckDB; the answers must match
// (decimals exactly, doubles within 1e-9 relative, averages within 0.01
// since Trino rounds avg(decimal) to the column's scale).
//
// Usage: node tpch.mjs FLOE WAREHOUSE CATALOG_DB QUERY_DIR [RUNS]
//   RUNS absent: check the answers only (exit 1 on a mismatch).
//   RUNS given: also time each query RUNS times on floe (median wall time of
//   a process minus the median start-up of a process running `SELECT 1`)
//   and on DuckDB with threads=2 and threads=1 (median), and print a table.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';

const [floe, warehouse, catalogDb, queryDir, runsArg] = process.argv.slice(2);
const runs = runsArg ? Number(runsArg) : 0;
const tables = ['region', 'nation', 'supplier', 'customer', 'part', 'partsupp', 'orders', 'lineitem'];
const floeArgs = ['sql', '--warehouse', warehouse, '--catalog-uri', catalogDb, '--schema', 'tpch'];

const runFloe = (sql, format = 'json') =>
  execFileSync(floe, [...floeArgs, '--format', format, '-c', sql], { encoding: 'utf8', maxBuffer: 1 << 28 });

// Data files of each table, from the Iceberg metadata.
const filesOf = (table) =>
  execFileSync(floe, ['inspect', 'files', '--json', join(warehouse, 'tpch', table)], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.startsWith('{"path"'))
    .map((line) => JSON.parse(line).path);

const queries = readdirSync(queryDir)
  .filter((name) => /^q\d+\.sql$/.test(name))
  .sort((a, b) => Number(a.slice(1, -4)) - Number(b.slice(1, -4)))
  .map((name) => ({ name: name.slice(0, -4), sql: readFileSync(join(queryDir, name), 'utf8').trim().replace(/;\s*$/, '') }));

// DuckDB's avg(decimal) is a double: round it as Trino does for the comparison.
const duckText = (sql) => sql.replace(/avg\(([^()]*)\)/g, 'round(avg($1), 2)');

const norm = (v) => {
  if (v === null || v === undefined || v === 'NULL') return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return { decimal: v.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '') };
  if (typeof v === 'string' && /^-?\d+(\.\d+)?E-?\d+$/i.test(v)) return Number(v);
  return v;
};
const same = (a, b, column) => {
  if (a === null || b === null) return a === b;
  const num = (x) => (typeof x === 'object' ? Number(x.decimal) : x);
  if (typeof a === 'object' && typeof b === 'object' && !column.startsWith('avg')) return a.decimal === b.decimal;
  if ((typeof a === 'object' || typeof a === 'number') && (typeof b === 'object' || typeof b === 'number')) {
    const x = num(a), y = num(b);
    if (column.startsWith('avg')) return Math.abs(x - y) <= 0.01;
    return x === y || Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
  }
  return String(a) === String(b);
};

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
// One `floe sql -f` process: [wall ms, CPU ms (user + system, from GNU time)].
const timeFloe = (file) => {
  const cpuFile = `${file}.cpu`;
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', cpuFile, floe, ...floeArgs, '--format', 'csv', '-f', file],
                           { encoding: 'utf8', maxBuffer: 1 << 28 });
  const elapsed = performance.now() - started;
  if (result.status !== 0) throw new Error(`floe failed on ${file}: ${result.stderr}`);
  const [user, system] = readFileSync(cpuFile, 'utf8').trim().split(/\s+/).map(Number);
  return [elapsed, (user + system) * 1000];
};

const connect = async (threads) => {
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const duck = await instance.connect();
  for (const table of tables) {
    const files = filesOf(table);
    await duck.run(`CREATE VIEW ${table} AS SELECT * FROM read_parquet([${files.map((f) => `'${f}'`).join(', ')}])`);
  }
  return duck;
};

const duck2 = await connect(2);
let failed = 0;
for (const query of queries) {
  let floeRows, columns;
  try {
    const out = runFloe(query.sql + ';');
    const lines = out.split('\n').filter((l) => l.trim());
    floeRows = lines.map((l) => Object.values(JSON.parse(l)).map(norm));
    columns = lines.length ? Object.keys(JSON.parse(lines[0])) : [];
  } catch (e) {
    failed++;
    console.log(`FAIL ${query.name} (floe error): ${String(e.stderr || e.message).split('\n')[0]}`);
    continue;
  }
  let duckRows;
  try {
    duckRows = (await duck2.runAndReadAll(duckText(query.sql))).getRowsJson().map((r) => r.map(norm));
  } catch (e) {
    failed++;
    console.log(`FAIL ${query.name} (duckdb error): ${e.message.split('\n')[0]}`);
    continue;
  }
  let ok = floeRows.length === duckRows.length && floeRows.length > 0;
  for (let i = 0; ok && i < floeRows.length; i++) {
    ok = floeRows[i].length === duckRows[i].length && floeRows[i].every((v, c) => same(v, duckRows[i][c], columns[c]));
  }
  if (ok) {
    console.log(`ok   ${query.name}: ${floeRows.length} rows match`);
  } else {
    failed++;
    const show = (rows) => JSON.stringify(rows.slice(0, 3));
    console.log(`FAIL ${query.name}\n  floe   (${floeRows.length} rows) ${show(floeRows)}\n  duckdb (${duckRows.length} rows) ${show(duckRows)}`);
  }
}
console.log(`${queries.length - failed} passed, ${failed} failed`);
if (failed > 0 || runs === 0) process.exit(failed === 0 ? 0 : 1);

// --- Timings ---
const { mkdtempSync, writeFileSync } = await import('node:fs');
const { tmpdir } = await import('node:os');
const scratch = mkdtempSync(join(tmpdir(), 'floe-tpch-'));
const startupFile = join(scratch, 'startup.sql');
writeFileSync(startupFile, 'SELECT 1;\n');
timeFloe(startupFile);
const startupRuns = Array.from({ length: Math.max(3, runs) }, () => timeFloe(startupFile));
const startup = median(startupRuns.map((t) => t[0]));
const startupCpu = median(startupRuns.map((t) => t[1]));
const duck1 = await connect(1);
// [wall ms, CPU ms of this process (DuckDB's threads included)], medians.
const timeDuck = async (duck, sql) => {
  await duck.runAndReadAll(sql);  // warm-up
  const times = [], cpus = [];
  for (let i = 0; i < runs; i++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    await duck.runAndReadAll(sql);
    times.push(performance.now() - started);
    const used = process.cpuUsage(cpu);
    cpus.push((used.user + used.system) / 1000);
  }
  return [median(times), median(cpus)];
};
const rows = [];
for (const query of queries) {
  const file = join(scratch, `${query.name}.sql`);
  writeFileSync(file, query.sql + ';\n');
  timeFloe(file);  // warm-up (page cache)
  const floeRuns = Array.from({ length: runs }, () => timeFloe(file));
  const floeMs = Math.max(0, median(floeRuns.map((t) => t[0])) - startup);
  const floeCpu = Math.max(0, median(floeRuns.map((t) => t[1])) - startupCpu);
  const [d2, d2Cpu] = await timeDuck(duck2, duckText(query.sql));
  const [d1, d1Cpu] = await timeDuck(duck1, duckText(query.sql));
  rows.push([query.name, floeMs, d2, d1, floeCpu, d2Cpu, d1Cpu]);
}
const fmt = (ms) => (ms / 1000).toFixed(3).padStart(8);
const ratio = (a, b) => `${(a / b).toFixed(1)}x`.padStart(6);
console.log(`\nfloe process start-up (SELECT 1, subtracted below): ${(startup / 1000).toFixed(3)} s wall, ${(startupCpu / 1000).toFixed(3)} s CPU; medians of ${runs} runs`);
console.log('query | wall: floe | duckdb 2t | duckdb 1t | floe/2t | floe/1t | CPU: floe | duckdb 2t | duckdb 1t | floe/2t');
console.log('------|------------|-----------|-----------|---------|---------|-----------|-----------|-----------|--------');
for (const [name, f, d2, d1, fc, d2c, d1c] of rows) {
  console.log(`${name.padEnd(5)} |   ${fmt(f)} |  ${fmt(d2)} |  ${fmt(d1)} |  ${ratio(f, d2)} |  ${ratio(f, d1)} |  ${fmt(fc)} |  ${fmt(d2c)} |  ${fmt(d1c)} | ${ratio(fc, d2c)}`);
}

// Latency of a point query through the Trino client protocol: POST
// /v1/statement, then GET nextUri until the last page, on one keep-alive
// connection (as a JDBC or trino-client session). Prints p50/p90/p99 of the
// whole statement, beside the HTTP floor (GET /v1/info on the same
// connection) measured in the same run.
// Usage: node bench/trino_point_query.mjs http://127.0.0.1:8080 SQL [iterations]
import http from 'node:http';

const [server, sql, iterationsText] = process.argv.slice(2);
const iterations = Number(iterationsText ?? 1000);
const connection = new http.Agent({ keepAlive: true, maxSockets: 1 });

function request(method, url, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent: connection, headers: { 'X-Trino-User': 'bench', 'X-Trino-Catalog': 'iceberg' } },
      res => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', chunk => { data += chunk; });
        res.on('end', () => resolve({ status: res.statusCode, body: data }));
      });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

async function statement() {
  let response = await request('POST', `${server}/v1/statement`, sql);
  let document = JSON.parse(response.body);
  let rows = 0;
  while (document.nextUri) {
    response = await request('GET', document.nextUri);
    document = JSON.parse(response.body);
    if (document.error) throw new Error(document.error.message);
    rows += document.data?.length ?? 0;
  }
  return rows;
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

async function time(name, body) {
  for (let i = 0; i < Math.min(100, iterations); i++) await body();  // warm-up
  const samples = [];
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    await body();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  console.log(`${name.padEnd(44)} p50 ${percentile(samples, 0.5).toFixed(2)} ms  p90 ${percentile(samples, 0.9).toFixed(2)} ms` +
    `  p99 ${percentile(samples, 0.99).toFixed(2)} ms  (${iterations} runs)`);
}

const rows = await statement();
console.log(`point query returns ${rows} row(s): ${sql}`);
await time('HTTP floor: GET /v1/info', () => request('GET', `${server}/v1/info`));
await time('Trino protocol: SELECT 1', async () => {
  let document = JSON.parse((await request('POST', `${server}/v1/statement`, 'SELECT 1')).body);
  while (document.nextUri) document = JSON.parse((await request('GET', document.nextUri)).body);
});
await time('Trino protocol: point query (POST + nextUri)', statement);
connection.destroy();

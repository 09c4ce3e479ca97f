/**
 * `npm run bench`: throughput of `check` on a generated 5 MB multi-document manifest, the same
 * bytes through the bare YAML parser, and peak memory (BENCH_MB and BENCH_RUNS change the size
 * and the runs); then the service's webhook-to-check-run latency and reviews per minute with 1 and 2 replicas on Redis (bench/service.ts; skipped
 * without redis-server, or with BENCH_SERVICE=0). Prints numbers; asserts nothing.
 */
import { parseAllDocuments } from 'yaml';
import { analyze } from '../src/engine/analyze.js';
import { generateManifests } from './generate.js';
import { benchService } from './service.js';

// BENCH_MB=20 for a larger input (the engine must stay linear: 4x the bytes, about 4x the time).
const TARGET_BYTES = (Number(process.env.BENCH_MB) || 5) * 1024 * 1024;
const RUNS = Number(process.env.BENCH_RUNS) || 3;

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

async function main(): Promise<void> {
  // Files stay under the engine's 1 MiB limit, as in a real repository: five 1 MB files.
  const files = generateManifests(TARGET_BYTES, 1000 * 1000);
  const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
  const mb = bytes / 1024 / 1024;
  let peakRss = process.memoryUsage().rss;
  const sample = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 5);

  const yamlTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    for (const f of files) parseAllDocuments(f.text, { uniqueKeys: false });
    yamlTimes.push(performance.now() - start);
  }
  const engineTimes: number[] = [];
  let findings = 0;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const result = await analyze({ files: files.map((f) => ({ path: f.path, status: 'added', text: f.text, changedLines: 'all' })) });
    engineTimes.push(performance.now() - start);
    findings = result.findings.length;
  }
  clearInterval(sample);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const yamlMs = median(yamlTimes);
  const engineMs = median(engineTimes);
  const docs = files.reduce((n, f) => n + f.documents, 0);
  console.log(`input: ${mb.toFixed(2)} MB in ${files.length} files, ${docs} documents (median of ${RUNS} runs)`);
  console.log(`yaml parseAllDocuments: ${yamlMs.toFixed(0)} ms, ${(mb / (yamlMs / 1000)).toFixed(2)} MB/s`);
  console.log(`engine check (all rules): ${engineMs.toFixed(0)} ms, ${(mb / (engineMs / 1000)).toFixed(2)} MB/s, ${findings} findings`);
  console.log(`engine / bare parser: ${(engineMs / yamlMs).toFixed(2)}x`);
  console.log(`peak RSS: ${(peakRss / 1024 / 1024).toFixed(0)} MB`);
  if (process.env.BENCH_SERVICE !== '0') await benchService();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

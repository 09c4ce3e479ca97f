/**
 * `npm run bench`: numbers only, no assertions.
 * 1. The engine on whole repositories (bench/engine.ts): generated corpora of 5 MB and 50 MB
 *    (BENCH_SIZES=5,50) and examples/, `check --format json` beside the bare YAML parse of the same
 *    files, each in a process of its own: MB/s, documents/s, the ratio, peak RSS. BENCH_RUNS
 *    (default 3; 1 for sizes of 20 MB and more) runs each, medians shown. BENCH_CLI points at another build.
 * 2. Pull requests of 10, 300 and 3,000 changed files reviewed by the App against the in-process
 *    GitHub stand-in: requests and wall time (bench/pull-requests.ts; BENCH_PR=0 skips).
 * 3. The service on Redis with 1 and 2 replicas (bench/service.ts; skipped without redis-server,
 *    or with BENCH_SERVICE=0).
 * Prints tables, then everything as one JSON line.
 */
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchCorpus, writeCorpus, type EngineRow } from './engine.js';
import { benchPullRequests } from './pull-requests.js';
import { benchService } from './service.js';

const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples');
const SIZES = (process.env.BENCH_SIZES ?? '5,50').split(',').map(Number).filter((n) => n > 0);

function runsFor(megabytes: number): number {
  return Number(process.env.BENCH_RUNS) || (megabytes >= 20 ? 1 : 3);
}

async function main(): Promise<void> {
  const engine: EngineRow[] = [await benchCorpus('examples/', EXAMPLES, runsFor(0))];
  for (const size of SIZES) {
    const { dir } = writeCorpus(size);
    try {
      engine.push(await benchCorpus(`generated ${size} MB`, dir, runsFor(size)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log('Engine: `check --format json` vs the bare YAML parse of the same files (each a process of its own)');
  console.table(engine);
  const five = engine.find((r) => r.corpus === 'generated 5 MB');
  const fifty = engine.find((r) => r.corpus === 'generated 50 MB');
  if (five && fifty) console.log(`linearity: 50 MB took ${(fifty.checkMs / (10 * five.checkMs)).toFixed(2)}x ten times 5 MB`);
  const pulls = process.env.BENCH_PR === '0' ? [] : await benchPullRequests();
  if (pulls.length > 0) {
    console.log('Pull requests reviewed by the App against the in-process stand-in');
    console.table(pulls.map(({ byRoute: _b, graphql: _g, phasesMs, title: _t, ...row }) => ({ ...row, listMs: phasesMs.list, readMs: phasesMs.read, analyzeMs: phasesMs.analyze, publishMs: phasesMs.publish })));
  }
  const service = process.env.BENCH_SERVICE === '0' ? undefined : await benchService();
  console.log(JSON.stringify({ engine, pulls, service }));
}

// Octokit's throttling timers would keep the process alive a while after the App benches.
main().then(() => process.exit(0), (error: unknown) => {
  console.error(error);
  process.exit(1);
});

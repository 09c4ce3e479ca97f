/**
 * The app analyses in worker threads with a time and heap budget. The thread runs the compiled
 * engine (dist/, built by `npm ci` through `prepare`); the same change gives the same result as
 * in process, and an analysis over its budget is stopped, not waited for.
 */
import { describe, expect, test } from '@jest/globals';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AnalysisStopped, analyzeInThread, workerAvailable } from '../../src/app/analysis-thread.js';
import { DEFAULT_CONFIG } from '../../src/config/config.js';
import { analyze } from '../../src/engine/analyze.js';
import type { Change } from '../../src/model/types.js';
import { deployment } from './helpers/manifests.js';

const COMPILED = new URL('../../dist/src/app/analysis-worker.js', import.meta.url);

const change: Change = {
  files: [
    { path: 'deploy/web.yaml', status: 'added', text: deployment('web', 'nginx:latest'), changedLines: 'all' },
    { path: 'deploy/api.yaml', status: 'modified', text: deployment('api', 'nginx:1.27.2'), changedLines: new Set([17]) },
  ],
};

describe('analysis in a worker thread', () => {
  test('the compiled worker is found only where it exists (sources under test run in process)', () => {
    expect(workerAvailable(new URL('./no-such-worker.js', import.meta.url))).toBe(false);
    expect(workerAvailable(COMPILED)).toBe(existsSync(fileURLToPath(COMPILED)));
  });

  // The compiled engine is what the service runs; CI builds it before the tests (npm ci → prepare).
  const withBuild = existsSync(fileURLToPath(COMPILED)) ? test : test.skip;

  withBuild('gives the same findings as the engine in process', async () => {
    const inThread = await analyzeInThread(change, DEFAULT_CONFIG, [], { timeoutMs: 60_000, maxHeapMb: 512 }, COMPILED);
    const inProcess = await analyze(change, DEFAULT_CONFIG, { treePaths: [] });
    expect(inThread.findings.map((f) => [f.rule, f.file, f.line])).toEqual(inProcess.findings.map((f) => [f.rule, f.file, f.line]));
    expect(inThread.findings.some((f) => f.rule === 'image-latest-tag')).toBe(true);
  });

  withBuild('an analysis over its time budget is stopped with a reason', async () => {
    await expect(analyzeInThread(change, DEFAULT_CONFIG, [], { timeoutMs: 1, maxHeapMb: 512 }, COMPILED)).rejects.toThrow(AnalysisStopped);
    await expect(analyzeInThread(change, DEFAULT_CONFIG, [], { timeoutMs: 1, maxHeapMb: 512 }, COMPILED)).rejects.toThrow(/took longer than 0 s and was stopped/);
  });
});

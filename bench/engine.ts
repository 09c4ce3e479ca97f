/**
 * The engine on a whole repository, measured as a user meets it: `k8s-antipatterns check <dir>
 * --format json` as a process of its own (wall time from spawn to exit, peak RSS of the process
 * with its threads), beside the bare YAML parse of the same files in a process of its own.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateManifests } from './generate.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const DIST = join(HERE, '..');
const PROBE = pathToFileURL(join(HERE, 'rss-probe.js')).href;
/** Another build's CLI (BENCH_CLI=/path/to/dist/src/cli/bin.js) for before/after tables. */
const CLI = process.env.BENCH_CLI ?? join(DIST, 'src', 'cli', 'bin.js');

export interface EngineRow {
  corpus: string;
  megabytes: number;
  documents: number;
  /** Bare parse, in its process: the parse loop, and the process from spawn to exit. */
  bareParseMs: number;
  bareProcessMs: number;
  checkMs: number;
  findings: number;
  checkMBps: number;
  checkDocsPerSecond: number;
  bareMBps: number;
  /** check wall time / bare parse process wall time (below 1: faster than the bare parse). */
  ratio: number;
  checkPeakRssMb: number;
  /** The bare parse's own peak, for scale: Node and the parser alone. */
  barePeakRssMb: number;
  runs: number;
}

interface Run { wallMs: number; stdout: string; maxRssKb: number }

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

async function measureProcess(args: string[]): Promise<Run> {
  const probeOut = join(mkdtempSync(join(tmpdir(), 'bench-probe-')), 'rss.json');
  const start = performance.now();
  const child = spawn(process.execPath, ['--import', PROBE, ...args], { env: { ...process.env, BENCH_PROBE_OUT: probeOut }, stdio: ['ignore', 'pipe', 'inherit'] });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const wallMs = performance.now() - start;
  const { maxRssKb } = JSON.parse(readFileSync(probeOut, 'utf8')) as { maxRssKb: number };
  rmSync(dirname(probeOut), { recursive: true, force: true });
  // check exits 1 when it finds errors: a finding, not a failure of the bench.
  if (code !== 0 && code !== 1) throw new Error(`${args.join(' ')} exited ${code}`);
  return { wallMs, stdout: Buffer.concat(chunks).toString('utf8'), maxRssKb };
}

/** Writes a generated corpus of `megabytes` as 1 MB files (under the engine's per-file limit). */
export function writeCorpus(megabytes: number): { dir: string; documents: number } {
  const dir = mkdtempSync(join(tmpdir(), `bench-${megabytes}mb-`));
  let documents = 0;
  for (const file of generateManifests(megabytes * 1024 * 1024, 1000 * 1000)) {
    mkdirSync(join(dir, dirname(file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.text);
    documents += file.documents;
  }
  return { dir, documents };
}

export async function benchCorpus(corpus: string, dir: string, runs: number): Promise<EngineRow> {
  const bare: Array<Run & { parse: { ms: number; documents: number; bytes: number } }> = [];
  const check: Run[] = [];
  for (let i = 0; i < runs; i++) {
    const run = await measureProcess([join(HERE, 'bare-parse.js'), dir]);
    bare.push({ ...run, parse: JSON.parse(run.stdout) as { ms: number; documents: number; bytes: number } });
    check.push(await measureProcess([CLI, 'check', dir, '--format', 'json', '--no-config']));
  }
  const { documents, bytes } = bare[0]!.parse;
  const megabytes = bytes / 1024 / 1024;
  const checkMs = median(check.map((r) => r.wallMs));
  const bareProcessMs = median(bare.map((r) => r.wallMs));
  const findings = (JSON.parse(check[0]!.stdout) as { findings: unknown[] }).findings.length;
  return {
    corpus, megabytes: round(megabytes), documents,
    bareParseMs: Math.round(median(bare.map((r) => r.parse.ms))), bareProcessMs: Math.round(bareProcessMs),
    checkMs: Math.round(checkMs), findings,
    checkMBps: round(megabytes / (checkMs / 1000)), checkDocsPerSecond: Math.round(documents / (checkMs / 1000)),
    bareMBps: round(megabytes / (bareProcessMs / 1000)),
    ratio: round(checkMs / bareProcessMs),
    checkPeakRssMb: Math.round(Math.max(...check.map((r) => r.maxRssKb)) / 1024),
    barePeakRssMb: Math.round(Math.max(...bare.map((r) => r.maxRssKb)) / 1024),
    runs,
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/**
 * The engine's work grows linearly with the change: a corpus four times larger costs at most
 * about four times the work, rule by rule. Work is counted, not timed: every element an array
 * method or an array iterator (for-of, spread) visits while analyze() runs, minus the same count
 * for a run with no rules (the parsing). A rule that scans every file for every file, or copies a
 * growing list for each item (`[...(map.get(k) ?? []), item]`), visits about sixteen times more
 * on the larger corpus and fails here. Cross-file information comes from ctx.index (context.ts).
 *
 * The second test pins the findings on a generated corpus (their count and a hash of rule, file,
 * line and fingerprint), computed before the indexes replaced the scans: same findings, byte for byte.
 */
import { describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { analyze } from '../../src/engine/analyze.js';
import { engineCounters, resetEngineCounters } from '../../src/engine/context.js';
import { DEFAULT_CONFIG } from '../../src/config/config.js';
import { allRules } from '../../rules/index.js';
import type { Change, ChangedFile } from '../../src/model/types.js';

/** Scale 1: 100 Deployments (+ Services, 10 Pods) in 50 files in one folder, 5 charts, 5 workflows. */
function corpus(scale: number): Change {
  const files: ChangedFile[] = [];
  const add = (path: string, text: string): void => {
    files.push({ path, status: 'added', text, changedLines: 'all' });
  };
  for (let f = 0; f < 50 * scale; f++) {
    const docs: string[] = [];
    for (let d = 0; d < 2; d++) {
      const i = f * 2 + d;
      const metrics = i % 2 === 0 ? '      annotations:\n        prometheus.io/scrape: "true"\n' : '';
      docs.push(
        `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\n  namespace: team-${i % 3}\nspec:\n  selector:\n    matchLabels:\n      app: app-${i}\n` +
        `  template:\n    metadata:\n      labels:\n        app: app-${i}\n${metrics}    spec:\n      containers:\n        - name: app\n          image: registry.example.com/app-${i}:${i % 5 === 0 ? 'latest' : `1.${i}.0`}\n` +
        (i % 3 === 0 ? '' : '          resources:\n            requests:\n              cpu: 100m\n              memory: 64Mi\n            limits:\n              memory: 128Mi\n          readinessProbe:\n            httpGet:\n              path: /ready\n              port: 8080\n'),
        `apiVersion: v1\nkind: Service\nmetadata:\n  name: app-${i}\n  namespace: team-${i % 3}\nspec:\n  selector:\n    app: app-${i}\n  ports:\n    - port: 80\n`,
      );
    }
    // A bare Pod now and then: its readiness check looks for a Service that selects it.
    if (f % 5 === 0) docs.push(`apiVersion: v1\nkind: Pod\nmetadata:\n  name: pod-${f}\n  labels:\n    app: app-${f * 2}\nspec:\n  containers:\n    - name: pod\n      image: registry.example.com/pod:1.0.0\n`);
    add(`deploy/apps-${f}.yaml`, docs.join('---\n'));
  }
  for (let c = 0; c < 5 * scale; c++) {
    add(`charts/c${c}/Chart.yaml`, `apiVersion: v2\nname: c${c}\nversion: 1.0.0\n`);
    add(`charts/c${c}/values.yaml`, `image:\n  repository: registry.example.com/c${c}\n  tag: latest\nresources: {}\n`);
    add(`charts/c${c}/templates/deployment.yaml`,
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n          resources: {{ toYaml .Values.resources | nindent 12 }}\n`);
  }
  for (let w = 0; w < 5 * scale; w++) {
    add(`.github/workflows/w${w}.yml`,
      `on: pull_request\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          kubectl apply -f deploy/apps-${w}.yaml\n          helm upgrade --install app-pr-\${{ github.event.number }} charts/c${w} -n pr-\${{ github.event.number }} --create-namespace\n`);
  }
  return { files };
}

/** Counts array elements visited by array methods and array iterators while it is installed. */
const visits = { count: 0 };
const restore: Array<() => void> = [];

function countVisits(): void {
  const proto = Array.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of ['filter', 'map', 'flatMap', 'find', 'findIndex', 'some', 'every', 'forEach', 'reduce', 'includes', 'indexOf', 'slice', 'concat', 'join']) {
    const original = proto[name]!;
    proto[name] = function (this: unknown[], ...args: unknown[]) {
      visits.count += this.length;
      return original.apply(this, args);
    };
    restore.push(() => { proto[name] = original; });
  }
  const iteratorProto = Object.getPrototypeOf([][Symbol.iterator]()) as { next: () => unknown };
  const next = iteratorProto.next;
  iteratorProto.next = function (this: unknown) {
    visits.count++;
    return next.call(this);
  };
  restore.push(() => { iteratorProto.next = next; });
}

async function work(change: Change, rules: typeof allRules): Promise<number> {
  visits.count = 0;
  await analyze(change, DEFAULT_CONFIG, { rules });
  return visits.count;
}

describe('linear scaling', () => {
  const small = corpus(1);
  const large = corpus(4);

  test('each rule does at most about 4x the work on a corpus 4x larger', async () => {
    countVisits();
    const ratios: Record<string, number> = {};
    try {
      const baseSmall = await work(small, []);
      const baseLarge = await work(large, []);
      for (const rule of allRules) {
        const a = (await work(small, [rule])) - baseSmall;
        const b = (await work(large, [rule])) - baseLarge;
        // A little slack for constant work; a quadratic rule lands near 16x.
        ratios[rule.id] = Math.round((b / Math.max(a, 2000)) * 100) / 100;
      }
    } finally {
      for (const undo of restore.splice(0)) undo();
    }
    // Rules whose work grew superlinearly, with the ratio (a quadratic one is near 16).
    const superlinear = Object.entries(ratios).filter(([, r]) => r > 5);
    expect(superlinear).toEqual([]);
  });

  test('cross-file indexes are built once per run, however many files ask', async () => {
    resetEngineCounters();
    await analyze(small);
    const smallBuilds = engineCounters.indexBuilds;
    resetEngineCounters();
    await analyze(large);
    expect(engineCounters.indexBuilds).toBe(smallBuilds);
    expect(engineCounters.indexLookups).toBeGreaterThan(engineCounters.indexBuilds);
  });

  test('the findings on a generated corpus stay the same', async () => {
    const result = await analyze(large);
    const hash = createHash('sha256');
    for (const f of result.findings) hash.update(`${f.rule}|${f.file}|${f.line}|${f.endLine}|${f.fingerprint}|${f.message}\n`);
    expect({ count: result.findings.length, hash: hash.digest('hex') }).toEqual(PINNED);
  });
});

// Computed with the engine before the indexes (scans of allFiles, copied lists), and kept.
const PINNED = { count: 2557, hash: '754352f877e55db21ad5a4e7aa827d0f56613095b84af0f5c074722eb7d3b392' };

/**
 * Property test of the engine on hostile input: random and mutated files of every kind the engine
 * classifies never make analyze() throw, never make a rule crash (internal-error), and the work
 * stays within a budget counted in parser steps and syntax tree nodes, never in seconds.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { analyze } from '../../src/engine/analyze.js';
import { classify } from '../../src/engine/classify.js';
import { shellTooComplex } from '../../src/engine/limits.js';
import { bashParseStats } from '../../src/shell/parser.js';
import { shellWalkStats } from '../../src/shell/commands.js';
import type { ChangedFile, FileKind } from '../../src/model/types.js';

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: prod
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: api
          image: registry.example.com/api:latest
          env:
            - name: DB_PASSWORD
              value: hunter2hunter2
          livenessProbe:
            httpGet: { path: /healthz, port: 8080 }
---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  type: LoadBalancer
  ports: [{ port: 80 }]
`;

/** Seeds per path: the path decides the kind (classify), the text is then mutated. */
const SEEDS: Array<{ path: string; text: string }> = [
  { path: 'k8s/api.yaml', text: MANIFEST },
  { path: 'chart/templates/deploy.yaml', text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n          {{- with .Values.resources }}\n          resources: {{ toYaml . | nindent 12 }}\n          {{- end }}\n' },
  { path: 'chart/values.yaml', text: 'image:\n  repository: api\n  tag: latest\nresources: {}\npassword: s3cr3t-value\n' },
  { path: 'chart/Chart.yaml', text: 'apiVersion: v2\nname: chart\nversion: 1.0.0\ndependencies:\n  - name: redis\n    repository: https://charts.example.com\n    version: 1.x\n' },
  { path: 'overlays/prod/kustomization.yaml', text: 'resources:\n  - ../../base\nimages:\n  - name: api\n    newTag: latest\npatches:\n  - path: patch.yaml\n' },
  { path: 'argo/app.yaml', text: 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: api\nspec:\n  source:\n    repoURL: https://github.com/x/y\n    path: chart\n    targetRevision: HEAD\n' },
  { path: 'Dockerfile', text: 'FROM node:latest AS build\nARG NPM_TOKEN\nENV API_KEY=abc123\nCOPY . .\nRUN npm ci && \\\n    npm run build\nFROM gcr.io/distroless/nodejs\nCOPY --from=build /app /app\nCMD ["node", "/app/main.js"]\n' },
  { path: 'deploy.sh', text: '#!/bin/bash\nset -euo pipefail\nNS=${NS:-prod}\nhelm template ./chart | kubectl apply -f -\nkubectl -n "$NS" set image deploy/api api=api:$(git rev-parse HEAD)\nsh -c "kubectl logs deploy/api"\ncat <<EOF | kubectl apply -f -\nkind: ConfigMap\nEOF\n' },
  { path: 'Makefile', text: 'IMG ?= api:latest\nKUBECTL ?= kubectl\ndeploy:\n\t@$(KUBECTL) apply -f k8s/\n\tdocker push $(IMG)\n' },
  { path: '.github/workflows/deploy.yaml', text: 'on:\n  pull_request:\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: |\n          docker build -t api:latest .\n          docker push api:latest\n          kubectl apply -f k8s/ --context ${{ secrets.CTX }}\n' },
  { path: '.gitlab-ci.yml', text: 'stages: [build, deploy]\ndeploy:\n  stage: deploy\n  image: bitnami/kubectl\n  script:\n    - kubectl apply -f k8s/\n    - helm upgrade --install api ./chart\n  environment: staging\n' },
  { path: 'infra/main.tf', text: 'resource "helm_release" "api" {\n  name  = "api"\n  chart = "./chart"\n  set {\n    name  = "image.tag"\n    value = "latest"\n  }\n}\nresource "kubernetes_deployment" "x" {\n  metadata { name = "x${var.env}" }\n}\n' },
  { path: 'src/client.ts', text: 'const url = "http://api.prod.svc.cluster.local:8080";\nimport k8s from "@kubernetes/client-node";\nconst kc = new k8s.KubeConfig();\n' },
];

/** Pieces that stress parsers: openers and closers, quoting, YAML and template syntax. */
const TOKENS = [
  '$(', '${', ')', '}', '(', '{', '[', ']', '`', '"', "'", '\\', '\n', '\r\n', '\t', ' ', '#', ':', '- ', '---\n',
  '{{', '}}', '{{-', '<<EOF\n', 'EOF\n', '&&', '||', '|', ';', ';;', '&', '>', '<(', '$((', '))', 'sh -c "', 'kubectl apply -f -',
  'helm upgrade --install a ./c', '&a ', '*a', '!!binary ', '? ', '%YAML 1.2\n', 'RUN ', 'FROM ', 'ARG ', '\\\n', '${{ ', 'run: |\n    ',
  'apiVersion: v1\nkind: Pod\n', 'image: x:latest', '\u0085', '\u2028', '\uFEFF', 'é', '\u0000',
];

const token = fc.constantFrom(...TOKENS);

/** One edit of a text at a relative position (0..1), so edits apply to any length. */
const edit = fc.oneof(
  fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), insert: fc.array(token, { minLength: 1, maxLength: 8 }).map((t) => t.join('')) }),
  // A token repeated: nesting, long lines and error runs, around the engine's limits.
  fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), insert: fc.tuple(token, fc.integer({ min: 2, max: 150 })).map(([t, n]) => t.repeat(n)) }),
  fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), duplicate: fc.integer({ min: 1, max: 200 }) }),
);

type Edit = { at: number; insert?: string; remove?: number; duplicate?: number };

function applyEdits(text: string, edits: readonly Edit[]): string {
  let out = text;
  for (const e of edits) {
    const i = Math.floor(e.at * out.length);
    if (e.insert !== undefined) out = out.slice(0, i) + e.insert + out.slice(i);
    else if (e.remove !== undefined) out = out.slice(0, i) + out.slice(i + e.remove);
    else out = out.slice(0, i) + out.slice(i, i + e.duplicate!) + out.slice(i);
  }
  return out;
}

const mutatedFile = fc.record({
  seed: fc.integer({ min: 0, max: SEEDS.length - 1 }),
  edits: fc.array(edit, { minLength: 1, maxLength: 6 }),
}).map(({ seed, edits }) => ({ path: SEEDS[seed]!.path, text: applyEdits(SEEDS[seed]!.text, edits) }));

const randomFile = fc.record({
  seed: fc.integer({ min: 0, max: SEEDS.length - 1 }),
  text: fc.array(fc.oneof(token, fc.string({ maxLength: 6 })), { maxLength: 300 }).map((t) => t.join('')),
}).map(({ seed, text }) => ({ path: SEEDS[seed]!.path, text }));

/** Context beside the mutated file: the chart's other files make templates and values classify. */
const CONTEXT: ChangedFile[] = SEEDS.filter((s) => s.path.startsWith('chart/')).map((s) => ({ path: s.path, status: 'unchanged', text: s.text, changedLines: new Set() }));

const TREE = new Set(SEEDS.map((s) => s.path));

describe('engine on random and mutated input', () => {
  test('never throws, never crashes a rule, and bounds its parsing work', async () => {
    const kinds = new Set<FileKind>();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof({ weight: 3, arbitrary: mutatedFile }, { weight: 1, arbitrary: randomFile }), { minLength: 1, maxLength: 3 }), async (generated) => {
        const byPath = new Map(generated.map((f) => [f.path, f]));
        const files: ChangedFile[] = [...byPath.values()].map((f) => ({ path: f.path, status: 'added', text: f.text, changedLines: 'all' }));
        const change = { files: [...files, ...CONTEXT.filter((c) => !byPath.has(c.path))] };
        const bytes = files.reduce((sum, f) => sum + f.text!.length, 0);
        const callbacks = bashParseStats.callbacks;
        const nodes = shellWalkStats.nodes;

        const result = await analyze(change, undefined, { treePaths: TREE });

        expect(result.findings.filter((f) => f.rule === 'internal-error')).toEqual([]);
        // Parser steps (one callback per 100) and tree nodes walked stay linear in the text:
        // at most 10 steps and 2 nodes per byte (these inputs reach about 3 and 0.7).
        expect(bashParseStats.callbacks - callbacks).toBeLessThanOrEqual(5 * files.length + bytes / 10);
        expect(shellWalkStats.nodes - nodes).toBeLessThanOrEqual(10 + 2 * bytes);
        for (const file of files) {
          const kind = classify(file.path, file.text!, TREE);
          kinds.add(kind);
          const status = result.files.find((f) => f.path === file.path);
          // A script over the limits is refused before parsing, never half-parsed.
          if (kind === 'script' && !file.path.endsWith('Makefile') && shellTooComplex(file.text!) && !file.text!.includes('\u0000')) {
            expect(status).toMatchObject({ status: 'error', reason: expect.stringMatching(/^too complex: /) });
          }
        }
      }),
      { seed: 20240611, numRuns: 300, endOnFailure: true },
    );
    // The seeds cover every kind the engine reads (mutations may turn some into `other`).
    expect([...kinds].filter((k) => k !== 'other').sort()).toEqual(['chart', 'ci', 'dockerfile', 'gitops', 'helm-template', 'helm-values', 'kustomization', 'manifest', 'script', 'source', 'terraform']);
  }, 120_000);
});

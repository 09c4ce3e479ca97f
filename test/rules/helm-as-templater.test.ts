import { describe, expect, test } from '@jest/globals';
import { findingsOf, linesOf } from '../helpers/run.js';

const RULE = 'helm-as-templater';

describe(RULE, () => {
  test('flags helm template piped into kubectl apply, also through other filters', async () => {
    const script = [
      '#!/bin/sh',                                                       // 1
      'helm template web ./chart -f values.yaml | kubectl apply -f -',   // 2
      'helm template api charts/api | yq e - | kubectl -n api apply -f -', // 3
      'cat <<EOF',                                                       // 4
      'helm template x | kubectl apply -f -',                            // 5
      'EOF',                                                             // 6
    ].join('\n');
    expect(await linesOf(RULE, 'deploy.sh', script)).toEqual([2, 3]);
    const [first] = await findingsOf(RULE, { 'deploy.sh': script });
    expect(first!.message).toContain('piped into `kubectl apply`');
  });

  test('flags rendering to a file that a later kubectl apply reads, in a run block', async () => {
    const workflow = [
      'on: push',                                                      // 1
      'jobs:',                                                         // 2
      '  deploy:',                                                     // 3
      '    runs-on: ubuntu-latest',                                    // 4
      '    steps:',                                                    // 5
      '      - run: |',                                                // 6
      '          mkdir -p out',                                        // 7
      '          helm template web ./chart > out/web.yaml',            // 8
      '      - run: kubectl apply -f out/ && kubectl rollout status deploy/web', // 9
    ].join('\n');
    const findings = await findingsOf(RULE, { '.github/workflows/deploy.yml': workflow });
    expect(findings.map((f) => [f.line, f.span])).toEqual([[8, [8, 9]]]);
    expect(findings[0]!.message).toContain('applies on line 9');
  });

  test('flags azure/k8s-bake with the helm engine feeding azure/k8s-deploy', async () => {
    const workflow = 'on: push\njobs:\n  d:\n    runs-on: x\n    steps:\n      - id: bake\n        uses: azure/k8s-bake@v3\n        with:\n          renderEngine: helm\n          helmChart: ./chart\n      - uses: azure/k8s-deploy@v5\n        with:\n          manifests: ${{ steps.bake.outputs.manifestsBundle }}\n';
    expect(await linesOf(RULE, '.github/workflows/d.yml', workflow)).toEqual([7]);
  });

  test('does not flag helm releases, validation, dry runs or test clusters', async () => {
    const script = [
      '#!/bin/sh',
      'helm template web ./chart | kubeconform -strict',
      'helm template web ./chart | kubectl apply --dry-run=client -f -',
      'helm template web ./chart > rendered.yaml',
      'git add rendered.yaml',
      'helm upgrade --install web ./chart --atomic',
      'echo "helm template web | kubectl apply -f -"',
      'kubectl create secret generic s --from-literal=a=b --dry-run=client -o yaml | kubectl apply -f -',
    ].join('\n');
    expect(await linesOf(RULE, 'deploy.sh', script)).toEqual([]);
    const kind = 'on: pull_request\njobs:\n  t:\n    runs-on: x\n    steps:\n      - uses: helm/kind-action@v1\n      - run: helm template web ./chart | kubectl apply -f -\n';
    expect(await linesOf(RULE, '.github/workflows/t.yml', kind)).toEqual([]);
  });
});

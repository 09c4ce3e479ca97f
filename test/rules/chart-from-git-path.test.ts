import { describe, expect, test } from '@jest/globals';
import { findingsOf, linesOf } from '../helpers/run.js';

const RULE = 'chart-from-git-path';

describe(RULE, () => {
  test('flags local chart paths of helm upgrade and install, on the chart word line', async () => {
    const script = [
      '#!/bin/sh',                                             // 1
      'helm upgrade --install web ./charts/web --atomic',      // 2
      'helm install api deploy/helm/api --wait',               // 3
      'helm upgrade worker \\',                                // 4
      '  charts/worker --install --atomic',                    // 5
      'helm -n jobs install cron . --wait',                    // 6
    ].join('\n');
    expect(await linesOf(RULE, 'scripts/deploy.sh', script)).toEqual([2, 3, 5, 6]);
    const [first] = await findingsOf(RULE, { 'scripts/deploy.sh': script });
    expect(first).toMatchObject({ severity: 'hint' });
    expect(first!.message).toContain('local path ./charts/web');
  });

  test('flags a local chart inside a workflow run block, on its true line', async () => {
    const workflow = [
      'on: push',                              // 1
      'jobs:',                                 // 2
      '  deploy:',                             // 3
      '    runs-on: ubuntu-latest',            // 4
      '    steps:',                            // 5
      '      - name: Deploy',                  // 6
      '        run: |',                        // 7
      '          helm dependency build charts/web', // 8
      '          helm upgrade --install web \\', // 9
      '            charts/web --atomic',       // 10
    ].join('\n');
    const findings = await findingsOf(RULE, { '.github/workflows/deploy.yml': workflow });
    expect(findings.map((f) => f.line)).toEqual([10]);
    expect(findings[0]!.message).toMatch(/^Job deploy: `helm upgrade` installs the chart from the local path charts\/web/);
  });

  test('flags a helm action chart input in a workflow', async () => {
    const workflow = 'on: push\njobs:\n  d:\n    runs-on: x\n    steps:\n      - uses: deliverybot/helm@v1\n        with:\n          release: web\n          chart: ./charts/web\n';
    expect(await linesOf(RULE, '.github/workflows/d.yml', workflow)).toEqual([9]);
  });

  test('does not flag repository, OCI, packaged or dynamic charts, added repos, or test clusters', async () => {
    const script = [
      '#!/bin/sh',
      'helm repo add charts https://charts.example.com',
      'helm upgrade --install web charts/web --atomic',
      'helm upgrade --install db bitnami/postgresql --atomic',
      'helm upgrade --install api oci://ghcr.io/acme/charts/api --version 1.2.3 --atomic',
      'helm upgrade --install job ./dist/job-1.0.0.tgz --atomic',
      'helm upgrade --install x "$CHART" --atomic',
      'helm upgrade --install y nginx --repo https://charts.example.com --atomic',
      'helm template web ./charts/web > out.yaml',
      'helm lint ./charts/web',
    ].join('\n');
    expect(await linesOf(RULE, 'scripts/deploy.sh', script)).toEqual([]);
    const kind = 'on: pull_request\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: kind create cluster\n      - run: helm install web ./charts/web --wait\n';
    expect(await linesOf(RULE, '.github/workflows/t.yml', kind)).toEqual([]);
  });
});

/**
 * missing-readiness-probe across files: whether a bare Pod gets traffic is decided by Services in
 * any file of the change or its context (see also probe-sidecars.test.ts).
 */
import { describe, expect, test } from '@jest/globals';
import { findingsOf } from '../helpers/run.js';
import { added, context, modified } from '../helpers/change.js';
import { service } from '../helpers/manifests.js';

const RULE = 'missing-readiness-probe';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  containers:
    - name: web
      image: web:1.0.0
    - name: worker
      image: worker:1.0.0
`;
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          image: api:1.0.0
`;

describe(RULE, () => {
  test('a Service in an unchanged manifest selects a changed bare Pod: every container, in line order beside other workloads', async () => {
    const text = `${POD}---\n${DEPLOYMENT}`;
    const findings = await findingsOf(RULE, [context('deploy/svc.yaml', service('app: web')), modified('deploy/pod.yaml', text.replace('web:1.0.0', 'web:0.9.0'), text)]);
    expect(findings.map((f) => [f.file, f.line])).toEqual([['deploy/pod.yaml', 9], ['deploy/pod.yaml', 11], ['deploy/pod.yaml', 22]]);
    expect(findings[0]!.message).toBe('Pod web, container web: no readinessProbe, so it gets traffic before it can serve and while it is overloaded. Add a cheap readiness check.');
  });

  test('a Service in an unchanged Helm template counts too', async () => {
    const chart = 'apiVersion: v2\nname: web\nversion: 1.0.0\n';
    const template = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n';
    const findings = await findingsOf(RULE, [added('deploy/pod.yaml', POD), context('chart/Chart.yaml', chart), context('chart/templates/svc.yaml', template)]);
    expect(findings.map((f) => f.line)).toEqual([9, 11]);
  });

  test('an unchanged Pod is not reviewed when only the Service changes, and a context Service elsewhere selects nothing', async () => {
    expect(await findingsOf(RULE, [context('deploy/pod.yaml', POD), added('deploy/svc.yaml', service('app: web'))])).toEqual([]);
    const inShop = POD.replace('  name: web\n', '  name: web\n  namespace: shop\n');
    expect(await findingsOf(RULE, [added('deploy/pod.yaml', inShop), context('deploy/svc.yaml', service('app: web', 'other'))])).toEqual([]);
    expect((await findingsOf(RULE, [added('deploy/pod.yaml', inShop), context('deploy/svc.yaml', service('app: web', 'shop'))])).length).toBe(2);
  });
});

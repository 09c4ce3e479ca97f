import { describe, expect, test } from '@jest/globals';
import { findingsOf, linesOf } from '../helpers/run.js';
import { added, context } from '../helpers/change.js';

const RULE = 'automount-sa-token';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: web:1.0.0
`;

describe(RULE, () => {
  test('flags a Deployment on the default service account, on its template line', async () => {
    const findings = await findingsOf(RULE, { 'deploy/web.yaml': DEPLOYMENT });
    expect(findings.map((f) => [f.line, f.span, f.severity])).toEqual([[6, [6, 10], 'hint']]);
    expect(findings[0]!.message).toContain('Deployment web: the pod runs as the default service account');
    expect(findings[0]!.message).toContain('automountServiceAccountToken: false');
  });

  test('flags a bare Pod and a CronJob', async () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: p\n      image: p:1.0.0\n';
    const cron = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: job
              image: job:1.0.0
`;
    expect(await linesOf(RULE, 'pod.yaml', pod)).toEqual([5]);
    expect(await linesOf(RULE, 'cron.yaml', cron)).toEqual([5]);
  });

  test('does not flag pods that choose a service account or decide about the token', async () => {
    const named = DEPLOYMENT.replace('    spec:\n      containers', '    spec:\n      serviceAccountName: web\n      containers');
    const off = DEPLOYMENT.replace('    spec:\n      containers', '    spec:\n      automountServiceAccountToken: false\n      containers');
    const on = DEPLOYMENT.replace('    spec:\n      containers', '    spec:\n      automountServiceAccountToken: true\n      containers');
    for (const text of [named, off, on]) expect(await linesOf(RULE, 'deploy/web.yaml', text)).toEqual([]);
  });

  test('does not flag pods when the default ServiceAccount in the change opts out', async () => {
    const account = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: default\nautomountServiceAccountToken: false\n';
    expect(await findingsOf(RULE, { 'deploy/web.yaml': DEPLOYMENT, 'deploy/sa.yaml': account })).toEqual([]);
  });

  test('a default ServiceAccount opting out in an unchanged file (manifest or chart template) still silences the rule', async () => {
    const account = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: default\nautomountServiceAccountToken: false\n';
    expect(await findingsOf(RULE, [added('deploy/web.yaml', DEPLOYMENT), context('deploy/sa.yaml', account)])).toEqual([]);
    // The unchanged file comes before the workload in the change: the order of files does not matter.
    expect(await findingsOf(RULE, [context('deploy/a-sa.yaml', account), added('deploy/web.yaml', DEPLOYMENT)])).toEqual([]);
    const chart = 'apiVersion: v2\nname: web\nversion: 1.0.0\n';
    const templated = account.replace('false', '{{ .Values.serviceAccount.automount }}');
    expect(await findingsOf(RULE, [
      context('chart/Chart.yaml', chart), context('chart/templates/sa.yaml', templated), added('deploy/web.yaml', DEPLOYMENT),
    ])).toEqual([]);
  });

  test('an unchanged default ServiceAccount that keeps the token, or an unchanged workload, is not enough', async () => {
    const keeps = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: default\nautomountServiceAccountToken: true\n';
    const findings = await findingsOf(RULE, [context('deploy/sa.yaml', keeps), context('deploy/old.yaml', DEPLOYMENT.replace('web', 'old')), added('deploy/web.yaml', DEPLOYMENT)]);
    expect(findings.map((f) => [f.file, f.line])).toEqual([['deploy/web.yaml', 6]]);
  });

  test('reports every pod of a file, in file order', async () => {
    const second = DEPLOYMENT.replace(/web/g, 'api');
    const findings = await findingsOf(RULE, [added('deploy/all.yaml', `${DEPLOYMENT}---\n${second}`)]);
    expect(findings.map((f) => [f.line, f.message.split(':')[0]])).toEqual([[6, 'Deployment web'], [17, 'Deployment api']]);
  });

  test('does not flag Helm templates whose pod spec comes partly from includes', async () => {
    const template = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "web.fullname" . }}
spec:
  template:
    spec:
      {{- include "web.podSecurity" . | nindent 6 }}
      containers:
        - name: web
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
`;
    const chart = 'apiVersion: v2\nname: web\nversion: 1.0.0\n';
    expect(await findingsOf(RULE, { 'chart/Chart.yaml': chart, 'chart/templates/deployment.yaml': template })).toEqual([]);
  });

  test('does not flag objects that are not workloads', async () => {
    const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n';
    expect(await linesOf(RULE, 'deploy/svc.yaml', service)).toEqual([]);
  });

  test('flags a Helm template whose template actions only guard or fill nested values', async () => {
    const template = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "web.fullname" . }}
spec:
  template:
    spec:
      {{- with .Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: web
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
`;
    const chart = 'apiVersion: v2\nname: web\nversion: 1.0.0\n';
    const findings = await findingsOf(RULE, { 'chart/Chart.yaml': chart, 'chart/templates/deployment.yaml': template });
    expect(findings.map((f) => f.line)).toEqual([6]);
  });

  test('naming the default service account is the same as naming none', async () => {
    for (const line of ['serviceAccountName: default', 'serviceAccount: default', 'serviceAccountName: "default"', 'serviceAccountName: ""']) {
      const text = DEPLOYMENT.replace('    spec:\n      containers', `    spec:\n      ${line}\n      containers`);
      const findings = await findingsOf(RULE, { 'deploy/web.yaml': text });
      expect(findings.map((f) => f.line)).toEqual([6]);
      expect(findings[0]!.message).toContain('runs as the default service account');
    }
  });

  test('a default service account with the token turned off, or a templated account name, is not flagged', async () => {
    const off = DEPLOYMENT.replace('    spec:\n      containers', '    spec:\n      serviceAccountName: default\n      automountServiceAccountToken: false\n      containers');
    expect(await linesOf(RULE, 'deploy/web.yaml', off)).toEqual([]);
    const template = DEPLOYMENT.replace('  name: web\n', '  name: {{ include "web.fullname" . }}\n')
      .replace('    spec:\n      containers', '    spec:\n      serviceAccountName: {{ include "web.serviceAccountName" . }}\n      containers');
    const chart = 'apiVersion: v2\nname: web\nversion: 1.0.0\n';
    expect(await findingsOf(RULE, { 'chart/Chart.yaml': chart, 'chart/templates/deployment.yaml': template })).toEqual([]);
  });
});

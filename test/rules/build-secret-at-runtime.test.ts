import { describe, expect, test } from '@jest/globals';
import { findingsOf } from '../helpers/run.js';

const RULE = 'build-secret-at-runtime';
const CHART = { 'chart/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n' };

function deployment(env: string, image = 'web:3.0.1'): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: ${image}
          env:
${env}`;
}

describe(RULE, () => {
  test('flags build credentials handed to a container, from a Secret or literally, on the name line', async () => {
    const text = deployment(`            - name: NPM_TOKEN
              valueFrom:
                secretKeyRef:
                  name: npm
                  key: token
            - name: ARTIFACTORY_PASSWORD
              value: Zt7wq2Lx
            - name: PIP_INDEX_URL
              value: https://ci:Rb4mQ8sz@pypi.internal/simple
            - name: NEXUS_USER
              value: deployer
`);
    const findings = await findingsOf(RULE, { 'deploy/web.yaml': text });
    expect(findings.map((f) => f.line)).toEqual([12, 17, 19, 21]);
    expect(findings[0]!.message).toContain('Deployment web, container web: environment variable NPM_TOKEN is a build-only credential');
    expect(findings[0]!.message).toContain('BuildKit secret mount');
  });

  test('flags build credentials in chart values, as env lists and as keys', async () => {
    const values = `extraEnv:
  - name: NODE_AUTH_TOKEN
    valueFrom:
      secretKeyRef:
        name: npm
        key: token
env:
  ARTIFACTORY_API_KEY: 8c1e7f0a2b
nexusPassword: Kd8s2mQp
`;
    const findings = await findingsOf(RULE, { ...CHART, 'chart/values.yaml': values });
    expect(findings.map((f) => f.line)).toEqual([2, 8, 9]);
    expect(findings[0]!.message).toContain('Values extraEnv[0]: environment variable NODE_AUTH_TOKEN');
    expect(findings[2]!.message).toContain('Values nexusPassword is a build-only credential');
  });

  test('does not flag index URLs without credentials, store URLs, placeholders or runtime secrets', async () => {
    const text = deployment(`            - name: PIP_INDEX_URL
              value: https://pypi.internal/simple
            - name: ARTIFACTORY_URL
              value: https://artifactory.internal
            - name: NEXUS_HOST
              value: nexus.internal
            - name: NPM_TOKEN
              value: ""
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: db
                  key: password
            - name: NPM_CONFIG_LOGLEVEL
              value: warn
`);
    expect(await findingsOf(RULE, { 'deploy/web.yaml': text })).toEqual([]);
    expect(await findingsOf(RULE, { ...CHART, 'chart/values.yaml': 'npmToken: ""\nartifactoryUrl: https://artifactory.internal\n' })).toEqual([]);
  });

  test('does not flag containers whose image is a build or CI tool', async () => {
    const env = '            - name: NPM_TOKEN\n              valueFrom:\n                secretKeyRef:\n                  name: npm\n                  key: token\n';
    for (const image of ['gcr.io/kaniko-project/executor:v1.23.0', 'ghcr.io/actions/actions-runner:2.317.0', 'renovate/renovate:38.0.0']) {
      expect(await findingsOf(RULE, { 'deploy/web.yaml': deployment(env, image) })).toEqual([]);
    }
    const values = 'runner:\n  image:\n    repository: ghcr.io/actions/actions-runner\n    tag: 2.317.0\n  env:\n    NPM_TOKEN: Kd8s2mQp\n';
    expect(await findingsOf(RULE, { ...CHART, 'chart/values.yaml': values })).toEqual([]);
  });
});

import { describe, expect, test } from '@jest/globals';
import { findingsOf, linesOf } from '../helpers/run.js';

const RULE = 'live-object-dump';

describe(RULE, () => {
  test('flags an exported Deployment once, listing the server-set fields', async () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    deployment.kubernetes.io/revision: "3"
    kubectl.kubernetes.io/last-applied-configuration: |
      {"apiVersion":"apps/v1","kind":"Deployment"}
  creationTimestamp: "2024-05-01T08:00:00Z"
  generation: 3
  name: web
  namespace: shop
  resourceVersion: "918273"
  uid: 0b7d2c1e-4f5a-4c3b-9e8d-7a6b5c4d3e2f
spec:
  replicas: 2
status:
  availableReplicas: 2
  observedGeneration: 3
`;
    const findings = await findingsOf(RULE, { 'deploy/web.yaml': text });
    expect(findings.map((f) => [f.line, f.span])).toEqual([[5, [5, 16]]]);
    expect(findings[0]!.message).toContain('Deployment web looks exported from a live cluster');
    expect(findings[0]!.message).toContain('metadata.uid');
    expect(findings[0]!.message).toContain('status');
    expect(findings[0]!.message).toContain('kubectl.kubernetes.io/last-applied-configuration');
  });

  test('flags managedFields alone, and items of a kubectl List', async () => {
    const text = `apiVersion: v1
kind: List
metadata:
  resourceVersion: ""
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: settings
      managedFields:
        - manager: kubectl-client-side-apply
          operation: Update
    data:
      a: "1"
`;
    const findings = await findingsOf(RULE, { 'deploy/list.yaml': text });
    expect(findings.map((f) => f.line)).toEqual([10]);
    expect(findings[0]!.message).toContain('ConfigMap settings');
  });

  test('does not flag kubectl create --dry-run output (creationTimestamp: null, empty status)', async () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  creationTimestamp: null
  labels:
    app: web
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  strategy: {}
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: web
    spec:
      containers:
      - image: nginx:1.27
        name: nginx
        resources: {}
status: {}
`;
    expect(await linesOf(RULE, 'deploy/web.yaml', text)).toEqual([]);
  });

  test('does not flag a generated CRD whose status holds only empty values', async () => {
    const text = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  creationTimestamp: null
  name: widgets.example.io
spec:
  group: example.io
status:
  acceptedNames:
    kind: ""
    plural: ""
  conditions: []
  storedVersions: []
`;
    expect(await linesOf(RULE, 'crds/widgets.yaml', text)).toEqual([]);
  });

  test('does not flag lookalike keys outside metadata', async () => {
    const text = `apiVersion: v1
kind: ConfigMap
metadata:
  name: ids
  annotations:
    example.io/uid: "42"
data:
  uid: "1000"
  resourceVersion: "7"
  status: ready
`;
    expect(await linesOf(RULE, 'deploy/ids.yaml', text)).toEqual([]);
  });
});

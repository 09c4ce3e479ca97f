import { describe, expect, test } from '@jest/globals';
import { findingsOf, linesOf } from '../helpers/run.js';

const rule = 'app-uses-kube-api';

describe(rule, () => {
  test.each([
    ['src/cluster.ts', "import { readFile } from 'node:fs';\nimport * as k8s from '@kubernetes/client-node';\n", 2, '@kubernetes/client-node'],
    ['src/cluster.js', 'const fs = require("fs");\nconst k8s = require("@kubernetes/client-node");\n', 2, '@kubernetes/client-node'],
    ['src/cluster.ts', "import {\n  KubeConfig,\n  CoreV1Api,\n} from '@kubernetes/client-node';\n", 4, '@kubernetes/client-node'],
    ['app/peers.py', '"""Peer discovery."""\nimport os\nfrom kubernetes import client, config\n', 3, 'kubernetes'],
    ['app/peers.py', 'import os, kubernetes.client as k8s\n', 1, 'kubernetes.client'],
    ['cmd/peers/main.go', 'package main\n\nimport (\n\t"fmt"\n\tmetav1 "k8s.io/apimachinery/pkg/apis/meta/v1"\n\t"k8s.io/client-go/kubernetes"\n)\n', 6, 'k8s.io/client-go/kubernetes'],
    ['src/main/java/shop/Peers.java', 'package shop;\n\nimport io.fabric8.kubernetes.client.KubernetesClient;\n', 3, 'io.fabric8.kubernetes.client.KubernetesClient'],
    ['src/main/java/shop/Peers.java', 'package shop;\nimport io.kubernetes.client.openapi.ApiClient;\n', 2, 'io.kubernetes.client.openapi.ApiClient'],
    ['Shop/Peers.cs', 'using System;\nusing k8s;\n', 2, 'k8s'],
    ['lib/peers.rb', "require 'json'\nrequire 'kubeclient'\n", 2, 'kubeclient'],
  ])('flags the client import in %s', async (path, text, line, what) => {
    const findings = await findingsOf(rule, { [path]: text });
    expect(findings.map((f) => f.line)).toEqual([line]);
    expect(findings[0]!.message).toContain(`imports the Kubernetes client library "${what}"`);
    expect(findings[0]!.severity).toBe('warning');
  });

  test('flags the service-account token path, KUBERNETES_SERVICE_HOST and kubeconfig loading', async () => {
    expect(await linesOf(rule, 'pkg/ns/ns.go', 'package ns\n\nfunc Namespace() ([]byte, error) {\n\treturn os.ReadFile("/var/run/secrets/kubernetes.io/serviceaccount/namespace")\n}\n')).toEqual([4]);
    const findings = await findingsOf(rule, { 'src/env.ts': "export const inCluster = Boolean(process.env.KUBERNETES_SERVICE_HOST);\nexport const kubeconfig = process.env.KUBECONFIG ?? '~/.kube/config';\n" });
    expect(findings.map((f) => f.line)).toEqual([1, 2]);
    expect(findings[0]!.message).toContain('reads KUBERNETES_SERVICE_HOST');
    expect(findings[1]!.message).toContain('loads Kubernetes API credentials (KUBECONFIG)');
  });

  test('one finding per kind of use: the import covers loading the config', async () => {
    const text = 'from kubernetes import client, config\n\nconfig.load_incluster_config()\napi = client.CoreV1Api()\nconfig.load_kube_config()\n';
    expect(await linesOf(rule, 'app/peers.py', text)).toEqual([1]);
  });

  describe('must not flag', () => {
    test('a repository that declares itself a controller', async () => {
      expect(await linesOf(rule, 'src/cluster.ts', "import * as k8s from '@kubernetes/client-node';\n", { controller: true })).toEqual([]);
    });

    test.each([
      ['src/a.ts', "// import * as k8s from '@kubernetes/client-node';\n/* KUBERNETES_SERVICE_HOST */\nexport const a = 1;\n"],
      ['app/a.py', '# from kubernetes import client\n"""\nfrom kubernetes import client\n"""\nprint("from kubernetes import client")\n'],
      ['main.go', 'package main\n\n/*\nimport "k8s.io/client-go/kubernetes"\n*/\nimport "fmt"\n'],
      ['A.java', '/**\n * import io.fabric8.kubernetes.client.KubernetesClient;\n */\nclass A {}\n'],
      ['a.rb', "# require 'kubeclient'\n=begin\nrequire 'kubeclient'\n=end\nputs 1\n"],
    ])('a Kubernetes client in a comment or docstring (%s)', async (path, text) => {
      expect(await linesOf(rule, path, text)).toEqual([]);
    });

    test.each([
      ['src/cluster.test.ts', "import * as k8s from '@kubernetes/client-node';\n"],
      ['tests/test_cluster.py', 'from kubernetes import client\n'],
      ['pkg/peers/peers_test.go', 'package peers\n\nimport "k8s.io/client-go/kubernetes"\n'],
      ['src/test/java/shop/PeersTest.java', 'import io.fabric8.kubernetes.client.KubernetesClient;\n'],
    ])('test files (%s)', async (path, text) => {
      expect(await linesOf(rule, path, text)).toEqual([]);
    });

    test.each([
      ['src/a.ts', "import { kubernetes } from './kubernetes';\nimport models from '@kubernetes-models/apps';\n"],
      ['app/a.py', 'import kubernetes_helpers\nfrom shop.kubernetes import labels\n'],
      ['main.go', 'package main\n\nimport metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"\n'],
      ['A.cs', 'using k8sHelpers;\nusing Shop.K8s;\n'],
    ])('look-alike modules (%s)', async (path, text) => {
      expect(await linesOf(rule, path, text)).toEqual([]);
    });
  });
});

import { defineRule } from '../src/engine/rule.js';
import { isTestPath, kubeApiUses, sourceViewOf, type KubeApiCategory } from '../src/parse/source.js';

const WHAT: Record<KubeApiCategory, (what: string) => string> = {
  client: (what) => `imports the Kubernetes client library "${what}"`,
  kubeconfig: (what) => `loads Kubernetes API credentials (${what})`,
  'token-path': () => 'reads the pod\'s service-account token directory',
  'service-env': (what) => `reads ${what}, so it behaves differently inside Kubernetes`,
};

export default defineRule({
  id: 'app-uses-kube-api',
  antipattern: 3,
  severity: 'warning',
  kinds: ['source'],
  docs: {
    title: 'Applications should not talk to the Kubernetes API',
    summary: 'Application code that imports a Kubernetes client, loads a kubeconfig or reads the service-account token is tied to Kubernetes for no good reason.',
    why: [
      'An ordinary service should not know which platform runs it: it should start the same under Docker Compose, on a laptop or in a test harness.',
      'Code that asks the Kubernetes API for its configuration, its peers or its secrets only runs inside a cluster, needs RBAC permissions that widen what a compromised pod can do,',
      'and moves deployment concerns into the application, where they are harder to see and to change.',
    ].join(' '),
    fix: [
      'Read configuration from environment variables and files, and let the platform inject them (ConfigMaps, Secrets, the downward API).',
      'Find peers through their service names rather than by listing pods. If this repository really is a controller or an operator, say so with `controller: true` in the config and the rule stays quiet.',
      'Test files are not checked.',
    ].join(' '),
    examples: [
      {
        path: 'app/settings.py',
        bad: 'from kubernetes import client, config\n\nconfig.load_incluster_config()\nDB_URL = client.CoreV1Api().read_namespaced_config_map("db", "default").data["url"]\n',
        good: 'import os\n\n# Configuration comes from the environment, not from the kubernetes API.\nDB_URL = os.environ["DB_URL"]\n',
      },
      {
        path: 'src/peers.ts',
        bad: "import * as k8s from '@kubernetes/client-node';\n\nexport const kc = new k8s.KubeConfig();\n",
        good: "export const peersUrl = process.env.PEERS_URL ?? 'http://peers:8080';\n",
      },
    ],
  },
  check(ctx) {
    if (ctx.settings.controller || isTestPath(ctx.path)) return;
    const view = sourceViewOf(ctx.file);
    if (!view) return;
    // One finding per kind of use and file, on its first line: a file that imports the client
    // usually calls it on many lines, and one comment says it all. Loading credentials is part
    // of using the client, so it is reported only where no client import was.
    const uses = kubeApiUses(view);
    const seen = new Set<KubeApiCategory>(uses.some((u) => u.category === 'client') ? ['kubeconfig'] : []);
    for (const use of uses) {
      if (seen.has(use.category)) continue;
      seen.add(use.category);
      ctx.report(use.line, `This code ${WHAT[use.category](use.what)}. An ordinary service should get its configuration from environment variables or mounted files, not from the Kubernetes API; if this repository is a controller or operator, set "controller: true" in the config.`);
    }
  },
});

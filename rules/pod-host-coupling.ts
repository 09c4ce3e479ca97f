import { defineRule } from '../src/engine/rule.js';
import { hostNamespacesOf, hostPathVolumes, hostPortsOf, isNodeAgent, isNodeAgentPath, mountedReadOnly } from '../src/k8s/workload-host.js';
import { isConditional } from '../src/k8s/workload-template.js';
import type { YNode } from '../src/parse/yaml.js';
import { isTemplated } from '../src/parse/helm-mask.js';

const NAMESPACES = {
  hostNetwork: "joins the node's network, so its ports clash with the node's and other pods' and network policies no longer apply",
  hostPID: "sees and can signal every process on the node",
  hostIPC: "shares memory and IPC with every process on the node",
} as const;
const NAMESPACE_ADVICE = 'Reach the pod through a Service; if it is a node agent, run it as a DaemonSet.';

export default defineRule({
  id: 'pod-host-coupling',
  antipattern: 3,
  severity: 'warning',
  kinds: ['manifest', 'helm-template'],
  docs: {
    title: 'Ordinary workloads should not reach into their node',
    summary: 'hostPath volumes, hostNetwork, hostPID, hostIPC and hostPort tie a pod to the machine it happens to run on.',
    why: [
      'A pod is meant to be movable: the scheduler puts it on any node and moves it when that node goes away.',
      'A hostPath volume keeps data on one node, so it is gone (or stale) when the pod lands elsewhere; hostPort lets only one replica run per node',
      'and makes clients guess the node; hostNetwork, hostPID and hostIPC share the node\'s network, processes and memory with the pod, so a compromised',
      'container reaches the whole machine.',
      '\n\nNode agents are the exception: a DaemonSet exists to run on every node, and log shippers, exporters and CNI/CSI plugins must read the node.',
      'In a DaemonSet this rule accepts host namespaces and host ports, and hostPath mounts of node paths (`/var/log`, `/var/lib/docker/containers`,',
      '`/proc`, `/sys`, `/dev`, `/boot`, `/lib/modules`, runtime sockets and agent state under `/run` or `/var/run`, `/var/lib/kubelet`, CNI folders,',
      '`/etc/machine-id`...) or any hostPath mounted read-only. A DaemonSet that writes elsewhere on the node (`/data`, `/var/lib/mysql`) is still reported.',
      'Keys inside a Helm `if`/`with`/`range` block are options the chart offers, not defaults, and are not reported.',
    ].join(' '),
    fix: 'Store data in a PersistentVolumeClaim, configuration in a ConfigMap or Secret, and scratch space in an `emptyDir`. Expose ports through a Service (and an Ingress or Gateway), not `hostPort` or `hostNetwork`. If the program really is a node agent, run it as a DaemonSet and mount the node paths read-only.',
    examples: [
      {
        path: 'deploy/api.yaml',
        bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: api:1.4.0\n          volumeMounts:\n            - name: data\n              mountPath: /data\n      volumes:\n        - name: data\n          hostPath:\n            path: /srv/api-data\n',
        good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: api:1.4.0\n          volumeMounts:\n            - name: data\n              mountPath: /data\n      volumes:\n        - name: data\n          persistentVolumeClaim:\n            claimName: api-data\n',
      },
      {
        path: 'deploy/log-shipper.yaml',
        bad: 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: shipper\nspec:\n  template:\n    spec:\n      containers:\n        - name: shipper\n          image: shipper:2.1.0\n          volumeMounts:\n            - name: spool\n              mountPath: /spool\n      volumes:\n        - name: spool\n          hostPath:\n            path: /data/spool\n',
        good: 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: shipper\nspec:\n  template:\n    spec:\n      hostNetwork: true\n      containers:\n        - name: shipper\n          image: shipper:2.1.0\n          volumeMounts:\n            - name: logs\n              mountPath: /var/log\n              readOnly: true\n      volumes:\n        - name: logs\n          hostPath:\n            path: /var/log\n',
      },
    ],
  },
  check(ctx) {
    const spanOf = (nodes: YNode[]): [number, number] | undefined => {
      const lines = nodes.flatMap((n) => ctx.lines(n) ?? []);
      return lines.length > 0 ? [Math.min(...lines), Math.max(...lines)] : undefined;
    };
    for (const w of ctx.workloads()) {
      const from = w.object.span[0];
      const optional = (node: YNode): boolean => isConditional(ctx.file, ctx.lines(node)?.[0] ?? from, from);
      const agent = isNodeAgent(w);
      if (!agent) {
        const shared = hostNamespacesOf(w).filter((s) => !optional(s.node));
        if (shared[0]) {
          const what = shared.map((s) => `${s.key}: true`).join(', ');
          ctx.report(shared[0].node, `${w.label}: ${what}. The pod ${shared.map((s) => NAMESPACES[s.key]).join('; it ')}. ${NAMESPACE_ADVICE}`, { span: spanOf(shared.map((s) => s.node)) });
        }
        for (const c of ctx.containers().filter((c) => c.workload === w)) {
          const ports = hostPortsOf(c).filter((p) => !isTemplated(p.value) && !optional(p.node));
          if (!ports[0]) continue;
          const list = ports.map((p) => p.value).join(', ');
          const binds = ports.length > 1 ? `hostPorts ${list} bind the pod to ports` : `hostPort ${list} binds the pod to a port`;
          ctx.report(ports[0].node, `${c.label}: ${binds} of its node: only one replica fits per node and clients must know which node runs it. Expose the port through a Service instead.`, { span: spanOf(ports.map((p) => p.node)) });
        }
      }
      const volumes = hostPathVolumes(w).filter((v) => {
        if (optional(v.anchor)) return false;
        const path = v.path !== undefined && !isTemplated(v.path) ? v.path : undefined;
        return !(agent && (path === undefined || isNodeAgentPath(path) || (v.name !== undefined && mountedReadOnly(w, v.name))));
      });
      if (!volumes[0]) continue;
      const many = volumes.length > 1;
      const list = volumes.map((v) => `${v.name ?? '(unnamed)'}${v.path && !isTemplated(v.path) ? ` (${v.path})` : ''}`).join(', ');
      const what = `hostPath volume${many ? 's' : ''} ${list}`;
      const message = agent
        ? `${w.label}: ${what} ${many ? 'are' : 'is'} writable and outside the usual node-agent paths: whatever is written stays on that node and is lost with it. Mount read-only what the agent only reads, and keep data in a PersistentVolumeClaim or an external store.`
        : `${w.label}: ${what} tie${many ? '' : 's'} the pod to the files of whichever node it lands on: data written there stays behind when the pod moves, and what it reads differs from node to node. Use a PersistentVolumeClaim for data, a ConfigMap or Secret for files, or an emptyDir for scratch space; a node agent belongs in a DaemonSet.`;
      ctx.report(volumes[0].anchor, message, { span: spanOf(volumes.map((v) => v.volume)) });
    }
  },
});

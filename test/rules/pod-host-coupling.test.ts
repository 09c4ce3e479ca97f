import { describe, expect, test } from '@jest/globals';
import { findingsOf, linesOf } from '../helpers/run.js';

const RULE = 'pod-host-coupling';

function deployment(kind: string, podSpec: string): string {
  return `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: app
spec:
  template:
    spec:
${podSpec}`;
}

describe(RULE, () => {
  test('flags a hostPath data volume in a Deployment, on its hostPath line', async () => {
    const text = deployment('Deployment', `      containers:
        - name: app
          image: app:1.0.0
      volumes:
        - name: data
          hostPath:
            path: /srv/data
`);
    const findings = await findingsOf(RULE, { 'deploy/app.yaml': text });
    expect(findings.map((f) => f.line)).toEqual([13]);
    expect(findings[0]!.message).toContain('Deployment app: hostPath volume data (/srv/data)');
    expect(findings[0]!.message).toContain('PersistentVolumeClaim');
  });

  test('flags host namespaces once per pod, listing each', async () => {
    const text = deployment('StatefulSet', `      hostNetwork: true
      hostPID: true
      containers:
        - name: app
          image: app:1.0.0
`);
    const findings = await findingsOf(RULE, { 'deploy/app.yaml': text });
    expect(findings.map((f) => [f.line, f.span])).toEqual([[8, [8, 9]]]);
    expect(findings[0]!.message).toContain('hostNetwork: true, hostPID: true');
  });

  test('flags hostIPC on a bare Pod and hostPorts once per container', async () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  hostIPC: true
  containers:
    - name: web
      image: web:1.0.0
      ports:
        - containerPort: 80
          hostPort: 80
        - containerPort: 443
          hostPort: 443
`;
    const findings = await findingsOf(RULE, { 'pod.yaml': text });
    expect(findings.map((f) => f.line)).toEqual([6, 12]);
    expect(findings[1]!.message).toContain('Pod web, container web: hostPorts 80, 443 bind');
  });

  test('flags a DaemonSet that writes outside node-agent paths', async () => {
    const text = deployment('DaemonSet', `      containers:
        - name: agent
          image: agent:1.0.0
          volumeMounts:
            - name: spool
              mountPath: /spool
      volumes:
        - name: spool
          hostPath:
            path: /data/spool
`);
    const findings = await findingsOf(RULE, { 'deploy/agent.yaml': text });
    expect(findings.map((f) => f.line)).toEqual([16]);
    expect(findings[0]!.message).toContain('outside the usual node-agent paths');
  });

  test('does not flag a log-shipping DaemonSet: node paths, sockets, host namespaces, read-only mounts', async () => {
    const text = deployment('DaemonSet', `      hostNetwork: true
      hostPID: true
      containers:
        - name: shipper
          image: shipper:2.0.0
          ports:
            - containerPort: 2020
              hostPort: 2020
          volumeMounts:
            - name: root
              mountPath: /host
              readOnly: true
      volumes:
        - name: logs
          hostPath:
            path: /var/log
        - name: containers
          hostPath:
            path: /var/lib/docker/containers/
        - name: positions
          hostPath:
            path: /run/promtail
        - name: sock
          hostPath:
            path: /var/run/docker.sock
            type: Socket
        - name: root
          hostPath:
            path: /
`);
    expect(await linesOf(RULE, 'deploy/shipper.yaml', text)).toEqual([]);
  });

  test('does not flag false values, PersistentVolumes or other volume types', async () => {
    const pod = deployment('Deployment', `      hostNetwork: false
      hostPID: false
      containers:
        - name: app
          image: app:1.0.0
          ports:
            - containerPort: 8080
      volumes:
        - name: scratch
          emptyDir: {}
`);
    const pv = `apiVersion: v1
kind: PersistentVolume
metadata:
  name: local
spec:
  capacity:
    storage: 1Gi
  hostPath:
    path: /mnt/data
`;
    expect(await findingsOf(RULE, { 'deploy/app.yaml': pod, 'deploy/pv.yaml': pv })).toEqual([]);
  });

  test('does not flag Helm options behind if/with, or templated values', async () => {
    const template = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "app.fullname" . }}
spec:
  template:
    spec:
      {{- if .Values.hostNetwork }}
      hostNetwork: true
      {{- end }}
      hostPID: {{ .Values.hostPID }}
      containers:
        - name: app
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          ports:
            - containerPort: 8080
              hostPort: {{ .Values.hostPort }}
      volumes:
        {{- if .Values.persistence.hostPath }}
        - name: data
          hostPath:
            path: {{ .Values.persistence.hostPath }}
        {{- end }}
`;
    const findings = await findingsOf(RULE, { 'chart/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n', 'chart/templates/deployment.yaml': template });
    expect(findings).toEqual([]);
  });

  test('still flags a literal hostPath in a Helm template outside any condition', async () => {
    const template = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "app.fullname" . }}
spec:
  template:
    spec:
      {{- with .Values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: app
          image: "{{ .Values.image.repository }}"
      volumes:
        - name: data
          hostPath:
            path: /srv/app
`;
    const findings = await findingsOf(RULE, { 'chart/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n', 'chart/templates/deployment.yaml': template });
    expect(findings.map((f) => f.line)).toEqual([17]);
  });
});

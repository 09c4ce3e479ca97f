/** Deterministic multi-document manifests of a given size, mixing clean and flawed workloads. */

export interface GeneratedFile {
  path: string;
  text: string;
  documents: number;
}

function deployment(i: number): string {
  const flawed = i % 3 === 0;
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: service-${i}
  namespace: team-${i % 7}
  labels:
    app: service-${i}
spec:
  replicas: ${1 + (i % 4)}
  selector:
    matchLabels:
      app: service-${i}
  template:
    metadata:
      labels:
        app: service-${i}
      annotations:
        prometheus.io/scrape: "true"
    spec:
      containers:
        - name: app
          image: registry.example.com/team/service-${i}:${flawed ? 'latest' : `1.${i % 50}.${i % 9}`}
          ports:
            - name: http
              containerPort: 8080
          env:
            - name: LOG_LEVEL
              value: info
${flawed ? '' : `          resources:
            requests:
              cpu: 100m
              memory: 128Mi
            limits:
              cpu: 500m
              memory: 256Mi
          livenessProbe:
            httpGet:
              path: /healthz
              port: http
          readinessProbe:
            httpGet:
              path: /ready
              port: http
`}---
apiVersion: v1
kind: Service
metadata:
  name: service-${i}
spec:
  selector:
    app: service-${i}
  ports:
    - port: 80
      targetPort: http
`;
}

export function generateManifests(totalBytes: number, fileBytes: number): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  let i = 0;
  let total = 0;
  while (total < totalBytes) {
    const parts: string[] = [];
    let size = 0;
    while (size < fileBytes && total + size < totalBytes) {
      const doc = deployment(i++) + '---\n';
      parts.push(doc);
      size += doc.length;
    }
    files.push({ path: `manifests/part-${files.length}.yaml`, text: parts.join(''), documents: parts.length * 2 });
    total += size;
  }
  return files;
}

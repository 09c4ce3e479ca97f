import { defineRule } from '../src/engine/rule.js';
import { isLocalClusterPath } from '../src/k8s/workload-groups.js';
import { annotationsOf } from '../src/k8s/services.js';
import { mayHideKeys } from '../src/k8s/workload-template.js';
import { asMap, asSeq, child, keyNode, scalarString, type YNode } from '../src/parse/yaml.js';
import { isTemplated } from '../src/parse/helm-mask.js';

/** Annotations with which the controller or cloud load balancer terminates TLS without `spec.tls`. */
const TLS_ANNOTATIONS: ReadonlyArray<[string, RegExp]> = [
  ['alb.ingress.kubernetes.io/certificate-arn', /./],
  ['alb.ingress.kubernetes.io/listen-ports', /https/i],
  ['ingress.gcp.kubernetes.io/pre-shared-cert', /./],
  ['networking.gke.io/managed-certificates', /./],
  ['kubernetes.io/ingress.allow-http', /^false$/i],
  ['traefik.ingress.kubernetes.io/router.tls', /^true$/i],
  ['traefik.ingress.kubernetes.io/router.entrypoints', /^websecure$/i],
  ['appgw.ingress.kubernetes.io/appgw-ssl-certificate', /./],
];

/** Names that never reach the internet: reserved test domains and local wildcard DNS. */
const LOCAL_HOST = /(^|\.)(localhost|local|test|example|invalid|nip\.io|sslip\.io)$/i;

export default defineRule({
  id: 'ingress-without-tls',
  antipattern: 7,
  severity: 'hint',
  kinds: ['manifest', 'helm-template'],
  docs: {
    title: 'Ingresses should serve TLS',
    summary: 'An Ingress that routes a host name, or every host name (no host at all), with no `tls` section serves it over plain HTTP.',
    why: [
      'Without `spec.tls` the controller serves the host on port 80 only: passwords, cookies and tokens cross the network in clear text,',
      'and browsers mark the site as not secure. Certificates cost nothing with cert-manager and Let\'s Encrypt.',
      'An Ingress with no host at all (a rule without `host`, or only a `defaultBackend`) is no better: it answers every name that points at the controller, in plain HTTP.',
      'TLS terminated by the cloud load balancer through an annotation (an AWS certificate ARN, GKE managed certificates, Traefik\'s `router.tls`)',
      'is recognised, and hosts under reserved or local names (`.local`, `.test`, `localhost`, `nip.io`) are not reported.',
      'Files meant for a local cluster (a `local/`, `minikube/` or `kind/` folder, `values-local.yaml`) are not reported.',
    ].join(' '),
    fix: 'Add a `tls` section listing the hosts and the Secret that holds their certificate; with cert-manager, an issuer annotation such as `cert-manager.io/cluster-issuer` fills the Secret for you.',
    examples: [
      {
        path: 'deploy/ingress.yaml',
        bad: 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: shop\nspec:\n  rules:\n    - host: shop.acme.io\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service:\n                name: shop\n                port:\n                  number: 80\n',
        good: 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: shop\n  annotations:\n    cert-manager.io/cluster-issuer: letsencrypt\nspec:\n  tls:\n    - hosts: [shop.acme.io]\n      secretName: shop-tls\n  rules:\n    - host: shop.acme.io\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service:\n                name: shop\n                port:\n                  number: 80\n',
      },
      {
        path: 'deploy/catch-all.yaml',
        bad: 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: shop\nspec:\n  defaultBackend:\n    service:\n      name: shop\n      port:\n        number: 80\n',
        good: 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: shop\nspec:\n  tls:\n    - hosts: [shop.acme.io]\n      secretName: shop-tls\n  rules:\n    - host: shop.acme.io\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service:\n                name: shop\n                port:\n                  number: 80\n',
      },
    ],
  },
  check(ctx) {
    if (isLocalClusterPath(ctx.path)) return;
    for (const o of ctx.objects()) {
      if (o.kind !== 'Ingress') continue;
      const { doc } = o;
      const spec = asMap(doc, child(doc, o.map, 'spec'));
      if (!spec || child(doc, spec, 'tls') !== undefined || mayHideKeys(ctx.file, spec)) continue;
      const metadata = asMap(doc, child(doc, o.map, 'metadata'));
      const annotations = annotationsOf(o);
      // Annotations written by a template may terminate TLS at the load balancer: unknown.
      if (child(doc, metadata, 'annotations') !== undefined && (!annotations || mayHideKeys(ctx.file, annotations))) continue;
      if (!annotations && mayHideKeys(ctx.file, metadata)) continue;
      if (TLS_ANNOTATIONS.some(([key, value]) => value.test(scalarString(doc, child(doc, annotations, key)) ?? ''))) continue;
      const hosts: Array<[string, YNode]> = [];
      // A rule without a host, or a default backend, answers for every host name.
      let catchAll: YNode | undefined = keyNode(spec, 'defaultBackend') ?? keyNode(spec, 'backend');
      const rulesNode = child(doc, spec, 'rules');
      for (const rule of asSeq(doc, rulesNode)?.items ?? []) {
        const ruleMap = asMap(doc, rule);
        const node = child(doc, ruleMap, 'host');
        const host = scalarString(doc, node);
        if (node && host) hosts.push([host, node]);
        else if (ruleMap && node === undefined && !mayHideKeys(ctx.file, ruleMap)) catchAll ??= (ruleMap.items[0]?.key as YNode | undefined) ?? ruleMap;
      }
      // Rules written by a template (`{{- range .Values.ingress.hosts }}`) may name hosts: unknown.
      if (rulesNode !== undefined && !asSeq(doc, rulesNode)) continue;
      const real = hosts.filter(([host]) => isTemplated(host) || !LOCAL_HOST.test(host));
      const first = real[0];
      if (first) {
        const names = real.map(([host]) => host).filter((h) => !isTemplated(h));
        const what = names.length > 0 ? names.join(', ') : 'its hosts';
        ctx.report(first[1], `Ingress ${o.name} serves ${what} without a tls section, so traffic and cookies cross the network unencrypted. Add spec.tls with a certificate Secret (cert-manager can issue it).`, { span: ctx.lines(spec) });
      } else if (catchAll && hosts.length === 0) {
        ctx.report(catchAll, `Ingress ${o.name} has no host and no tls section, so it answers every host name that reaches the controller, in plain HTTP. Name the hosts it serves and add spec.tls with a certificate Secret (cert-manager can issue it).`, { span: ctx.lines(spec) });
      }
    }
  },
});

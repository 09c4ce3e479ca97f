/** Rules of the workloads and networking issue: host coupling, services, probes, packaging, metrics. */
import type { Rule } from '../../src/engine/rule.js';
import automountSaToken from '../automount-sa-token.js';
import ingressWithoutTls from '../ingress-without-tls.js';
import internalServiceExposed from '../internal-service-exposed.js';
import liveObjectDump from '../live-object-dump.js';
import livenessChecksDependencies from '../liveness-checks-dependencies.js';
import livenessWithoutStartupProbe from '../liveness-without-startup-probe.js';
import multipleLoadBalancers from '../multiple-load-balancers.js';
import nodeportService from '../nodeport-service.js';
import podHostCoupling from '../pod-host-coupling.js';
import probePortNotExposed from '../probe-port-not-exposed.js';
import probeTimingAggressive from '../probe-timing-aggressive.js';
import rawManifestsNotPackaged from '../raw-manifests-not-packaged.js';
import statefulServiceInCluster from '../stateful-service-in-cluster.js';
import workloadWithoutMetrics from '../workload-without-metrics.js';

export const workloadsRules: readonly Rule[] = [
  automountSaToken,
  ingressWithoutTls,
  internalServiceExposed,
  liveObjectDump,
  livenessChecksDependencies,
  livenessWithoutStartupProbe,
  multipleLoadBalancers,
  nodeportService,
  podHostCoupling,
  probePortNotExposed,
  probeTimingAggressive,
  rawManifestsNotPackaged,
  statefulServiceInCluster,
  workloadWithoutMetrics,
];

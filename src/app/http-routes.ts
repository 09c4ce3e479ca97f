/**
 * The service's own routes beside the webhook: `/healthz` (liveness: the event loop answers),
 * `/readyz` (readiness: the queue can take work and the process is not draining) and
 * `/metrics` (Prometheus). None reveals anything about repositories.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';

export interface RouteState {
  ready(): boolean;
  registry: Registry;
}

export function serviceRoutes(state: RouteState): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    if (req.method !== 'GET') return false;
    const path = (req.url ?? '').split('?')[0];
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return true;
    }
    if (path === '/readyz') {
      const ready = state.ready();
      res.writeHead(ready ? 200 : 503, { 'content-type': 'text/plain' }).end(ready ? 'ready' : 'not ready');
      return true;
    }
    if (path === '/metrics') {
      res.writeHead(200, { 'content-type': state.registry.contentType }).end(await state.registry.metrics());
      return true;
    }
    return false;
  };
}

/**
 * The stand-in as an HTTP server, shaped like GitHub Enterprise Server: REST under `/api/v3`,
 * GraphQL at `/api/graphql`. Binds 127.0.0.1 only.
 *
 * A `gate` may hold a request before it is answered (the replica tests hold one to kill the
 * replica that sent it): a request whose client went away while it was held is dropped, never
 * applied, as if it had not reached GitHub. Several servers may share one FakeGitHub, e.g. one
 * per replica, so that a gate knows which replica a request came from.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeGitHub } from './github.js';

export interface StandIn {
  port: number;
  close(): Promise<void>;
}

export interface StandInRequest {
  method: string;
  /** The API path as FakeGitHub sees it (without `/api/v3`; GraphQL as `/graphql`), with its query. */
  path: string;
  body: unknown;
}

export interface StandInOptions {
  /** Called before each request is answered; the answer waits for the promise it returns. */
  gate?: (request: StandInRequest) => Promise<void> | void;
}

export async function startStandIn(fake: FakeGitHub, options: StandInOptions = {}): Promise<StandIn> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        let reply;
        try {
          const body = raw === '' ? null : JSON.parse(raw);
          const path = (req.url ?? '/').replace(/^\/api\/v3(?=\/)/, '').replace(/^\/api\/graphql/, '/graphql');
          const held = options.gate?.({ method: req.method ?? 'GET', path, body });
          if (held) {
            await held;
            // The client went away meanwhile (a killed replica): GitHub never saw the request.
            if (res.destroyed || req.socket.destroyed) return;
          }
          reply = fake.handle(req.method ?? 'GET', path, body);
        } catch (error) {
          reply = { status: 500, body: { message: (error as Error).message } };
        }
        const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
        res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...reply.headers });
        res.end(text);
      })();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Keep-alive and held connections would keep close() waiting.
      server.closeAllConnections();
    }),
  };
}

/**
 * The stand-in as an HTTP server, shaped like GitHub Enterprise Server: REST under `/api/v3`,
 * GraphQL at `/api/graphql`. Binds 127.0.0.1 only.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeGitHub } from './github.js';

export interface StandIn {
  port: number;
  close(): Promise<void>;
}

export async function startStandIn(fake: FakeGitHub): Promise<StandIn> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let reply;
      try {
        const body = raw === '' ? null : JSON.parse(raw);
        const path = (req.url ?? '/').replace(/^\/api\/v3(?=\/)/, '').replace(/^\/api\/graphql/, '/graphql');
        reply = fake.handle(req.method ?? 'GET', path, body);
      } catch (error) {
        reply = { status: 500, body: { message: (error as Error).message } };
      }
      const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...reply.headers });
      res.end(text);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

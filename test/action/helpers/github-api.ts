/** A local stand-in for the check runs endpoints of the GitHub REST API (127.0.0.1 only). */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  authorization?: string;
  body: { name?: string; head_sha?: string; status?: string; conclusion?: string; output?: { title: string; summary: string; annotations?: Array<{ path: string; start_line: number; annotation_level: string; message: string }> } };
}

export interface ApiStandIn {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** `refuse`: answer every write 403 as GitHub does for a read-only token (a fork's pull request). */
export async function startApi(options: { refuse?: boolean } = {}): Promise<ApiStandIn> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    requests.push({ method: req.method!, path: req.url!, authorization: req.headers.authorization, body: text ? JSON.parse(text) : {} });
    res.setHeader('content-type', 'application/json');
    if (options.refuse) {
      res.statusCode = 403;
      res.end(JSON.stringify({ message: 'Resource not accessible by integration' }));
      return;
    }
    const id = 77;
    res.statusCode = req.method === 'POST' ? 201 : 200;
    res.end(JSON.stringify({ id, html_url: `https://github.example/checks/${id}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** GITHUB_OUTPUT in the `name<<delimiter` form. */
export function readOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([\w-]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!);
    out[m[1]!] = value.join('\n');
  }
  return out;
}

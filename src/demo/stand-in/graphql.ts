/** The stand-in's GraphQL: the three operations this app sends (Objects, ReviewState, ResolveThreads). */
import type { FakeGitHub, Reply } from './github.js';
import { listFolder } from './repo.js';

interface GraphqlBody {
  query: string;
  variables?: Record<string, unknown>;
}

export function answerGraphql(gh: FakeGitHub, body: GraphqlBody): Reply {
  const operation = /^\s*(?:query|mutation)\s+(\w+)/.exec(body.query)?.[1];
  const vars = body.variables ?? {};
  switch (operation) {
    case 'Objects': return { status: 200, body: { data: { repository: objects(gh, vars) } } };
    case 'ReviewState': return { status: 200, body: { data: reviewState(gh, Number(vars.number)) } };
    case 'ResolveThreads': return { status: 200, body: { data: resolve(gh, vars) } };
    default: return { status: 200, body: { errors: [{ message: `stand-in does not know operation ${operation}` }] } };
  }
}

function blob(gh: FakeGitHub, text: string | undefined): Record<string, unknown> | null {
  if (text === undefined) return null;
  const isBinary = text.includes('\u0000');
  const isTruncated = !isBinary && text.length > gh.truncateAt;
  return { byteSize: Buffer.byteLength(text), isBinary, isTruncated, text: isBinary ? null : isTruncated ? text.slice(0, gh.truncateAt) : text };
}

function objects(gh: FakeGitHub, vars: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(vars)) {
    const kind = /^([btx])\d+$/.exec(key)?.[1];
    if (!kind) continue;
    const expression = String(value);
    const colon = expression.indexOf(':');
    const tree = gh.commits.get(expression.slice(0, colon));
    const path = expression.slice(colon + 1);
    if (!tree) {
      out[key] = null;
    } else if (kind === 'b') {
      out[key] = blob(gh, tree[path]);
    } else {
      const entries = listFolder(tree, path);
      out[key] = entries && {
        entries: entries.map((e) => (kind === 'x' ? { name: e.name, type: e.type, object: e.type === 'blob' ? blob(gh, tree[e.path]) : {} } : { name: e.name, type: e.type })),
      };
    }
  }
  return out;
}

function reviewState(gh: FakeGitHub, number: number): Record<string, unknown> {
  const pull = gh.pulls.get(number);
  if (!pull) return { repository: { pullRequest: null } };
  return {
    repository: {
      pullRequest: {
        headRefOid: pull.headSha, state: pull.state === 'open' ? 'OPEN' : 'CLOSED', isDraft: pull.draft,
        reviews: { nodes: gh.reviews.filter((r) => r.pull === number).map((r) => ({ viewerDidAuthor: r.mine, body: r.body, commit: { oid: r.commit_id } })) },
        reviewThreads: {
          pageInfo: { hasNextPage: false, endCursor: null },
          nodes: gh.threads.filter((t) => t.pull === number).map((t) => ({ id: t.id, path: t.path, isResolved: t.isResolved, comments: { nodes: t.comments.map((c) => ({ viewerDidAuthor: c.mine, body: c.body })) } })),
        },
      },
    },
  };
}

function resolve(gh: FakeGitHub, vars: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, id] of Object.entries(vars)) {
    const thread = gh.threads.find((t) => t.id === id);
    if (thread) thread.isResolved = true;
    out[key.replace(/^t/, 'r')] = { thread: thread ? { id: thread.id } : null };
  }
  return out;
}

/**
 * What the comment-command tests add to the stand-in GitHub: conversation comments, replies in
 * review threads, reactions, collaborator permissions, and the fields of the ReviewState query
 * that the stand-in leaves out (conversation comments, comment node ids); plus webhook payloads
 * from @octokit/webhooks-examples (test/fixtures/issue_comment, pull_request_review_comment).
 */
import { readFileSync } from 'node:fs';
import type nock from 'nock';
import { FakeGitHub, type FakePull, type Reply, type ThreadRecord } from '../../../src/demo/stand-in/github.js';
import { type GitHubMock, INSTALLATION } from './github.js';

export const BOT = 'k8s-antipatterns[bot]';

export interface Said {
  id: number;
  nodeId: string;
  pull: number;
  body: string;
  user: string;
  mine: boolean;
}

interface Ids {
  id: number;
  nodeId: string;
}

export class CommandsGitHub extends FakeGitHub {
  readonly conversation: Said[] = [];
  readonly reactions: Array<{ id: number; comment: number; content: string; removed: boolean }> = [];
  /** login → `role_name`; people not listed have read permission. */
  readonly roles = new Map<string, string>();
  private readonly ids = new WeakMap<object, Ids>();

  /** The REST id and node id of a thread comment, given on first use. */
  idsOf(comment: object): Ids {
    let ids = this.ids.get(comment);
    if (!ids) {
      const id = this.id();
      ids = { id, nodeId: `PRRC_${id}` };
      this.ids.set(comment, ids);
    }
    return ids;
  }

  /** A person (or the app) writes in the conversation of a pull request. */
  say(pull: number, body: string, user: string): Said {
    const id = this.id();
    const said: Said = { id, nodeId: `IC_${id}`, pull, body, user, mine: user === BOT };
    this.conversation.push(said);
    return said;
  }

  /** A person replies in a review thread; `rootId` is the REST id of its first comment. */
  replyInThread(thread: ThreadRecord, body: string, user = 'octocat'): Ids & { rootId: number; body: string; user: string } {
    const comment = { body, mine: false };
    thread.comments.push(comment);
    return { ...this.idsOf(comment), rootId: this.idsOf(thread.comments[0]!).id, body, user };
  }

  /** The app's replies in one thread. */
  repliesIn(thread: ThreadRecord): string[] {
    return thread.comments.slice(1).filter((c) => c.mine).map((c) => c.body);
  }

  override handle(method: string, path: string, body: unknown): Reply {
    const url = new URL(path, 'http://stand-in');
    const route = `${method} ${decodeURIComponent(url.pathname)}`;
    const repoPath = `/repos/${this.owner}/${this.repo}`;
    const own = (reply: Reply): Reply => {
      this.requests.push(`${method} ${url.pathname}`);
      return reply;
    };
    const text = (body as { body?: string } | null)?.body ?? '';
    let m: RegExpExecArray | null;
    if ((m = new RegExp(`^POST ${repoPath}/issues/(\\d+)/comments$`).exec(route))) {
      const said = this.say(Number(m[1]), text, BOT);
      return own({ status: 201, body: { id: said.id, node_id: said.nodeId, body: said.body } });
    }
    if ((m = new RegExp(`^POST ${repoPath}/pulls/(\\d+)/comments/(\\d+)/replies$`).exec(route))) {
      const thread = this.threads.find((t) => t.pull === Number(m![1]) && this.idsOf(t.comments[0]!).id === Number(m![2]));
      if (!thread) return own({ status: 404, body: { message: 'Not Found' } });
      const comment = { body: text, mine: true };
      thread.comments.push(comment);
      return own({ status: 201, body: { id: this.idsOf(comment).id, body: text } });
    }
    if ((m = new RegExp(`^POST ${repoPath}/(?:issues|pulls)/comments/(\\d+)/reactions$`).exec(route))) {
      const content = String((body as { content?: string }).content);
      // As GitHub: the same reaction again by the same account is the one that exists (200).
      const existing = this.reactions.find((r) => r.comment === Number(m![1]) && r.content === content && !r.removed);
      if (existing) return own({ status: 200, body: { id: existing.id, content } });
      const reaction = { id: this.id(), comment: Number(m[1]), content, removed: false };
      this.reactions.push(reaction);
      return own({ status: 201, body: { id: reaction.id, content: reaction.content } });
    }
    if ((m = new RegExp(`^DELETE ${repoPath}/(?:issues|pulls)/comments/(\\d+)/reactions/(\\d+)$`).exec(route))) {
      const reaction = this.reactions.find((r) => r.id === Number(m![2]) && r.comment === Number(m![1]));
      if (reaction) reaction.removed = true;
      return own({ status: reaction ? 204 : 404, body: '' });
    }
    if ((m = new RegExp(`^GET ${repoPath}/collaborators/([^/]+)/permission$`).exec(route))) {
      const role = this.roles.get(m[1]!) ?? 'read';
      const permission = role === 'maintain' ? 'write' : role === 'triage' ? 'read' : role;
      return own({ status: 200, body: { permission, role_name: role, user: { login: m[1] } } });
    }
    if (method === 'POST' && url.pathname.endsWith('/graphql')) {
      const { query, variables = {} } = body as { query: string; variables?: Record<string, unknown> };
      const operation = /^\s*(?:query|mutation)\s+(\w+)/.exec(query)?.[1];
      if (operation === 'ConversationComments') {
        const page = this.conversationPage(Number(variables.number), String(variables.before));
        return own({ status: 200, body: { data: { repository: { pullRequest: { comments: page } } } } });
      }
      const reply = super.handle(method, path, body);
      if (operation === 'ReviewState') this.decorate(reply, Number(variables.number));
      return reply;
    }
    return super.handle(method, path, body);
  }

  /** GitHub's `comments(last: 100, before:)`, with cursors `c<index>`. */
  private conversationPage(pull: number, before?: string) {
    const all = this.conversation.filter((c) => c.pull === pull);
    const end = before ? Number(before.slice(1)) : all.length;
    const start = Math.max(0, end - 100);
    return {
      pageInfo: { hasPreviousPage: start > 0, startCursor: `c${start}` },
      nodes: all.slice(start, end).map((c) => ({ viewerDidAuthor: c.mine, body: c.body })),
    };
  }

  private decorate(reply: Reply, pull: number): void {
    const data = (reply.body as { data?: { repository?: { pullRequest?: Record<string, unknown> | null } } }).data;
    const pr = data?.repository?.pullRequest as { comments?: unknown; reviewThreads: { nodes: Array<{ comments: { nodes: Array<{ id?: string }> } }> } } | null | undefined;
    if (!pr) return;
    pr.comments = this.conversationPage(pull);
    const threads = this.threads.filter((t) => t.pull === pull);
    pr.reviewThreads.nodes.forEach((node, i) => node.comments.nodes.forEach((c, j) => (c.id = this.idsOf(threads[i]!.comments[j]!).nodeId)));
  }
}

/** Expected requests of comment commands, on top of GitHubMock's. */
export class CommandMock {
  constructor(readonly mock: GitHubMock) {}

  private get repoPath(): string {
    return this.mock.repoPath;
  }

  private call(method: 'GET' | 'POST' | 'DELETE', path: RegExp, times = 1): this {
    const fake = this.mock.fake;
    this.mock.scope.intercept(path, method).times(times).reply((uri, body) => {
      const parsed = typeof body === 'string' ? (body === '' ? null : JSON.parse(body)) : body;
      const reply = fake.handle(method, uri, parsed);
      return [reply.status, reply.body as nock.ReplyBody, reply.headers ?? {}];
    });
    return this;
  }

  state(times = 1): this {
    this.mock.graphql('ReviewState', times);
    return this;
  }

  olderComments(times = 1): this {
    this.mock.scope.post('/graphql', (b: { query?: string }) => /^\s*query ConversationComments\b/.test(b.query ?? '')).times(times).reply((uri, body) => {
      const reply = this.mock.fake.handle('POST', uri, body);
      return [reply.status, reply.body as nock.ReplyBody];
    });
    return this;
  }

  /** Reaction added, then removed, on a conversation (`issues`) or review (`pulls`) comment. */
  ack(on: 'issues' | 'pulls'): this {
    this.call('POST', new RegExp(`^${this.repoPath}/${on}/comments/\\d+/reactions$`));
    return this.call('DELETE', new RegExp(`^${this.repoPath}/${on}/comments/\\d+/reactions/\\d+$`));
  }

  replyInConversation(number: number): this {
    return this.call('POST', new RegExp(`^${this.repoPath}/issues/${number}/comments$`));
  }

  replyInThread(number: number): this {
    return this.call('POST', new RegExp(`^${this.repoPath}/pulls/${number}/comments/\\d+/replies$`));
  }

  permission(login: string): this {
    return this.call('GET', new RegExp(`^${this.repoPath}/collaborators/${login.replace(/[[\]]/g, '\\$&')}/permission$`));
  }

  /** The review again after a command, on a head reviewed before (no new review). */
  recheck(number: number, options: { review?: boolean } = {}): this {
    this.mock.expect('GET', `${this.repoPath}/pulls/${number}`);
    this.mock.standardReview(number, { token: false, review: options.review ?? false });
    return this;
  }
}

const fixture = (path: string): Record<string, any> => JSON.parse(readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8')); // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON fixtures, reshaped field by field below

function repository(fake: FakeGitHub): Record<string, unknown> {
  return { id: 4242, name: fake.repo, full_name: `${fake.owner}/${fake.repo}`, html_url: fake.htmlUrl, owner: { login: fake.owner, type: 'Organization' } };
}

export interface CommentInit {
  id: number;
  nodeId: string;
  body: string;
  user: string;
  /** `User` unless the login ends in `[bot]`. */
  type?: 'User' | 'Bot';
}

/** The comment, its author and the event's sender. */
function author(payload: Record<string, any>, c: CommentInit): void { // eslint-disable-line @typescript-eslint/no-explicit-any -- as above
  const type = c.type ?? (c.user.endsWith('[bot]') ? 'Bot' : 'User');
  payload.comment = { ...payload.comment, id: c.id, node_id: c.nodeId, body: c.body, user: { ...payload.comment.user, login: c.user, type } };
  payload.sender = { ...payload.sender, login: c.user, type };
}

/** `issue_comment` on the pull request (or, with `onPull: false`, on a plain issue). */
export function issueCommentEvent(fake: FakeGitHub, number: number, c: CommentInit, options: { action?: 'created' | 'edited'; onPull?: boolean; state?: 'open' | 'closed' } = {}) {
  const action = options.action ?? 'created';
  const payload = fixture(`issue_comment/${action}.json`);
  payload.repository = { ...payload.repository, ...repository(fake) };
  payload.installation = { id: INSTALLATION };
  payload.issue = { ...payload.issue, number, state: options.state ?? 'open' };
  if (options.onPull === false) delete payload.issue.pull_request;
  author(payload, c);
  return { id: `delivery-comment-${c.id}-${action}`, name: 'issue_comment' as const, payload: payload as never };
}

/** `pull_request_review_comment`, a reply in a thread when `inReplyTo` is given. */
export function reviewCommentEvent(fake: FakeGitHub, pull: FakePull, c: CommentInit & { inReplyTo?: number }, options: { action?: 'created' | 'edited' } = {}) {
  const action = options.action ?? 'created';
  const payload = fixture(`pull_request_review_comment/${action}.json`);
  payload.repository = { ...payload.repository, ...repository(fake) };
  payload.installation = { id: INSTALLATION };
  payload.pull_request = { ...payload.pull_request, number: pull.number, state: pull.state, head: { ...payload.pull_request.head, sha: pull.headSha } };
  author(payload, c);
  if (c.inReplyTo !== undefined) payload.comment.in_reply_to_id = c.inReplyTo;
  else delete payload.comment.in_reply_to_id;
  return { id: `delivery-review-comment-${c.id}-${action}`, name: 'pull_request_review_comment' as const, payload: payload as never };
}

/**
 * The GitHub calls of comment commands: the "eyes" reaction while working, the one reply (in the
 * conversation, or in the review thread the command was written in), the commenter's permission,
 * and conversation comments older than the newest 100 (where older waivers may be).
 */
import type { Permission } from '../../commands/authorize.js';
import { statusOf, type GitHub, type RepoRef } from '../../github/client.js';
import { commentOf, type ConversationPage, type ThreadComment } from '../../github/review-state.js';

/** Where the command was written, and so where the reply goes. */
export type Place = { kind: 'conversation' } | { kind: 'thread'; rootId: number };

/** Adds the reaction; returns its id, to take it away when the work is done. */
export async function react(gh: GitHub, repo: RepoRef, place: Place, commentId: number): Promise<number> {
  const route = place.kind === 'thread' ? 'POST /repos/{owner}/{repo}/pulls/comments/{comment_id}/reactions' : 'POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions';
  const { data } = await gh.request(route, { ...repo, comment_id: commentId, content: 'eyes' });
  return data.id;
}

export async function unreact(gh: GitHub, repo: RepoRef, place: Place, commentId: number, reactionId: number): Promise<void> {
  const route = place.kind === 'thread' ? 'DELETE /repos/{owner}/{repo}/pulls/comments/{comment_id}/reactions/{reaction_id}' : 'DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions/{reaction_id}';
  await gh.request(route, { ...repo, comment_id: commentId, reaction_id: reactionId });
}

export async function reply(gh: GitHub, repo: RepoRef, number: number, place: Place, body: string): Promise<void> {
  // A reply is content: never sent twice by a blind retry (the caller checks for it instead).
  const request = { retries: 0 };
  if (place.kind === 'thread') {
    // GitHub takes replies to the thread's first comment only.
    await gh.request('POST /repos/{owner}/{repo}/pulls/{pull_number}/comments/{comment_id}/replies', { ...repo, pull_number: number, comment_id: place.rootId, body, request });
  } else {
    await gh.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...repo, issue_number: number, body, request });
  }
}

const PERMISSIONS: ReadonlySet<string> = new Set<Permission>(['admin', 'maintain', 'write', 'triage', 'read', 'none']);

/**
 * The person's permission on the repository. `role_name` tells maintain and triage apart
 * (`permission` folds them into write and read); a custom role falls back to its base permission.
 * https://docs.github.com/en/rest/collaborators/collaborators#get-repository-permissions-for-a-user
 */
export async function permissionOf(gh: GitHub, repo: RepoRef, login: string): Promise<Permission> {
  try {
    const { data } = await gh.request('GET /repos/{owner}/{repo}/collaborators/{username}/permission', { ...repo, username: login });
    const role = (data as { role_name?: string }).role_name;
    if (role && PERMISSIONS.has(role)) return role as Permission;
    return PERMISSIONS.has(data.permission) ? (data.permission as Permission) : 'none';
  } catch (error) {
    if (statusOf(error) === 404) return 'none';
    throw error;
  }
}

const OLDER = `query ConversationComments($owner: String!, $name: String!, $number: Int!, $before: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      comments(last: 100, before: $before) { pageInfo { hasPreviousPage startCursor } nodes { viewerDidAuthor body } }
    }
  }
}`;

interface OlderResponse {
  repository: { pullRequest: { comments: ConversationPage } | null } | null;
}

/** A busy pull request has more than 100 comments: the older ones, oldest first, up to a bound. */
export async function olderConversation(gh: GitHub, repo: RepoRef, number: number, before: string, maxPages = 20): Promise<ThreadComment[]> {
  const pages: ThreadComment[][] = [];
  let cursor: string | null = before;
  for (let i = 0; i < maxPages && cursor; i++) {
    const data: OlderResponse = await gh.graphql<OlderResponse>(OLDER, { owner: repo.owner, name: repo.repo, number, before: cursor });
    const page = data.repository?.pullRequest?.comments;
    if (!page) break;
    pages.unshift(page.nodes.map(commentOf));
    cursor = page.pageInfo.hasPreviousPage ? page.pageInfo.startCursor : null;
  }
  return pages.flat();
}

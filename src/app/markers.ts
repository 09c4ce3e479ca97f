/**
 * The app's memory lives in GitHub, in one hidden, signed trailer at the very end of each body it
 * writes: which findings a comment or review posted (so a new push never repeats one), which
 * comment a reply answers (so a redelivery is not answered twice), and the waivers a reply
 * records. Bodies quote text from pull requests (names, lines, reasons), so a marker is trusted
 * only when it is the last line of a body this app wrote AND carries a valid HMAC over its content
 * and the pull request it belongs to: quoted text can neither forge one nor replay one from
 * another pull request.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { markerKey } from './signing.js';

const waiverEvent = z.object({
  action: z.enum(['ignore', 'unignore']),
  rule: z.string().max(100).optional(),
  fingerprint: z.string().max(200).optional(),
  by: z.string().max(100),
  reason: z.string().max(1000).optional(),
  at: z.string().max(40).optional(),
});

const markerData = z.object({
  /** Fingerprints of the findings this body posted, in order. */
  fp: z.array(z.string().max(200)).max(2000).optional(),
  /** The rule of each fingerprint, in the same order (commands in a thread read them). */
  rules: z.array(z.string().max(100)).max(2000).optional(),
  /** The id of the comment this body answers. */
  replyTo: z.number().int().optional(),
  /** Waiver events this reply records. */
  waivers: z.array(waiverEvent).max(100).optional(),
});

export type MarkerData = z.infer<typeof markerData>;

/** The pull request a marker belongs to: part of what is signed. */
export interface MarkerScope {
  owner: string;
  repo: string;
  number: number;
}

const PREFIX = '<!-- k8s-antipatterns:v2 ';
// Base64url payload and MAC only: nothing a reader must unescape, no "--" that could end the comment.
const TRAILER = /^<!-- k8s-antipatterns:v2 ([A-Za-z0-9_-]{1,200000}) ([A-Za-z0-9_-]{43}) -->$/;

function mac(scope: MarkerScope, payload: string): Buffer {
  return createHmac('sha256', markerKey()).update(`${scope.owner}/${scope.repo}#${scope.number}\n${payload}`).digest();
}

export function trailer(data: MarkerData, scope: MarkerScope): string {
  const payload = Buffer.from(JSON.stringify(data)).toString('base64url');
  return `${PREFIX}${payload} ${mac(scope, payload).toString('base64url')} -->`;
}

/** A body with its trailer as the last line. */
export function withTrailer(body: string, data: MarkerData, scope: MarkerScope): string {
  return `${body}\n\n${trailer(data, scope)}`;
}

/** The trailer's data, or undefined when the last line is no marker or not one of ours for this pull request. */
export function trailerOf(body: string, scope: MarkerScope): MarkerData | undefined {
  const text = body.trimEnd();
  const last = text.slice(text.lastIndexOf('\n') + 1);
  if (!last.startsWith(PREFIX)) return undefined;
  const match = TRAILER.exec(last);
  if (!match) return undefined;
  const given = Buffer.from(match[2]!, 'base64url');
  const expected = mac(scope, match[1]!);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const parsed = markerData.safeParse(JSON.parse(Buffer.from(match[1]!, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Fingerprints posted in a body this app wrote (empty for anything else). */
export function fingerprintsIn(body: string, scope: MarkerScope): string[] {
  return trailerOf(body, scope)?.fp ?? [];
}

/** Whether one of these comments is the app's reply to that comment (a redelivery, another replica). */
export function answeredIn(comments: Iterable<{ mine: boolean; body: string }>, commentId: number, scope: MarkerScope): boolean {
  for (const c of comments) if (c.mine && trailerOf(c.body, scope)?.replyTo === commentId) return true;
  return false;
}

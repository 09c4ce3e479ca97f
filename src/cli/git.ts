/** Thin wrappers over the git command line (no shell: arguments are passed as a list). */
import { execFileSync } from 'node:child_process';

export class UsageError extends Error {
  override name = 'UsageError';
}

export function git(repo: string, args: readonly string[], options: { allowFail?: boolean } = {}): string | undefined {
  try {
    return execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    if (options.allowFail) return undefined;
    const stderr = String((error as { stderr?: string }).stderr ?? '').trim().split('\n')[0];
    throw new UsageError(`git ${args[0]} failed in ${repo}: ${stderr || (error as Error).message}`);
  }
}

/** Reads a blob as a Buffer so binary content can be recognised. */
export function gitBlob(repo: string, rev: string, path: string): Buffer | undefined {
  try {
    return execFileSync('git', ['-C', repo, 'show', `${rev}:${path}`], { maxBuffer: 512 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

export function gitTopLevel(dir: string): string | undefined {
  return git(dir, ['rev-parse', '--show-toplevel'], { allowFail: true })?.trim();
}

export function resolveRev(repo: string, rev: string): string {
  const sha = git(repo, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { allowFail: true })?.trim();
  if (!sha) throw new UsageError(`unknown revision "${rev}" in ${repo}`);
  return sha;
}

/** The merge-base of head with the remote default branch (origin/HEAD, else main, else master). */
export function defaultBase(repo: string, head: string): string {
  for (const candidate of ['origin/HEAD', 'main', 'master', 'origin/main', 'origin/master']) {
    const sha = git(repo, ['rev-parse', '--verify', '--quiet', `${candidate}^{commit}`], { allowFail: true })?.trim();
    if (!sha) continue;
    const base = git(repo, ['merge-base', sha, head], { allowFail: true })?.trim();
    if (base) return base;
  }
  throw new UsageError('cannot find a base revision: no origin/HEAD, main or master branch shares history with the head; pass --base REV');
}

/** The commit a revision names, or undefined when this repository does not have it. */
export function commitOf(repo: string, rev: string): string | undefined {
  return git(repo, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { allowFail: true })?.trim() || undefined;
}

/** Where a pull request from `head` into `base` starts: their merge-base (git's `base...head`). */
export function mergeBase(repo: string, base: string, head: string): string | undefined {
  return git(repo, ['merge-base', base, head], { allowFail: true })?.trim() || undefined;
}

export function isShallow(repo: string): boolean {
  return git(repo, ['rev-parse', '--is-shallow-repository'], { allowFail: true })?.trim() === 'true';
}

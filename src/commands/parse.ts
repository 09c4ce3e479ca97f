/**
 * Finding `/antipattern` commands in a comment: one per line, anywhere in the comment,
 * case-insensitive. Lines inside fenced code blocks and quoted replies (`> `) are not commands,
 * so quoting someone's command does not run it again.
 */

export type Command =
  | { name: 'explain'; topic?: string }
  | { name: 'list' }
  | { name: 'help' }
  | { name: 'recheck' }
  | { name: 'ignore'; rule?: string; reason?: string }
  | { name: 'unignore'; rule?: string }
  | { name: 'unknown'; text: string };

export const COMMAND_PREFIX = '/antipattern';

const LINE = /^\s*\/antipattern(?:\s+(\S+))?(?:\s+(.*?))?\s*$/i;

export function parseCommands(body: string): Command[] {
  const out: Command[] = [];
  let inFence = false;
  for (const line of body.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence || /^\s*>/.test(line)) continue;
    const match = LINE.exec(line);
    if (match) out.push(toCommand(match[1]?.toLowerCase(), match[2]?.trim() ?? ''));
  }
  return out;
}

function toCommand(verb: string | undefined, rest: string): Command {
  switch (verb) {
    case 'explain': return { name: 'explain', topic: rest || undefined };
    case 'list': return { name: 'list' };
    case undefined:
    case 'help': return { name: 'help' };
    case 'recheck': return { name: 'recheck' };
    case 'ignore': {
      // `ignore <rule> -- reason`, `ignore -- reason` (in a finding's thread), or `ignore <rule>`.
      const [head, ...reason] = rest.split(/\s+--\s*|^--\s*/);
      const rule = head?.trim().split(/\s+/)[0]?.toLowerCase() || undefined;
      return { name: 'ignore', rule, reason: reason.join(' -- ').trim() || undefined };
    }
    case 'unignore': return { name: 'unignore', rule: rest.split(/\s+/)[0]?.toLowerCase() || undefined };
    default: return { name: 'unknown', text: `${verb} ${rest}`.trim() };
  }
}

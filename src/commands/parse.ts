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
      // Editors turn "--" into a dash; words after the rule without "--" are a reason too.
      const [head = '', ...reason] = rest.split(/\s+(?:--|\u2014|\u2013)\s*|^(?:--|\u2014|\u2013)\s*/);
      const [first, ...more] = head.trim().split(/\s+/);
      const text = [more.join(' '), reason.join(' -- ')].filter((t) => t.trim()).join(' -- ').trim();
      return { name: 'ignore', rule: ruleId(first), reason: text || undefined };
    }
    case 'unignore': return { name: 'unignore', rule: ruleId(rest.split(/\s+/)[0]) };
    default: return { name: 'unknown', text: `${verb} ${rest}`.trim() };
  }
}

/** A rule id as people type it: any case, maybe in backticks. */
function ruleId(word: string | undefined): string | undefined {
  return word?.replace(/`/g, '').toLowerCase() || undefined;
}

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

/**
 * Only the first 64 KiB of a comment is read for commands: a real command sits in a short line,
 * and the cap bounds the work one comment can cause.
 */
export const MAX_COMMENT_LENGTH = 64 * 1024;

/** Every line terminator, as `\s` and `.` see them: a U+2028 cannot hide a second line inside one. */
const LINE_BREAK = /\r\n|[\n\r\u2028\u2029]/;

export function parseCommands(body: string): Command[] {
  const out: Command[] = [];
  let inFence = false;
  for (const line of body.slice(0, MAX_COMMENT_LENGTH).split(LINE_BREAK)) {
    const text = line.trim();
    if (text.startsWith('```') || text.startsWith('~~~')) {
      inFence = !inFence;
      continue;
    }
    if (inFence || text.startsWith('>')) continue;
    const command = commandOf(text);
    if (command) out.push(command);
  }
  return out;
}

/**
 * `/antipattern [verb [rest]]` on a trimmed line, read by hand (one pass) rather than with a regular
 * expression: nested optional whitespace groups made the old one cubic on a line of spaces.
 */
function commandOf(text: string): Command | undefined {
  if (text.slice(0, COMMAND_PREFIX.length).toLowerCase() !== COMMAND_PREFIX) return undefined;
  const after = text.slice(COMMAND_PREFIX.length);
  // `/antipatternx` is not the command; the prefix must end the line or be followed by a space.
  if (after !== '' && !/^\s/.test(after)) return undefined;
  const args = after.trim();
  const space = args.search(/\s/);
  const verb = space < 0 ? args : args.slice(0, space);
  const rest = space < 0 ? '' : args.slice(space).trim();
  return toCommand(verb === '' ? undefined : verb.toLowerCase(), rest);
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
      // The lookbehind starts a try only at the first space of a run: linear on a line of spaces.
      const [head = '', ...reason] = rest.split(/(?<!\s)\s+(?:--|\u2014|\u2013)\s*|^(?:--|\u2014|\u2013)\s*/);
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

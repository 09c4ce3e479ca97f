/**
 * Runs the commands of one comment: the answer to each (sections of one reply), the waiver events
 * to record, and whether the review must run again. No GitHub here: the caller supplies the
 * config, the commenter's permission and the current waivers, and publishes the outcome.
 */
import { ConfigError, type Config } from '../config/config.js';
import { KNOWN_RULE_IDS } from '../engine/registry.js';
import { explainRuleId, explainTopic, HELP, listRules, titleOf } from './answers.js';
import { authorize, type Decision, type Permission, type StateChange } from './authorize.js';
import type { Command } from './parse.js';
import { quoted, sanitize } from './replies.js';
import { resolveTopic } from './topics.js';
import { applyEvent, type Waiver, type WaiverEvent } from './waivers.js';

/** A finding of the bot's review comment whose thread the command was written in. */
export interface ThreadFinding {
  fingerprint: string;
  rule: string;
}

export interface CommandInput {
  /** Login of the person who wrote the comment. */
  author: string;
  /** The findings of the thread's first comment; absent in the conversation. */
  thread?: readonly ThreadFinding[];
  /** Waivers in force before this comment. */
  waivers: readonly Waiver[];
  open: boolean;
  headSha: string;
  /** ISO time stamped on waiver events (they are replayed in time order). */
  now: string;
  /** The repository config from the default branch; throws ConfigError when it is invalid. */
  config(): Promise<Config>;
  permission(): Promise<Permission>;
}

export interface Outcome {
  sections: string[];
  events: WaiverEvent[];
  /** Run the review again (asked for, or the waivers changed). */
  recheck: boolean;
}

/** More commands than this in one comment are not answered (one reply must stay readable). */
export const MAX_COMMANDS = 10;

export async function evaluate(commands: readonly Command[], input: CommandInput): Promise<Outcome> {
  const out: Outcome = { sections: [], events: [], recheck: false };
  let waivers = [...input.waivers];
  let permission: Permission | undefined;
  const allowed = async (action: StateChange): Promise<Decision> => authorize(action, (permission ??= await input.permission()), input.author);
  const record = (event: WaiverEvent): void => {
    out.events.push(event);
    waivers = applyEvent(waivers, event);
  };
  const say = (text: string): void => void out.sections.push(text);
  let helped = false;

  for (const command of commands.slice(0, MAX_COMMANDS)) {
    switch (command.name) {
      case 'help':
      case 'unknown': {
        const intro = command.name === 'unknown' ? `I do not know the command ${quoted(`/antipattern ${command.text}`)}.` : '';
        say(helped ? `${intro} The commands are listed above.` : [intro, HELP].filter(Boolean).join('\n\n'));
        helped = true;
        break;
      }
      case 'explain':
        if (command.topic) say(explainTopic(command.topic));
        else if (input.thread) say(unique(input.thread.map((f) => f.rule)).map(explainRuleId).join('\n\n'));
        else say('What should I explain? Name a rule, an anti-pattern number or a few words, for example `/antipattern explain image-latest-tag` or `/antipattern explain probes`. In the thread of one of my review comments, `/antipattern explain` alone explains that finding.');
        break;
      case 'list':
        say(await listSection(input, waivers));
        break;
      case 'recheck':
        out.recheck = input.open;
        say(input.open ? `Reviewing the head commit \`${input.headSha.slice(0, 7)}\` again: the check run **Kubernetes anti-patterns** shows the result in a moment.` : 'This pull request is closed: there is nothing to recheck.');
        break;
      case 'ignore': {
        const decision = await allowed('ignore');
        if (!decision.allowed) say(decision.reason!);
        else say(ignore(command.rule, command.reason, input, record));
        break;
      }
      case 'unignore': {
        const decision = await allowed('unignore');
        if (!decision.allowed) say(decision.reason!);
        else say(unignore(command.rule, input, waivers, record));
        break;
      }
    }
  }
  if (commands.length > MAX_COMMANDS) say(`This comment has ${commands.length} commands; I answered the first ${MAX_COMMANDS}. Please send the rest in another comment.`);
  if (out.events.length > 0) {
    if (input.open && !out.recheck) say(`The check run is being recomputed for \`${input.headSha.slice(0, 7)}\`.`);
    else if (!input.open) say('The pull request is closed, so its check run stays as it is.');
    out.recheck = input.open;
  }
  return out;
}

async function listSection(input: CommandInput, waivers: readonly Waiver[]): Promise<string> {
  try {
    return listRules(await input.config(), waivers);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return `The configuration \`.github/k8s-antipatterns.yml\` on the default branch has a problem, so no review runs until it is fixed:\n\n> ${sanitize(error.message, 500)}`;
  }
}

function ignore(rule: string | undefined, why: string | undefined, input: CommandInput, record: (e: WaiverEvent) => void): string {
  const reason = why ? sanitize(why, 300) : undefined;
  const because = reason ? `, because: ${reason}${/[.!?]$/.test(reason) ? '' : '.'}` : '. (Say why next time: `-- <reason>` after the command.)';
  const base = { action: 'ignore' as const, by: input.author, at: input.now, ...(reason ? { reason } : {}) };
  if (rule) {
    if (!KNOWN_RULE_IDS.has(rule)) return unknownRule(rule);
    record({ ...base, rule });
    return `Waived \`${rule}\` (${titleOf(rule)}) for this pull request${because} Its findings here no longer fail the check and get no new comments. \`/antipattern unignore ${rule}\` takes it back.`;
  }
  if (!input.thread) return 'Which rule should I waive? Write `/antipattern ignore <rule-id> -- <reason>`; in the thread of one of my review comments, `/antipattern ignore -- <reason>` waives that one finding.';
  for (const f of input.thread) record({ ...base, rule: f.rule, fingerprint: f.fingerprint });
  const rules = unique(input.thread.map((f) => `\`${f.rule}\``)).join(', ');
  return `Waived ${input.thread.length === 1 ? 'this finding' : `these ${input.thread.length} findings`} (${rules}) for this pull request${because} The rest of the rule still applies. \`/antipattern unignore\` in this thread takes it back.`;
}

function unignore(rule: string | undefined, input: CommandInput, waivers: readonly Waiver[], record: (e: WaiverEvent) => void): string {
  const base = { action: 'unignore' as const, by: input.author, at: input.now };
  if (rule) {
    if (!waivers.some((w) => w.rule === rule)) return KNOWN_RULE_IDS.has(rule) ? `\`${rule}\` is not waived in this pull request: nothing to take back.` : unknownRule(rule);
    record({ ...base, rule });
    return `Took back the waiver of \`${rule}\`: its findings count again.`;
  }
  if (!input.thread) return 'Which rule should I stop waiving? Write `/antipattern unignore <rule-id>`.';
  const waived = input.thread.filter((f) => waivers.some((w) => w.fingerprint === f.fingerprint));
  if (waived.length === 0) {
    const byRule = input.thread.find((f) => waivers.some((w) => !w.fingerprint && w.rule === f.rule));
    return byRule ? `This finding is waived with its whole rule: \`/antipattern unignore ${byRule.rule}\` takes that back.` : 'This finding is not waived: nothing to take back.';
  }
  for (const f of waived) record({ ...base, rule: f.rule, fingerprint: f.fingerprint });
  return `Took back the waiver of ${waived.length === 1 ? 'this finding' : `these ${waived.length} findings`}: ${waived.length === 1 ? 'it counts' : 'they count'} again.`;
}

function unknownRule(rule: string): string {
  const found = resolveTopic(rule);
  const near = found.kind === 'rule' ? [found.rule.id] : found.kind === 'matches' ? found.rules.map((r) => r.id) : found.kind === 'unknown' ? found.suggestions : [];
  return `I know no rule ${quoted(rule)}.${near.length > 0 ? ` Did you mean ${near.slice(0, 5).map((id) => `\`${id}\``).join(', ')}?` : ''} \`/antipattern list\` shows every rule.`;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

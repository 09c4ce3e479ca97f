/** Shell commands found in a script, in the order they run, with their lines in the file. */

export interface ShellWord {
  /** Value with quotes removed; expansions (`$X`, `$(...)`) stay as written. */
  value: string;
  /** The same before CI expressions (`${{ ... }}`) were masked; equals `value` elsewhere. */
  raw: string;
  /** Contains a variable, command substitution or a masked CI expression: unknown at review time. */
  dynamic: boolean;
  line: number;
}

/** Commands joined by `|`; the same object is shared by every command of the pipeline. */
export interface ShellPipeline {
  readonly commands: ShellCommand[];
}

export interface ShellCommand {
  /** Name of the command behind wrappers (`sudo`, `env`, `timeout`...), without its path; '' when unknown. */
  name: string;
  /** Words of the command behind wrappers, `argv[0]` included. */
  argv: string[];
  words: ShellWord[];
  /** Wrappers that were removed, outermost first. */
  wrappers: string[];
  /** Variables set for this command only (`A=1 cmd`, `env A=1 cmd`). */
  env: Record<string, string>;
  /** First and last line in the file (1-based). */
  line: number;
  endLine: number;
  pipeline?: ShellPipeline;
  /** Position in `pipeline.commands`. */
  stage?: number;
  /** File that standard output is redirected to (`> out.yaml`). */
  stdout?: string;
}

export interface ShellAssignment {
  name: string;
  value: string;
  raw: string;
  line: number;
  /** Number of commands that ran before it, to order it among commands. */
  before: number;
}

export interface ShellScript {
  /** Commands in source order (an inner `$(...)` before its outer command); function bodies where they are defined. */
  readonly commands: readonly ShellCommand[];
  readonly assignments: readonly ShellAssignment[];
  /** Commands of each shell function, by name. */
  readonly functions: ReadonlyMap<string, readonly ShellCommand[]>;
}

/**
 * Commands that run after `command` in the same script. A later call of a shell function brings
 * the function's commands along (helpers are usually defined at the top and called later).
 */
export function commandsAfter(script: ShellScript, command: ShellCommand): readonly ShellCommand[] {
  const index = script.commands.indexOf(command);
  if (index < 0) return [];
  const out: ShellCommand[] = [];
  const expand = (list: readonly ShellCommand[], depth: number): void => {
    for (const c of list) {
      out.push(c);
      const body = script.functions.get(c.name);
      if (body && depth < 3) expand(body, depth + 1);
    }
  };
  expand(script.commands.slice(index + 1), 0);
  return out;
}

/** Commands of the same `a | b` pipeline that read what `command` writes. */
export function downstream(command: ShellCommand): readonly ShellCommand[] {
  if (!command.pipeline || command.stage === undefined) return [];
  return command.pipeline.commands.filter((c) => (c.stage ?? 0) > command.stage!);
}

/** Commands of the same pipeline that feed `command`. */
export function upstream(command: ShellCommand): readonly ShellCommand[] {
  if (!command.pipeline || command.stage === undefined) return [];
  return command.pipeline.commands.filter((c) => (c.stage ?? 0) < command.stage!);
}

/** Joins the scripts of one CI job (its steps run one after another). */
export function concatScripts(scripts: readonly ShellScript[]): ShellScript {
  const commands: ShellCommand[] = [];
  const assignments: ShellAssignment[] = [];
  const functions = new Map<string, readonly ShellCommand[]>();
  for (const script of scripts) {
    const offset = commands.length;
    assignments.push(...script.assignments.map((a) => ({ ...a, before: a.before + offset })));
    commands.push(...script.commands);
    script.functions.forEach((body, name) => functions.set(name, body));
  }
  return { commands, assignments, functions };
}

/**
 * The shell of a file, for rules of kinds `script` and `ci`: a script file is one unit; a CI
 * file has one unit per job, its steps' scripts joined in order. Parsed once per file and cached.
 */
import type { ParsedFile } from '../engine/parsed-file.js';
import { parseYaml } from '../parse/yaml.js';
import { parseShellSources } from '../shell/commands.js';
import { isMakefile, makefileToShell } from '../shell/make.js';
import { concatScripts, type ShellCommand, type ShellScript } from '../shell/script.js';
import { githubPipeline } from './github.js';
import { gitlabPipeline } from './gitlab.js';
import type { CiJob, CiPipeline, CiStep } from './model.js';

export interface ShellUnit {
  /** The CI job; undefined for a script file. */
  job?: CiJob;
  script: ShellScript;
  /** The CI step a command came from. */
  stepOf(command: ShellCommand): CiStep | undefined;
}

export interface FileShell {
  pipeline?: CiPipeline;
  units: ShellUnit[];
}

/** A command with the unit it runs in. */
export interface CommandSite {
  command: ShellCommand;
  unit: ShellUnit;
}

const pipelines = new WeakMap<ParsedFile, CiPipeline | null>();
const shells = new WeakMap<ParsedFile, Promise<FileShell>>();

export function ciProvider(path: string): CiPipeline['provider'] | undefined {
  if (/(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(path)) return 'github';
  if (/(^|\/)(\.gitlab-ci\.ya?ml|\.gitlab\/ci\/[^/]+\.ya?ml)$/.test(path)) return 'gitlab';
  return undefined;
}

/** The pipeline of a CI file (GitHub Actions or GitLab CI); undefined for other files or bad YAML. */
export function pipelineOf(file: ParsedFile): CiPipeline | undefined {
  if (pipelines.has(file)) return pipelines.get(file) ?? undefined;
  const provider = ciProvider(file.path);
  let pipeline: CiPipeline | undefined;
  if (provider) {
    // The engine has already parsed CI files as YAML; parse here only for files it did not.
    const yaml = file.yaml ?? (() => {
      const parsed = parseYaml(file.text);
      return parsed.ok ? parsed.file : undefined;
    })();
    if (yaml) pipeline = provider === 'github' ? githubPipeline(yaml) : gitlabPipeline(yaml);
  }
  pipelines.set(file, pipeline ?? null);
  return pipeline;
}

export function shellOf(file: ParsedFile): Promise<FileShell> {
  let shell = shells.get(file);
  if (!shell) {
    shell = file.kind === 'ci' ? ciShell(file) : scriptShell(file);
    shells.set(file, shell);
  }
  return shell;
}

/** Every command of a file once, even when GitLab templates put it into several jobs. */
export async function commandSites(file: ParsedFile): Promise<CommandSite[]> {
  const seen = new Set<string>();
  const out: CommandSite[] = [];
  for (const unit of (await shellOf(file)).units) {
    for (const command of unit.script.commands) {
      const key = `${command.line}:${command.argv.join('\u0000')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ command, unit });
    }
  }
  return out;
}

async function scriptShell(file: ParsedFile): Promise<FileShell> {
  const text = isMakefile(file.path) ? makefileToShell(file.text) : file.text;
  const [script] = await parseShellSources([{ text }]);
  return { units: [{ script: script!, stepOf: () => undefined }] };
}

async function ciShell(file: ParsedFile): Promise<FileShell> {
  const pipeline = pipelineOf(file);
  if (!pipeline) return { units: [] };
  const steps = pipeline.jobs.flatMap((job) => job.steps.filter((s) => s.run).map((step) => ({ job, step })));
  const scripts = await parseShellSources(steps.map(({ step }) => step.run!));
  const byCommand = new Map<ShellCommand, CiStep>();
  const units = pipeline.jobs.map((job): ShellUnit => {
    const own = scripts.filter((_s, i) => steps[i]!.job === job);
    steps.forEach(({ job: j, step }, i) => {
      if (j === job) for (const c of scripts[i]!.commands) byCommand.set(c, step);
    });
    return { job, script: concatScripts(own), stepOf: (c) => byCommand.get(c) };
  });
  return { pipeline, units };
}

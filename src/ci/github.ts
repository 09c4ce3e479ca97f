/** GitHub Actions workflows (`.github/workflows/*.yml`) as a `CiPipeline`. */
import type { Document } from 'yaml';
import { asMap, asSeq, child, isScalar, lineSpan, scalarString, Scalar, type YamlFile, type YAMLMap, type YNode } from '../parse/yaml.js';
import type { CiEvent, CiJob, CiPipeline, CiStep, CiUses, CiValue } from './model.js';
import { COMMAND_INPUT_ACTIONS } from './actions.js';
import { scriptOf } from './scalar.js';

/** `run:` steps in these shells are not shell scripts. */
const NON_POSIX_SHELLS = /^(pwsh|powershell|cmd|python|node)\b/;

export function githubPipeline(file: YamlFile): CiPipeline | undefined {
  const doc = file.docs[0];
  const root = doc ? asMap(doc, doc.contents) : undefined;
  if (!doc || !root) return undefined;
  const at = (node: YNode | undefined): [number, number] => lineSpan(file, node) ?? [1, 1];
  const defaultShell = scalarString(doc, pathOf(doc, root, ['defaults', 'run', 'shell']));
  const pipeline: CiPipeline = { provider: 'github', events: events(doc, root, at), env: envOf(doc, root), jobs: [] };
  for (const pair of asMap(doc, child(doc, root, 'jobs'))?.items ?? []) {
    const id = scalarString(doc, pair.key);
    const map = asMap(doc, pair.value);
    if (id === undefined || !map) continue;
    const span: [number, number] = [at(pair.key as YNode)[0], at(map)[1]];
    const shell = scalarString(doc, pathOf(doc, map, ['defaults', 'run', 'shell'])) ?? defaultShell;
    const job: CiJob = {
      id, name: scalarString(doc, child(doc, map, 'name')), line: span[0], span,
      condition: scalarString(doc, child(doc, map, 'if')),
      env: envOf(doc, map),
      steps: [],
    };
    const environment = child(doc, map, 'environment');
    const envName = scalarString(doc, environment) ?? scalarString(doc, child(doc, asMap(doc, environment), 'name'));
    if (environment) job.environment = { name: envName, line: at(environment)[0] };
    for (const item of asSeq(doc, child(doc, map, 'steps'))?.items ?? []) {
      const step = stepOf(doc, file, asMap(doc, item), shell, at);
      if (step) job.steps.push(step);
    }
    pipeline.jobs.push(job);
  }
  return pipeline;
}

function stepOf(doc: Document.Parsed, file: YamlFile, map: YAMLMap | undefined, shell: string | undefined, at: (n: YNode | undefined) => [number, number]): CiStep | undefined {
  if (!map) return undefined;
  const span = at(map);
  const step: CiStep = {
    name: scalarString(doc, child(doc, map, 'name')), line: span[0], span,
    condition: scalarString(doc, child(doc, map, 'if')),
    env: envOf(doc, map),
  };
  const run = child(doc, map, 'run');
  const stepShell = scalarString(doc, child(doc, map, 'shell')) ?? shell;
  if (isScalar(run) && !(stepShell && NON_POSIX_SHELLS.test(stepShell))) {
    const script = scriptOf(run as Scalar, file.text, file.lineCounter);
    if (script) step.run = script;
  }
  const usesNode = child(doc, map, 'uses');
  const uses = scalarString(doc, usesNode);
  if (uses) {
    step.uses = usesOf(doc, uses, at(usesNode)[0], asMap(doc, child(doc, map, 'with')), at);
    const commandInput = COMMAND_INPUT_ACTIONS[step.uses.action];
    const input = commandInput ? child(doc, asMap(doc, child(doc, map, 'with')), commandInput.input) : undefined;
    const script = isScalar(input) ? scriptOf(input as Scalar, file.text, file.lineCounter) : undefined;
    // The prefix only widens the first row, so rows keep their lines.
    if (script && commandInput) step.run = { ...script, text: commandInput.prefix + script.text, raw: commandInput.prefix + script.raw };
  }
  return step;
}

function usesOf(doc: Document.Parsed, uses: string, line: number, withMap: YAMLMap | undefined, at: (n: YNode | undefined) => [number, number]): CiUses {
  const [action, ref] = uses.split('@', 2) as [string, string | undefined];
  const inputs = new Map<string, CiValue>();
  for (const pair of withMap?.items ?? []) {
    const key = scalarString(doc, pair.key);
    const value = scalarString(doc, pair.value);
    if (key !== undefined && value !== undefined) inputs.set(key, { value, line: inputLine(pair.value as YNode, at) });
  }
  return { action: action.toLowerCase(), ref, with: inputs, line };
}

/** A block scalar's value starts on the line after its `|` header. */
function inputLine(node: YNode, at: (n: YNode | undefined) => [number, number]): number {
  const line = at(node)[0];
  const type = isScalar(node) ? (node as Scalar).type : undefined;
  return type === Scalar.BLOCK_LITERAL || type === Scalar.BLOCK_FOLDED ? line + 1 : line;
}

function events(doc: Document.Parsed, root: YAMLMap, at: (n: YNode | undefined) => [number, number]): Map<string, CiEvent> {
  const out = new Map<string, CiEvent>();
  // A YAML 1.1 reader turns the key `on` into true; accept both spellings.
  const on = child(doc, root, 'on') ?? child(doc, root, 'true');
  const single = scalarString(doc, on);
  if (single) out.set(single, { name: single, line: at(on)[0] });
  for (const item of asSeq(doc, on)?.items ?? []) {
    const name = scalarString(doc, item);
    if (name) out.set(name, { name, line: at(item as YNode)[0] });
  }
  for (const pair of asMap(doc, on)?.items ?? []) {
    const name = scalarString(doc, pair.key);
    if (!name) continue;
    const typesNode = child(doc, asMap(doc, pair.value), 'types');
    const types = asSeq(doc, typesNode)?.items.map((t) => scalarString(doc, t)).filter((t): t is string => t !== undefined)
      ?? (scalarString(doc, typesNode) !== undefined ? [scalarString(doc, typesNode)!] : undefined);
    out.set(name, { name, types, line: at(pair.key as YNode)[0] });
  }
  return out;
}

function envOf(doc: Document.Parsed, map: YAMLMap): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of asMap(doc, child(doc, map, 'env'))?.items ?? []) {
    const key = scalarString(doc, pair.key);
    const value = scalarString(doc, pair.value);
    if (key !== undefined && value !== undefined) out[key] = value;
  }
  return out;
}

function pathOf(doc: Document.Parsed, map: YAMLMap, path: string[]): YNode | undefined {
  let node: YNode | undefined = map;
  for (const key of path) node = child(doc, asMap(doc, node), key);
  return node;
}

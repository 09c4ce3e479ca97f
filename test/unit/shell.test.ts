import { describe, expect, test } from '@jest/globals';
import { parseShell } from '../../src/shell/commands.js';
import { commandsAfter, downstream, upstream, type ShellScript } from '../../src/shell/script.js';
import { flag, flagValues, helmCall, isDryRun, kubectlCall, namespaceOf, positional } from '../../src/shell/kube.js';
import { makefileToShell } from '../../src/shell/make.js';
import { unwrap } from '../../src/shell/wrappers.js';

const names = (script: ShellScript): string[] => script.commands.map((c) => c.argv.join(' '));
const at = (script: ShellScript): Array<[number, string]> => script.commands.map((c) => [c.line, c.name]);

describe('parseShell: what is a command', () => {
  test('comments, strings, echo arguments and heredoc bodies are not commands', async () => {
    const script = await parseShell([
      '# kubectl patch deploy/web -p x',
      'echo "kubectl patch deploy/web"',
      "printf 'kubectl edit %s' web",
      'cat <<EOF',
      'kubectl scale deploy/web --replicas=3',
      'EOF',
      'MSG="helm upgrade web ./chart"',
    ].join('\n'));
    expect(names(script)).toEqual(['echo kubectl patch deploy/web', 'printf kubectl edit %s web', 'cat']);
  });

  test('finds commands behind sudo, env, assignments, &&, ||, pipes and $(...)', async () => {
    const script = await parseShell([
      'sudo -u deploy -E kubectl -n prod patch deploy/a -p "{}"',
      'env KUBECONFIG=/k helm upgrade web ./chart && kubectl get pods || true',
      'IMAGE=app:1 docker push "$IMAGE"',
      'POD=$(kubectl get pods -o name | head -1)',
      'timeout 60s kubectl rollout status deploy/a',
    ].join('\n'));
    expect(at(script)).toEqual([
      [1, 'kubectl'], [2, 'helm'], [2, 'kubectl'], [2, 'true'], [3, 'docker'], [4, 'kubectl'], [4, 'head'], [5, 'kubectl'],
    ]);
    expect(script.commands[0]!.wrappers).toEqual(['sudo']);
    expect(script.commands[1]!.env).toEqual({ KUBECONFIG: '/k' });
    expect(script.commands[4]!.env).toEqual({ IMAGE: 'app:1' });
    expect(script.commands[4]!.words[2]).toMatchObject({ value: '$IMAGE', dynamic: true });
    expect(script.assignments.map((a) => [a.name, a.line])).toEqual([['POD', 4]]);
  });

  test('finds commands in if, for, while, case bodies and functions', async () => {
    const script = await parseShell([
      'deploy() {',
      '  kubectl apply -f k8s/',
      '}',
      'if kubectl get ns prod; then',
      '  for f in a b; do kubectl label ns "$f" x=y; done',
      'fi',
      'while true; do kubectl logs web; break; done',
      'case "$1" in',
      '  up) helm install web ./chart ;;',
      'esac',
    ].join('\n'));
    expect(at(script).filter(([, n]) => n === 'kubectl' || n === 'helm')).toEqual([
      [2, 'kubectl'], [4, 'kubectl'], [5, 'kubectl'], [7, 'kubectl'], [9, 'helm'],
    ]);
  });

  test('parses sh -c and bash -c strings and maps their lines back', async () => {
    const script = await parseShell([
      'set -e',
      'sh -c "kubectl scale deploy/a --replicas=2"',
      "bash -ec '",
      '  echo start',
      '  kubectl patch deploy/a -p x',
      "'",
      'eval "kubectl edit deploy/b"',
      'sh ./deploy.sh',
    ].join('\n'));
    const kubectl = script.commands.filter((c) => c.name === 'kubectl');
    expect(kubectl.map((c) => [c.line, c.argv[1]])).toEqual([[2, 'scale'], [5, 'patch'], [7, 'edit']]);
    expect(script.commands.some((c) => c.name === 'sh' && c.argv[1] === './deploy.sh')).toBe(true);
  });

  test('unquotes words and keeps expansions as written', async () => {
    const script = await parseShell(`helm upgrade "web" 'chart' --set image.tag="$TAG" --set a=b\\ c`);
    expect(script.commands[0]!.argv).toEqual(['helm', 'upgrade', 'web', 'chart', '--set', 'image.tag=$TAG', '--set', 'a=b c']);
    expect(script.commands[0]!.words[5]!.dynamic).toBe(true);
  });

  test('a command continued over lines has its first and last line', async () => {
    const script = await parseShell('\nhelm upgrade web ./chart \\\n  --install \\\n  --wait\n');
    expect(script.commands[0]).toMatchObject({ line: 2, endLine: 4 });
  });

  test('keeps CI expressions masked in value and readable in raw', async () => {
    const raw = 'helm upgrade pr-${{ github.event.number }} ./chart';
    const text = raw.replace(/\$\{\{[^}]*\}\}/, (m) => '\u00a7'.repeat(m.length));
    const script = await parseShell({ text, raw });
    const release = script.commands[0]!.words[2]!;
    expect(release.raw).toBe('pr-${{ github.event.number }}');
    expect(release.dynamic).toBe(true);
  });

  test('CRLF line endings do not stick to words', async () => {
    const script = await parseShell('kubectl rollout restart\r\nkubectl patch \\\r\n  deploy/a\r\n');
    expect(script.commands.map((c) => [c.line, c.argv])).toEqual([[1, ['kubectl', 'rollout', 'restart']], [2, ['kubectl', 'patch', 'deploy/a']]]);
  });

  test('maps rows to file lines with lineOf', async () => {
    const script = await parseShell({ text: 'echo a\nkubectl get pods', lineOf: (row) => 40 + row });
    expect(script.commands.map((c) => c.line)).toEqual([40, 41]);
  });

  test('broken shell still yields the commands it can read', async () => {
    const script = await parseShell('if then fi (\nkubectl patch deploy/a -p x\n');
    expect(script.commands.some((c) => c.name === 'kubectl')).toBe(true);
  });
});

describe('pipelines, redirects and order', () => {
  test('pipeline stages and order', async () => {
    const script = await parseShell('helm template web ./chart | yq e - | kubectl apply -f -\nkubectl rollout status deploy/web');
    const [helm, yq, apply, status] = script.commands;
    expect(downstream(helm!).map((c) => c.name)).toEqual(['yq', 'kubectl']);
    expect(upstream(apply!).map((c) => c.name)).toEqual(['helm', 'yq']);
    expect(downstream(status!)).toEqual([]);
    expect(commandsAfter(script, apply!)).toEqual([status]);
    expect(yq!.stage).toBe(1);
  });

  test('a later call of a shell function brings its commands along', async () => {
    const script = await parseShell('verify() { kubectl rollout status deploy/a; }\nkubectl apply -f k8s/\nverify\n');
    const apply = script.commands.find((c) => c.argv[1] === 'apply')!;
    expect(commandsAfter(script, apply).map((c) => c.argv.slice(0, 2).join(' '))).toEqual(['verify', 'kubectl rollout']);
    expect([...script.functions.keys()]).toEqual(['verify']);
  });

  test('a heredoc piped into kubectl is a pipeline whose body is not a command', async () => {
    const script = await parseShell('cat <<EOF | kubectl apply -f -\nkind: Namespace\nkubectl patch x\nEOF\n');
    expect(names(script)).toEqual(['cat', 'kubectl apply -f -']);
    expect(downstream(script.commands[0]!).map((c) => c.name)).toEqual(['kubectl']);
  });

  test('a three-stage pipeline followed by a heredoc stays one pipeline, and the next line its own command', async () => {
    const script = await parseShell('helm template a ./c | yq e - | kubectl apply -f -\ncat <<EOF\nx\nEOF\n');
    expect(script.commands.map((c) => [c.line, c.argv.join(' '), c.stage])).toEqual([
      [1, 'helm template a ./c', 0], [1, 'yq e -', 1], [1, 'kubectl apply -f -', 2], [2, 'cat', undefined],
    ]);
    expect(downstream(script.commands[0]!)).toHaveLength(2);
  });

  test('records where standard output goes', async () => {
    const script = await parseShell('helm template web ./chart > out/all.yaml 2>/dev/null\nkubectl get pods 2> err.log');
    expect(script.commands[0]!.stdout).toBe('out/all.yaml');
    expect(script.commands[1]!.stdout).toBeUndefined();
  });
});

describe('wrappers', () => {
  test('command -v only looks a command up', () => {
    expect(unwrap(['command', '-v', 'kubectl']).indices).toEqual([]);
  });
  test('minikube kubectl -- and microk8s kubectl', () => {
    expect(unwrap(['minikube', 'kubectl', '--', 'get', 'pods']).indices).toEqual([1, 3, 4]);
    expect(unwrap(['microk8s', 'kubectl', 'get', 'pods']).indices).toEqual([1, 2, 3]);
  });
  test('timeout skips its duration', () => {
    expect(unwrap(['timeout', '-k', '5', '60s', 'kubectl', 'wait']).indices).toEqual([4, 5]);
  });
});

describe('kubectl and helm command lines', () => {
  test('global flags with values before the subcommand', async () => {
    const script = await parseShell('kubectl -n prod --context x --insecure-skip-tls-verify patch deploy/a -p "{}"');
    const call = kubectlCall(script.commands[0]!)!;
    expect(positional(call, 0)).toBe('patch');
    expect(positional(call, 1)).toBe('deploy/a');
    expect(namespaceOf(call)?.value).toBe('prod');
    expect(flag(call, '--insecure-skip-tls-verify')).toBe(true);
  });

  test('--flag=value, repeated flags, dry runs and exec commands', async () => {
    const script = await parseShell('kubectl apply --namespace=web -f a.yaml -f b.yaml --dry-run=client\nkubectl exec -it web -- kubectl patch x\nhelm upgrade --install web ./chart --wait -n web');
    const apply = kubectlCall(script.commands[0]!)!;
    expect(flagValues(apply, '-f', '--filename').map((w) => w.value)).toEqual(['a.yaml', 'b.yaml']);
    expect(namespaceOf(apply)?.value).toBe('web');
    expect(isDryRun(apply)).toBe(true);
    const exec = kubectlCall(script.commands[1]!)!;
    expect(exec.positionals.map((w) => w.value)).toEqual(['exec', 'web']);
    expect(exec.rest.map((w) => w.value)).toEqual(['kubectl', 'patch', 'x']);
    const helm = helmCall(script.commands[2]!)!;
    expect(helm.positionals.map((w) => w.value)).toEqual(['upgrade', 'web', './chart']);
    expect(flag(helm, '--wait')).toBe(true);
  });
});

describe('Makefile recipes', () => {
  test('recipes keep their lines; prefixes and make variables are handled', async () => {
    const makefile = [
      'KUBECTL ?= kubectl',
      'IMAGE = app',
      '',
      'deploy: build',
      '\t@$(KUBECTL) apply -f k8s/',
      '\t-kubectl rollout status deploy/$(IMAGE) \\',
      '\t  --timeout=60s',
      '\techo $$HOME',
      '',
      'NOTE = kubectl patch is not a recipe',
    ].join('\n');
    const shell = makefileToShell(makefile);
    expect(shell.split('\n')).toHaveLength(10);
    const script = await parseShell(shell);
    expect(script.commands.map((c) => [c.line, c.argv.slice(0, 3).join(' ')])).toEqual([
      [5, 'kubectl apply -f'], [6, 'kubectl rollout status'], [8, 'echo $HOME'],
    ]);
  });
});

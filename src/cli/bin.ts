#!/usr/bin/env node
/** Entry point of the `k8s-antipatterns` binary. */
import { installCrashHandlers, main } from './main.js';
import { drained, quietOnClosedPipe } from './pipe.js';

const stderr = (s: string): void => {
  process.stderr.write(s);
};
installCrashHandlers(process, stderr, process.argv.includes('--debug'));
// `k8s-antipatterns check --format sarif | head -1`: the reader may leave early; that is no error.
const stdout = quietOnClosedPipe(process.stdout);
main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout,
  drain: drained(process.stdout),
  isTty: process.stdout.isTTY === true,
  ...(process.stderr.isTTY ? { progress: stderr } : {}),
}, stderr)
  .then((code) => {
    process.exitCode = code;
  });

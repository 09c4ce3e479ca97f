#!/usr/bin/env node
/** Entry point of the `k8s-antipatterns` binary. */
import { installCrashHandlers, main } from './main.js';

const stderr = (s: string): void => {
  process.stderr.write(s);
};
installCrashHandlers(process, stderr, process.argv.includes('--debug'));
main(process.argv.slice(2), { cwd: process.cwd(), stdout: (s) => process.stdout.write(s), isTty: process.stdout.isTTY === true }, stderr)
  .then((code) => {
    process.exitCode = code;
  });

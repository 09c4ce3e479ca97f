#!/usr/bin/env node
/** Entry point of the `k8s-antipatterns` binary. */
import { main } from './main.js';

main(process.argv.slice(2), { cwd: process.cwd(), stdout: (s) => process.stdout.write(s), isTty: process.stdout.isTTY === true }, (s) => process.stderr.write(s))
  .then((code) => {
    process.exitCode = code;
  });

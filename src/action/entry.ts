/** The Action's entry point: `runs.main` of action.yml runs the bundle of this file (dist-action/index.js). */
import { runAction } from './main.js';

runAction(process.env, (s) => {
  process.stdout.write(s);
}).then((code) => {
  process.exitCode = code;
}, (error: unknown) => {
  process.stdout.write(`::error title=k8s-antipatterns::internal error: ${(error as Error).message}\n`);
  process.exitCode = 2;
});

/** `npm run demo`: exits 0 when the review happened, 1 otherwise. See demo.ts. */
import { runDemo } from './demo.js';

// Exit explicitly: throttling timers in Octokit would otherwise keep the process a while.
runDemo((s) => void process.stdout.write(s)).then(({ code }) => process.exit(code), (error: unknown) => {
  process.stderr.write(`demo failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});

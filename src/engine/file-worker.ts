/** A worker thread of the engine (see parallel.ts): parses the context once, then reviews the files it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import { passEnv, passFile } from './file-pass.js';
import { parseFile } from './parsed-file.js';
import { RULES } from './registry.js';
import { pack } from './packed.js';
import type { FileJob } from './file-pass.js';
import type { ThreadReply, ThreadSetup } from './parallel.js';

const setup = workerData as ThreadSetup;
const context = setup.context.map((job) => parseFile(job.source, job.kind, job.source.text!)).filter((f) => !f.problem);
const env = passEnv(setup.config, context, RULES, setup.windowBytes);

parentPort!.on('message', (message: { index: number; job: FileJob }) => {
  passFile(message.job, env).then(
    (outcome) => parentPort!.postMessage({ index: message.index, outcome: pack(outcome) } satisfies ThreadReply),
    (error: unknown) => parentPort!.postMessage({ index: message.index, error: String(error) } satisfies ThreadReply),
  );
});

/**
 * The engine in a worker thread: the app's event loop keeps answering webhooks, health checks
 * and other reviews while a large pull request is analysed, and a runaway analysis can be
 * stopped by terminating this thread (src/app/analysis-thread.ts).
 */
import { parentPort } from 'node:worker_threads';
import { analyze } from '../engine/analyze.js';
import type { AnalysisRequest, AnalysisReply } from './analysis-thread.js';

parentPort?.on('message', (request: AnalysisRequest) => {
  analyze(request.change, request.config, { treePaths: request.treePaths })
    .then((result): AnalysisReply => ({ id: request.id, result }))
    .catch((error: Error): AnalysisReply => ({ id: request.id, error: error.message }))
    .then((reply) => parentPort!.postMessage(reply));
});

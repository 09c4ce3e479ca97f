/**
 * `node dist/src/app/main.js` (the image's command; `npm start` runs the same): the app as a
 * service. Probot's variables (APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, PORT,
 * HOST, LOG_LEVEL, WEBHOOK_PATH, GHE_HOST/GHE_PROTOCOL) and ours (REDIS_URL, WORKER_CONCURRENCY,
 * SHUTDOWN_TIMEOUT_SECONDS): see .env.example.
 */
import { startService } from './service.js';

await startService();

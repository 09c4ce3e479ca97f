/**
 * `npm start`: runs the app as a web server with Probot's standard variables (APP_ID,
 * PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, PORT, HOST, LOG_LEVEL, WEBHOOK_PATH, and
 * GHE_HOST/GHE_PROTOCOL for GitHub Enterprise Server). See .env.example.
 */
import { run } from 'probot';
import app from './app.js';
import { AppOctokit } from './octokit.js';

await run(app, { Octokit: AppOctokit });

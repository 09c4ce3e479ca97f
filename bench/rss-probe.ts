/**
 * Preloaded into a measured process (`node --import .../rss-probe.js`): at exit it writes the
 * process's peak resident memory (worker threads included) to the file named by BENCH_PROBE_OUT.
 */
import { writeFileSync } from 'node:fs';

const out = process.env.BENCH_PROBE_OUT;
if (out) {
  process.on('exit', () => {
    // resourceUsage().maxRSS is in kilobytes.
    writeFileSync(out, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }));
  });
}

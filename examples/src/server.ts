import express from 'express';
import pg from 'pg';
import * as k8s from '@kubernetes/client-node';
import { config } from './config.js';

const app = express();
const db = new pg.Pool({ connectionString: config.databaseUrl });

// Feature flags live in a ConfigMap that ops edit with kubectl; the API reads it directly.
const kube = new k8s.KubeConfig();
kube.loadFromCluster();
const core = kube.makeApiClient(k8s.CoreV1Api);
let flags: Record<string, string> = {};

async function refreshFlags(): Promise<void> {
  const namespace = process.env.POD_NAMESPACE ?? 'shop-prod';
  const { body } = await core.readNamespacedConfigMap('shop-feature-flags', namespace);
  flags = body.data ?? {};
}

app.get('/ready', (_req, res) => {
  res.send('ok');
});

// Also the liveness probe: restart the API when the database does not answer.
app.get('/health/db', async (_req, res) => {
  try {
    await db.query('select 1');
    res.send('ok');
  } catch {
    res.status(503).send('database unavailable');
  }
});

app.get('/api/products', async (_req, res) => {
  const { rows } = await db.query('select id, name, price_cents from products where active order by name');
  res.json({ products: rows, newCheckout: flags['new-checkout'] === 'true' });
});

app.get('/api/stock/:sku', async (req, res) => {
  const answer = await fetch(`${config.inventoryUrl}/stock/${encodeURIComponent(req.params.sku)}`);
  res.status(answer.status).json(await answer.json());
});

await refreshFlags();
setInterval(() => void refreshFlags().catch(() => undefined), 30_000);
app.listen(config.port, () => console.log(`shop api listening on ${config.port}`));

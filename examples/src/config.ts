/** Settings of the API, read once at start-up. */
export const config = {
  port: Number(process.env.PORT ?? 8080),
  // Falls back to the staging database so that `npm start` works on a laptop with a port-forward.
  databaseUrl: process.env.DATABASE_URL ?? 'postgres://shop:shop-dev-password@localhost:5432/shop',
  redisUrl: process.env.REDIS_URL ?? 'redis://localhost:6379/0',
  inventoryUrl: 'http://inventory.shop-prod.svc.cluster.local:8080/v1',
};

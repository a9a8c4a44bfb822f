import { Hono } from 'hono';
import type { AppContext, AppEnv } from '../app-env.js';
import { metricsAccess } from '../lib/metrics.js';

/**
 * /metrics: Prometheus's text format for the operator's monitoring, behind METRICS_TOKEN
 * (see metricsAccess). Plain text for machines, like /readyz, so not translated.
 */
export function metricsRoutes(ctx: AppContext) {
  const app = new Hono<AppEnv>();
  app.get('/metrics', async (c) => {
    const access = metricsAccess(ctx.config.metricsToken, c.req.header('Authorization'));
    if (access === 'off') return c.notFound();
    c.header('Cache-Control', 'no-store');
    if (access === 'unauthorized') {
      c.header('WWW-Authenticate', 'Bearer realm="metrics"');
      return c.text('Unauthorized: send Authorization: Bearer <METRICS_TOKEN>\n', 401);
    }
    const { body, contentType } = await ctx.metrics.exposition();
    c.header('Content-Type', contentType);
    return c.body(body);
  });
  return app;
}

import { Hono } from 'hono';
import type { AppContext, AppEnv } from '../app-env.js';
import { oldestFailingMail } from '../db/health.js';
import { ping } from '../db/sqlite.js';

const FAILING_MAIL_LIMIT_MS = 60 * 60 * 1000;

/**
 * /healthz: liveness — the process answers and its database responds.
 * /readyz: readiness — whether this node should be given traffic: 503 with the reasons while
 * migrations run (answered by the server before the app exists, see startingResponse), when
 * the database does not answer, or when mail has been failing for over an hour. The bodies
 * are for operators and their monitoring, so they are plain English and stable codes.
 */
export function healthRoutes(ctx: AppContext) {
  const app = new Hono<AppEnv>();

  app.get('/healthz', async (c) => {
    const healthy = await ping(ctx.db);
    c.header('Cache-Control', 'no-store');
    return c.json({ status: healthy ? 'ok' : 'unavailable' }, healthy ? 200 : 503);
  });

  app.get('/readyz', async (c) => {
    c.header('Cache-Control', 'no-store');
    const reasons: { code: string; message: string }[] = [];
    if (!(await ping(ctx.db))) {
      reasons.push({ code: 'database_unreachable', message: 'the database does not answer' });
    } else {
      const failing = await oldestFailingMail(ctx.db, new Date(ctx.clock().getTime() - FAILING_MAIL_LIMIT_MS));
      if (failing) {
        reasons.push({
          code: 'mail_failing',
          message: `outgoing mail has been failing for over an hour (outbox message ${failing.id}, queued ${failing.created_at})`,
        });
      }
    }
    return reasons.length === 0 ? c.json({ status: 'ready' }, 200) : c.json({ status: 'unavailable', reasons }, 503);
  });

  return app;
}

/**
 * What the server answers while it starts (migrations, demo data) and the app does not exist
 * yet: alive, not ready, and every other request asked to come back.
 */
export function startingResponse(path: string, reason: { code: string; message: string }): Response {
  const headers = { 'Content-Type': 'application/json; charset=UTF-8', 'Cache-Control': 'no-store', 'Retry-After': '5' };
  if (path === '/healthz') return new Response(JSON.stringify({ status: 'starting' }), { status: 200, headers });
  return new Response(JSON.stringify({ status: 'unavailable', reasons: [reason] }), { status: 503, headers });
}

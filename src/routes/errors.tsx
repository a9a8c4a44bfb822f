import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ErrorFragment, NotFoundPage, ServerErrorPage } from '../../views/errors.js';
import type { AppContext, AppEnv } from '../app-env.js';
import { pageMeta, wantsFragment } from './render.js';

/**
 * The one place a thrown error becomes a response: logged with the request id, and shown to
 * the visitor without any internals.
 */
export function renderServerError(c: Context<AppEnv>, ctx: AppContext, error: Error) {
  if (error instanceof HTTPException && error.status < 500) return error.getResponse();
  const requestId = c.get('requestId') ?? 'unknown';
  // The route pattern, not the path: a path can hold a private edit link.
  ctx.logger.error({ err: error, requestId, method: c.req.method, route: c.req.routePath }, 'request failed');
  const tr = c.get('tr');
  if (wantsFragment(c)) {
    return c.html(<ErrorFragment message={tr.t.errorText} reference={tr.t.errorReference(requestId)} />, 500);
  }
  return c.html(<ServerErrorPage meta={pageMeta(c, ctx, tr.t.errorTitle)} assets={ctx.assets} reference={requestId} />, 500);
}

/** The site's 404 page, for a path no route knows and for an entry that does not exist. */
export function renderNotFound(c: Context<AppEnv>, ctx: AppContext) {
  const meta = pageMeta(c, ctx, c.get('tr').t.notFoundTitle);
  return c.html(<NotFoundPage meta={meta} assets={ctx.assets} />, 404);
}

import type { Context } from 'hono';
import { LinkProblemPage } from '../../views/edit.js';
import type { AppContext, AppEnv } from '../app-env.js';
import { findByEditToken } from '../db/submissions.js';
import type { Association } from '../db/types.js';
import { pageMeta } from './render.js';

/**
 * Resolves the private edit link in the URL (`:token`) and runs `then` with its association,
 * or answers with the page that explains what is wrong with the link: 410 when it has
 * expired, 404 when it is unknown. The edit page and the activity and calendar import pages
 * behind it share it.
 */
export async function withEditLink(
  ctx: AppContext,
  c: Context<AppEnv>,
  then: (association: Association, token: string) => Promise<Response>,
): Promise<Response> {
  // In a body limit, which runs before any route has matched, there is no :token yet: it is read from the path.
  const token = c.req.param('token') ?? /^\/endre\/([^/]+)\//.exec(c.req.path)?.[1] ?? '';
  const found = await findByEditToken(ctx.db, token, ctx.clock());
  // The link is a password: keep it out of other sites' logs and out of caches. Not
  // 'no-referrer': with it browsers post this page's forms with Origin: null, which the
  // same-origin check must refuse.
  c.header('Referrer-Policy', 'same-origin');
  c.header('Cache-Control', 'no-store');
  if (found.status !== 'valid') {
    const tr = c.get('tr');
    const expired = found.status === 'expired';
    return c.html(
      <LinkProblemPage meta={pageMeta(c, ctx, expired ? tr.t.linkExpiredTitle : tr.t.linkUnknownTitle)} assets={ctx.assets} expired={expired} />,
      expired ? 410 : 404,
    );
  }
  return then(found.association, token);
}

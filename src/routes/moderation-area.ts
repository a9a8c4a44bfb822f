import { Hono } from 'hono';
import type { AppContext, AppEnv } from '../app-env.js';
import { accountAdminRoutes, accountRoutes } from './account.js';
import { adminRoutes } from './admin.js';
import { calendarModerationRoutes } from './calendar-moderation.js';
import { requireCsrf, requireUser } from './auth.js';
import { claimDecisionRoutes } from './claim.js';
import { linkCheckRoutes } from './link-check.js';
import { moderationRoutes } from './moderate.js';
import { reportDecisionRoutes } from './reports.js';

/**
 * Everything under /moderering, mounted there as one sub-app whose first middleware is the
 * guard: a signed-in user, and the session's CSRF token on anything that changes state.
 * Because the guard sits inside the sub-app, no route added here can escape it, whatever
 * order the app mounts its modules in. Admin-only pages add the role check inside their own
 * prefix (adminRoutes).
 */
export function moderationArea(ctx: AppContext) {
  const area = new Hono<AppEnv>();
  area.use(requireUser(ctx), requireCsrf(ctx));
  area.route('/', moderationRoutes(ctx));
  area.route('/arrangementer', calendarModerationRoutes(ctx));
  area.route('/konto', accountRoutes(ctx));
  area.route('/brukere', accountAdminRoutes(ctx));
  area.route('/krav', claimDecisionRoutes(ctx));
  area.route('/feilmelding', reportDecisionRoutes(ctx));
  area.route('/', linkCheckRoutes(ctx));
  area.route('/', adminRoutes(ctx));
  return area;
}

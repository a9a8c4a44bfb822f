import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { setCookie } from 'hono/cookie';
import { secureHeaders } from 'hono/secure-headers';
import type { AppContext, AppDeps, AppEnv } from './app-env.js';
import { loadReference } from './db/reference.js';
import { applicationSecret } from './db/submissions.js';
import { isLanguage, requestLanguage, translator } from './i18n/index.js';
import { LANGUAGE_COOKIE, rememberedLanguage } from './lib/language.js';
import { loadStaticAssets } from './lib/static-assets.js';
import { termsRoutes } from './routes/admin.js';
import { apiRoutes, isApiPath, refusedInputProblem } from './routes/api.js';
import { renderNotFound, renderServerError } from './routes/errors.js';
import { BackgroundTasks } from './lib/background.js';
import { OffLoop } from './lib/off-loop.js';
import { pageMeta } from './routes/render.js';
import { ResponseCache, responseCache } from './lib/response-cache.js';
import { CACHED_ROUTE, Metrics, requestMetrics } from './lib/metrics.js';
import { metricsRoutes } from './routes/metrics.js';
import { poolOf } from './db/postgres.js';
import { changeFeedFor } from './lib/change-feed.js';
import { timeSlices } from './lib/time-slice.js';
import { BadRequestPage } from '../views/errors.js';
import { authRoutes, sessionMiddleware } from './routes/auth.js';
import { passwordResetRoutes } from './routes/account.js';
import { claimRoutes } from './routes/claim.js';
import { editRoutes } from './routes/edit.js';
import { calendarEditRoutes } from './routes/calendar-edit.js';
import { calendarImportRoutes, isCalendarUpload } from './routes/calendar-import.js';
import { calendarRoutes } from './routes/calendar.js';
import { exportRoutes } from './routes/exports.js';
import { moderationArea } from './routes/moderation-area.js';
import { publicRoutes } from './routes/public.js';
import { registerRoutes } from './routes/register.js';
import { contactRoutes } from './routes/contact.js';
import { reportRoutes } from './routes/reports.js';
import { discoveryRoutes } from './routes/discovery.js';
import { healthRoutes } from './routes/health.js';
import { allowFramingOfEmbed, embedRoutes, frameAncestorsFor } from './routes/embed.js';

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;
/** Larger request bodies are refused with 413 before anything reads them. */
export const MAX_BODY_BYTES = 64 * 1024;

/** A response cache on this node's change feed, once the feed hears of writes. */
async function listeningCache(db: AppDeps['db']): Promise<ResponseCache> {
  const feed = await changeFeedFor(db);
  await feed.ready();
  return new ResponseCache(db, Date.now, { feed });
}

/**
 * Builds the whole application from its dependencies. Only src/server.ts listens on a port;
 * tests call `app.request()` on what this returns.
 */
export async function createApp(deps: AppDeps) {
  const staticAssets = await loadStaticAssets();
  const ctx: AppContext = {
    clock: () => new Date(),
    background: new BackgroundTasks(deps.logger),
    offLoop: new OffLoop(),
    ...deps,
    reference: await loadReference(deps.db),
    assets: staticAssets.urls,
    secret: await applicationSecret(deps.db),
    // The cache follows this node's change feed: SQLite's data_version, or PostgreSQL's
    // LISTEN/NOTIFY (listening before the first request, so that pages are kept from the start).
    responseCache: deps.responseCache !== undefined ? deps.responseCache : deps.config.responseCache ? await listeningCache(deps.db) : null,
    metrics: deps.metrics ?? new Metrics(deps.db),
  };
  ctx.metrics.watchCache(ctx.responseCache);
  ctx.metrics.watchPool(poolOf(deps.db));
  const secureCookies = ctx.config.baseUrl.startsWith('https:');
  const app = new Hono<AppEnv>();

  // Outermost, so that every answer is counted, cached ones too.
  app.use(requestMetrics(ctx.metrics, CACHED_ROUTE));
  // First, so that a cached page skips everything below; RESPONSE_CACHE=off renders every request.
  if (ctx.responseCache) app.use(responseCache(ctx.responseCache));
  // Under load, no turn of the event loop is spent on more than a slice of rendering.
  app.use(timeSlices());

  app.use(async (c, next) => {
    c.set('requestId', randomUUID());
    // ?lang= switches language and remembers it; otherwise the cookie; otherwise the site's language (DEFAULT_LANG).
    const requested = c.req.query('lang');
    if (isLanguage(requested)) {
      setCookie(c, LANGUAGE_COOKIE, requested, {
        path: '/',
        maxAge: ONE_YEAR_SECONDS,
        sameSite: 'Lax',
        httpOnly: true,
        secure: secureCookies,
      });
    }
    const lang = requestLanguage(requested, rememberedLanguage(c.req.header('Cookie')), ctx.config.defaultLanguage);
    c.set('tr', translator(lang));
    await next();
  });

  app.use(allowFramingOfEmbed);
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        // 'none' everywhere except the embed, which municipal sites show in an iframe.
        frameAncestors: [frameAncestorsFor(ctx.config)],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
      },
      // Set below instead, so that a route can choose a stricter policy (the edit link does).
      referrerPolicy: false,
      strictTransportSecurity: secureCookies ? 'max-age=31536000; includeSubDomains' : false,
      crossOriginEmbedderPolicy: false,
    }),
  );

  // Set before the route runs, which may choose a stricter one: a header set after the
  // response exists makes Hono copy the whole body into a new Response (a tenth of a list page).
  app.use((c, next) => {
    c.header('Referrer-Policy', 'strict-origin-when-cross-origin');
    return next();
  });

  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => c.text('Request body too large', 413),
  });
  // bodyLimit looks at c.req.raw.body, which makes @hono/node-server build a whole Fetch
  // Request; a GET or HEAD has no body to limit, and that Request was a tenth of a list page's time.
  // An association's calendar file may be larger than any form: its route sets its own limit.
  const calendarImport = calendarImportRoutes(ctx);
  app.use((c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : isCalendarUpload(c.req.path) ? calendarImport.uploadLimit(c, next) : limitBody(c, next),
  );

  // A form body that cannot be parsed (a broken multipart boundary, say) is the client's
  // mistake: answer 400 here, once, instead of letting a handler fail with a 500. The parsed
  // form is cached by Hono, so handlers read it again for free.
  // So is a NUL character, in the address or in a form field: no name, address or text holds
  // one, and PostgreSQL's text cannot store it (a query given one fails, which was a 500).
  // Under /api/v1 the answer is the API's problem body (JSON), naming the fields that hold a NUL.
  app.use(async (c, next) => {
    const badRequest = (withNul: string[] = []) =>
      isApiPath(c.req.path)
        ? refusedInputProblem(c, ctx.config.defaultLanguage, withNul)
        : c.html(<BadRequestPage meta={pageMeta(c, ctx, c.get('tr').t.badRequestTitle)} assets={ctx.assets} />, 400);
    if (/%00/.test(c.req.url)) {
      const withNul = [...new URL(c.req.url).searchParams].filter(([name, value]) => `${name}${value}`.includes('\0')).map(([name]) => name);
      return badRequest([...new Set(withNul)]);
    }
    const type = c.req.header('Content-Type')?.split(';')[0]?.trim().toLowerCase();
    if (c.req.method === 'POST' && (type === 'multipart/form-data' || type === 'application/x-www-form-urlencoded')) {
      let form;
      try {
        form = await c.req.parseBody({ all: true });
      } catch {
        return badRequest();
      }
      const withNul = Object.entries(form)
        .filter(([, value]) => [value].flat().some((v) => typeof v === 'string' && v.includes('\0')))
        .map(([name]) => name);
      if (withNul.length > 0) return badRequest(withNul);
    }
    await next();
  });

  app.use(sessionMiddleware(ctx));
  app.use(async (c, next) => {
    await next();
    // Pages for a signed-in user carry their CSRF token and private data: never cache them.
    if (c.get('user')) c.header('Cache-Control', 'private, no-store');
  });

  app.route('/', healthRoutes(ctx));
  app.route('/', metricsRoutes(ctx));

  app.get('/static/*', (c) => {
    const asset = staticAssets.files.get(c.req.path);
    if (!asset) return renderNotFound(c, ctx);
    // Pages link assets with ?v=<content hash>, so a changed file is a new URL.
    const versioned = c.req.query('v') === asset.version;
    c.header('Cache-Control', versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
    c.header('Content-Type', asset.contentType);
    c.header('ETag', `"${asset.version}"`);
    if (c.req.header('If-None-Match') === `"${asset.version}"`) return c.body(null, 304);
    return c.body(asset.body);
  });

  app.route('/api/v1', apiRoutes(ctx));
  app.route('/', exportRoutes(ctx));
  app.route('/', publicRoutes(ctx));
  app.route('/', calendarRoutes(ctx));
  app.route('/', registerRoutes(ctx));
  app.route('/', claimRoutes(ctx));
  app.route('/', editRoutes(ctx));
  app.route('/', calendarEditRoutes(ctx));
  app.route('/', calendarImport.routes);
  app.route('/', authRoutes(ctx));
  app.route('/', passwordResetRoutes(ctx));
  // The moderator area carries its guard inside: see src/routes/moderation-area.ts.
  app.route('/moderering', moderationArea(ctx));
  app.route('/', termsRoutes(ctx));
  app.route('/', reportRoutes(ctx));
  app.route('/', contactRoutes(ctx));
  app.route('/', embedRoutes(ctx));
  app.route('/', discoveryRoutes(ctx));

  app.notFound((c) => renderNotFound(c, ctx));
  app.onError((error, c) => renderServerError(c, ctx, error));

  return app;
}

export type App = Awaited<ReturnType<typeof createApp>>;

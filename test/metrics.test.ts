import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { sql } from 'kysely';
import { describe, expect, it, vi } from 'vitest';
import { poolOf } from '../src/db/postgres.js';
import { Metrics } from '../src/lib/metrics.js';
import { claimJob, releaseJob } from '../src/db/scheduled-jobs.js';
import { enqueueMail } from '../src/db/outbox.js';
import { NOW, association, testApp, testDialect } from './helpers.js';

// /metrics as Prometheus scrapes it, read back with a parser of the text exposition format.

const TOKEN = 'a'.repeat(24) + '0123456789abcdef';

interface Family {
  name: string;
  type: string;
  metrics: { value?: string; labels?: Record<string, string>; buckets?: Record<string, string>; count?: string }[];
}

async function scrape(app: Awaited<ReturnType<typeof testApp>>['app']): Promise<Map<string, Family>> {
  const response = await app.request('/metrics', { headers: { Authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('Content-Type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  const families = parsePrometheusTextFormat(await response.text()) as Family[];
  return new Map(families.map((f) => [f.name, f]));
}

function valueOf(family: Family | undefined, labels: Record<string, string>): number | undefined {
  const metric = family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  return metric?.value === undefined ? undefined : Number(metric.value);
}

const mail = (recipient: string) => ({
  recipient,
  subject: 'Hei',
  textBody: 'Hei',
  unsentText: null,
  replyTo: null,
  associationId: null,
  reportId: null,
  claimId: null,
  now: NOW,
});

describe('/metrics', () => {
  it('does not exist without METRICS_TOKEN', async () => {
    const { app } = await testApp();
    expect((await app.request('/metrics')).status).toBe(404);
    expect((await app.request('/metrics', { headers: { Authorization: 'Bearer anything' } })).status).toBe(404);
  });

  it('asks for the bearer token and refuses a wrong one', async () => {
    const { app } = await testApp(() => [], { METRICS_TOKEN: TOKEN });
    const none = await app.request('/metrics');
    expect(none.status).toBe(401);
    expect(none.headers.get('WWW-Authenticate')).toBe('Bearer realm="metrics"');
    expect((await app.request('/metrics', { headers: { Authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
    expect((await app.request('/metrics', { headers: { Authorization: `Basic ${TOKEN}` } })).status).toBe(401);
  });

  it('counts requests by route pattern and status, with a latency histogram', async () => {
    const { app } = await testApp(
      (ref) => [association(ref, { name: 'Narvik Turlag' }), association(ref, { name: 'Senja Skiklubb', municipalityNumber: '5530' })],
      { METRICS_TOKEN: TOKEN, RESPONSE_CACHE: 'off' },
    );
    for (const path of ['/lag/narvik-turlag', '/lag/senja-skiklubb', '/lag/finnes-ikke', '/ingen/side/her']) await app.request(path);
    const families = await scrape(app);
    const requests = families.get('lagportal_http_requests_total');
    expect(requests?.type).toBe('COUNTER');
    expect(valueOf(requests, { method: 'GET', route: '/lag/:slug', status: '200' })).toBe(2);
    expect(valueOf(requests, { method: 'GET', route: '/lag/:slug', status: '404' })).toBe(1);
    expect(valueOf(requests, { method: 'GET', route: '(unmatched)', status: '404' })).toBe(1);
    // Never a raw path as a label.
    expect(requests?.metrics.some((m) => m.labels?.route?.includes('narvik'))).toBe(false);
    const latency = families.get('lagportal_http_request_duration_seconds');
    expect(latency?.type).toBe('HISTOGRAM');
    expect(
      Object.keys(latency?.metrics[0]?.buckets ?? {})
        .map((le) => (le === '+Inf' ? Infinity : Number(le)))
        .sort((x, y) => x - y),
    ).toEqual([0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, Infinity]);
    // The parser folds a histogram's labelled series together, so the count per route is read from the text itself.
    const exposition = await (await app.request('/metrics', { headers: { Authorization: `Bearer ${TOKEN}` } })).text();
    expect(exposition).toContain('lagportal_http_request_duration_seconds_count{method="GET",route="/lag/:slug"} 3\n');
    expect(exposition).toContain('lagportal_http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/lag/:slug"} 3\n');
  });

  it('reports response-cache hits and misses', async () => {
    const { app } = await testApp((ref) => [association(ref, { name: 'Narvik Turlag' })], { METRICS_TOKEN: TOKEN });
    for (let i = 0; i < 3; i++) await app.request('/lag');
    const families = await scrape(app);
    expect(valueOf(families.get('lagportal_response_cache_misses_total'), {})).toBe(1);
    expect(valueOf(families.get('lagportal_response_cache_hits_total'), {})).toBe(2);
    expect(valueOf(families.get('lagportal_http_requests_total'), { route: '(response cache)', status: '200' })).toBe(2);
    expect(valueOf(families.get('lagportal_http_requests_total'), { route: '/lag', status: '200' })).toBe(1);
  });

  it('reports the mail outbox, the last success of each scheduled job, and the pool only on PostgreSQL', async () => {
    const { app, db } = await testApp(() => [], { METRICS_TOKEN: TOKEN });
    await enqueueMail(db, mail('a@example.no'));
    await enqueueMail(db, mail('b@example.no'));
    const given = await enqueueMail(db, mail('c@example.no'));
    await db.updateTable('outbox').set({ failed_at: NOW.toISOString(), next_attempt_at: null }).where('id', '=', given).execute();
    const claimed = await claimJob(db, 'remind', 'test', NOW, 60_000);
    if (!claimed.claimed) throw new Error('not claimed');
    await releaseJob(db, claimed.claim, new Date('2026-11-23T12:05:00Z'), { ok: true });
    const families = await scrape(app);
    const outbox = families.get('lagportal_mail_outbox_messages');
    expect(valueOf(outbox, { state: 'waiting' })).toBe(2);
    expect(valueOf(outbox, { state: 'failed' })).toBe(1);
    const jobs = families.get('lagportal_scheduled_job_last_success_timestamp_seconds');
    expect(jobs?.metrics).toEqual([{ labels: { job: 'remind' }, value: String(Date.parse('2026-11-23T12:05:00Z') / 1000) }]);
    const pool = families.get('lagportal_db_pool_connections')?.metrics;
    if (testDialect === 'sqlite') expect(pool).toEqual([]);
    else expect(pool?.map((m) => m.labels?.state).sort()).toEqual(['idle', 'in_use', 'waiting']);
  });

  it.runIf(testDialect === 'postgres')("reports the PostgreSQL pool's connections in use, idle and waiting", async () => {
    const { app, db } = await testApp(() => [], { METRICS_TOKEN: TOKEN });
    // The test databases' pools hold 3 connections: two are taken and held here.
    const held: (() => void)[] = [];
    const holding: Promise<void>[] = [];
    for (let i = 0; i < 2; i++) {
      let taken!: () => void;
      const took = new Promise<void>((resolve) => (taken = resolve));
      holding.push(
        db.connection().execute(async (connection) => {
          await sql`SELECT 1`.execute(connection);
          taken();
          await new Promise<void>((resolve) => held.push(resolve));
        }),
      );
      await took;
    }
    try {
      const families = await scrape(app);
      const pool = families.get('lagportal_db_pool_connections');
      const [inUse, idle, waiting] = [valueOf(pool, { state: 'in_use' })!, valueOf(pool, { state: 'idle' })!, valueOf(pool, { state: 'waiting' })];
      // The scrape's own queries (outbox, jobs) may hold the third connection at that moment.
      expect(inUse).toBeGreaterThanOrEqual(2);
      expect(inUse + idle).toBeLessThanOrEqual(3);
      expect(waiting).toBe(0);

      // The third taken too, a fourth query waits for one.
      const third = db.connection().execute(async (connection) => {
        await sql`SELECT 1`.execute(connection);
        await new Promise<void>((resolve) => held.push(resolve));
      });
      holding.push(third);
      await vi.waitFor(() => expect(held).toHaveLength(3));
      const fourth = sql`SELECT 1`.execute(db);
      const metrics = new Metrics(db);
      metrics.watchPool(poolOf(db));
      const text = await metrics.registry.getSingleMetricAsString('lagportal_db_pool_connections');
      expect(text).toContain('lagportal_db_pool_connections{state="in_use"} 3\n');
      expect(text).toContain('lagportal_db_pool_connections{state="idle"} 0\n');
      expect(text).toContain('lagportal_db_pool_connections{state="waiting"} 1');
      for (const release of held.splice(0)) release();
      await fourth;
    } finally {
      for (const release of held.splice(0)) release();
      await Promise.all(holding);
    }
  });
});

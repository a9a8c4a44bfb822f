import { describe, expect, it } from 'vitest';
import { NOW, testApp } from './helpers.js';

describe('/readyz: whether this node should get traffic', () => {
  it('is ready on a working database with no failing mail', async () => {
    const { app } = await testApp();
    const response = await app.request('/readyz');
    expect(response.status).toBe(200);
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    expect(await response.json()).toEqual({ status: 'ready' });
  });

  it('answers 503 with the reason when mail has been failing for over an hour, not before', async () => {
    const { app, db } = await testApp();
    const queued = (msAgo: number) => new Date(NOW.getTime() - msAgo).toISOString();
    await db
      .insertInto('outbox')
      .values({
        recipient: 'a@example.no',
        subject: 'Lenke',
        text_body: '…',
        created_at: queued(59 * 60 * 1000),
        sent_at: null,
        error: 'ECONNREFUSED',
        eml_path: null,
      })
      .execute();
    expect((await app.request('/readyz')).status).toBe(200);

    const { id } = await db
      .insertInto('outbox')
      .values({
        recipient: 'b@example.no',
        subject: 'Lenke',
        text_body: '…',
        created_at: queued(61 * 60 * 1000),
        sent_at: null,
        error: 'ECONNREFUSED',
        eml_path: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const failing = await app.request('/readyz');
    expect(failing.status).toBe(503);
    expect(await failing.json()).toEqual({
      status: 'unavailable',
      reasons: [{ code: 'mail_failing', message: `outgoing mail has been failing for over an hour (outbox message ${id}, queued ${queued(61 * 60 * 1000)})` }],
    });
    // Liveness is not readiness: the process is fine and must not be restarted for this.
    expect((await app.request('/healthz')).status).toBe(200);

    await db.updateTable('outbox').set({ sent_at: NOW.toISOString(), error: null }).where('id', '=', id).execute();
    expect((await app.request('/readyz')).status).toBe(200);
  });

  it('answers 503 when the database does not answer', async () => {
    const { app, db } = await testApp();
    await db.destroy();
    const response = await app.request('/readyz');
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'unavailable', reasons: [{ code: 'database_unreachable', message: 'the database does not answer' }] });
    expect((await app.request('/healthz')).status).toBe(503);
  });
});

import { describe, expect, it } from 'vitest';
import { association, formToken, get, movableClock, postForm, testApp, viaPeer } from './helpers.js';

// Which client a rate limit counts: the socket's peer, or behind TRUSTED_PROXIES the first
// X-Forwarded-For entry from the right that is not one of them. Seen through the error-report
// form, which takes one report per client an hour here.

async function site(env: Record<string, string> = {}) {
  const clock = movableClock();
  const { app } = await testApp((ref) => [association(ref, { name: 'Narvik Turlag' })], { REPORTS_PER_HOUR: '1', ...env }, { clock: clock.now });
  /** Sends one report over a connection from `peer`; 303 when accepted, 429 when over the limit. */
  return async (peer: string, headers: Record<string, string> = {}) => {
    const connection = viaPeer(app, peer);
    const page = await get(connection, '/lag/narvik-turlag/meld-feil');
    clock.advance(5_000);
    const sent = await postForm(
      connection,
      '/lag/narvik-turlag/meld-feil',
      { form_token: formToken(page.doc), kind: 'other', message: 'Feil adresse.' },
      headers,
    );
    return sent.status;
  };
}

describe('the client address behind TRUSTED_PROXIES', () => {
  it('ignores X-Forwarded-For from a connection that is not a trusted proxy', async () => {
    const send = await site({ TRUSTED_PROXIES: '10.1.0.1' });
    expect(await send('203.0.113.7', { 'X-Forwarded-For': '198.51.100.1' })).toBe(303);
    // A fresh made-up address in the header does not make the same client someone else.
    expect(await send('203.0.113.7', { 'X-Forwarded-For': '198.51.100.2' })).toBe(429);
    expect(await send('203.0.113.8')).toBe(303);
  });

  it('ignores X-Forwarded-For when no proxy is trusted, as by default', async () => {
    const send = await site();
    expect(await send('127.0.0.1', { 'X-Forwarded-For': '198.51.100.1' })).toBe(303);
    expect(await send('127.0.0.1', { 'X-Forwarded-For': '198.51.100.2' })).toBe(429);
  });

  it('takes the first address from the right that is not a trusted proxy', async () => {
    const send = await site({ TRUSTED_PROXIES: '10.1.0.0/16, 2001:db8:ffff::1' });
    // The client wrote 198.51.100.1 itself; the outer proxy saw 203.0.113.5 and the inner one the outer proxy.
    expect(await send('10.1.0.1', { 'X-Forwarded-For': '198.51.100.1, 203.0.113.5, 10.1.0.9' })).toBe(303);
    expect(await send('10.1.0.2', { 'X-Forwarded-For': '198.51.100.99, 203.0.113.5, 10.1.0.9' })).toBe(429);
    expect(await send('10.1.0.2', { 'X-Forwarded-For': '203.0.113.5' })).toBe(429);
    expect(await send('::ffff:10.1.0.3', { 'X-Forwarded-For': '198.51.100.1' })).toBe(303);
    expect(await send('2001:db8:ffff::1', { 'X-Forwarded-For': '198.51.100.1' })).toBe(429);
  });

  it('counts an IPv6 client by its /64', async () => {
    const send = await site();
    expect(await send('2001:db8:1:2::1')).toBe(303);
    expect(await send('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe(429);
    expect(await send('2001:db8:1:3::1')).toBe(303);
  });
});

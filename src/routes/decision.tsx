import type { Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { DecidedRow, ForbiddenPage } from '../../views/moderation.js';
import type { AppContext, AppEnv } from '../app-env.js';
import { pageMeta, wantsFragment } from './render.js';

// How a moderator's decision is answered, in one place: htmx gets the queue row back (the
// decided message, or the conflict), a plain form is sent back to its page with a message.

export interface DecisionAnswer {
  /** The queue row's id, from queueRowId. */
  row: string;
  /** False when someone else decided first (or it changed meanwhile): 409 for htmx. */
  ok: boolean;
  /** The row's message when it went through, and when it did not. */
  doneText: string;
  conflictText: string;
  /** The page a plain form goes back to, and the `melding` it shows there on success. */
  back: string;
  done: string;
}

export function answerDecision(c: Context<AppEnv>, a: DecisionAnswer) {
  if (wantsFragment(c)) {
    return a.ok ? c.html(<DecidedRow id={a.row} message={a.doneText} />) : c.html(<DecidedRow id={a.row} message={a.conflictText} problem />, 409);
  }
  return c.redirect(`${a.back}?melding=${a.ok ? a.done : 'already-handled'}`, 303);
}

/** A rejection sent without its reason: the row with the field marked for htmx, else back to the queue. */
export function answerReasonRequired(c: Context<AppEnv>, row: () => JSX.Element) {
  if (wantsFragment(c)) return c.html(row(), 422);
  return c.redirect('/moderering?melding=reason-required', 303);
}

/**
 * The answer when a moderator acts on an entry outside their municipalities: the row's
 * message for htmx (swapped in place of row), else the whole page.
 */
export function renderOutOfScope(c: Context<AppEnv>, ctx: AppContext, row = 'forbidden') {
  const tr = c.get('tr');
  if (wantsFragment(c)) return c.html(<DecidedRow id={row} message={tr.t.mod.outOfScope} problem />, 403);
  return c.html(<ForbiddenPage meta={pageMeta(c, ctx, tr.t.mod.forbiddenTitle)} assets={ctx.assets} />, 403);
}

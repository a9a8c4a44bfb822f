import type { SignedInUser } from '../src/app-env.js';
import type { LinkFlag } from '../src/db/link-checks.js';
import type { Translator } from '../src/i18n/index.js';
import { AdminNav } from './components/admin-nav.js';
import { type Message, MessageBox } from './fields.js';
import { type Assets, Layout, type PageMeta } from './layout.js';

// The link checker in the moderator area: the page with the "check now" button, and the
// queue row of a flagged link. The row carries its own CSRF field rather than importing the
// queue's, so that this module and views/moderation.tsx do not import each other.

/** Why a link was flagged, in words: the problem and what exactly happened. */
export function linkProblemText(tr: Translator, link: Pick<LinkFlag, 'problem' | 'detail'>): string {
  const t = tr.t.linkCheck;
  const problem = t.problems[link.problem];
  if (link.problem !== 'dead' || !link.detail) return problem;
  const http = /^http-(\d+)$/.exec(link.detail);
  const detail = http ? t.httpStatus(http[1]!) : (t.details[link.detail] ?? link.detail);
  return `${problem}: ${detail}`;
}

/** A flagged link in the moderation queue, with "checked, it is fine" and a link to edit the entry. */
export function LinkQueueRow(props: {
  tr: Translator;
  user: SignedInUser;
  id: string;
  name: string;
  associationId: number;
  municipalityName: string;
  /** When the current problem was first found. */
  since: string;
  link: LinkFlag;
}) {
  const { tr, user, id, link } = props;
  const { t } = tr;
  const l = t.linkCheck;
  const action = `/moderering/lenke/${link.id}/ignorer`;
  return (
    <li class="queue-item" id={id}>
      <p class="queue-item__kind">{t.mod.kindOne.link}</p>
      <h3 class="queue-item__title" id={`${id}-title`}>
        <a href={`/moderering/lag/${props.associationId}`}>{props.name}</a>
      </h3>
      <p class="queue-item__meta">
        {props.municipalityName} · {t.mod.since(tr.date(props.since))}
      </p>
      <dl class="link-check">
        <dt>{l.url}</dt>
        <dd>
          <a href={link.url} rel="nofollow noopener noreferrer">
            {link.url}
          </a>
        </dd>
        <dt>{l.problem}</dt>
        <dd>{linkProblemText(tr, link)}</dd>
        <dt>{l.status}</dt>
        <dd>{link.status === null ? l.noAnswer : String(link.status)}</dd>
        {link.finalUrl && link.finalUrl !== link.url ? (
          <>
            <dt>{l.finalUrl}</dt>
            <dd>{link.finalUrl}</dd>
          </>
        ) : null}
        <dt>{l.title}</dt>
        <dd>{link.title ?? l.noTitle}</dd>
        <dt>{l.checkedAt}</dt>
        <dd>
          <time datetime={link.checkedAt}>{tr.date(link.checkedAt)}</time>
        </dd>
      </dl>
      <div class="queue-item__actions">
        <form method="post" action={action} hx-post={action} hx-target={`#${id}`} hx-swap="outerHTML">
          <input type="hidden" name="csrf" value={user.csrfToken} />
          <button type="submit" class="secondary" aria-describedby={`${id}-title`}>
            {l.ignoreButton}
          </button>
        </form>
        <a href={`/moderering/lag/${props.associationId}`}>{l.editEntry}</a>
      </div>
    </li>
  );
}

export function LinkCheckPage(props: {
  meta: PageMeta;
  assets: Assets;
  user: SignedInUser;
  overview: { lastCheckedAt: string | null; checked: number };
  running: boolean;
  message?: Message;
}) {
  const { meta, assets, user, overview } = props;
  const { tr } = meta;
  const l = tr.t.linkCheck;
  return (
    <Layout {...meta} assets={assets}>
      <AdminNav tr={tr} user={user} />
      <h1>{l.pageTitle}</h1>
      <MessageBox message={props.message} />
      <p class="lead">{l.intro}</p>
      <p>{user.municipalityNumbers === 'all' ? l.scopeAll : l.scopeOwn}</p>
      <p>
        {overview.lastCheckedAt ? l.lastChecked(tr.date(overview.lastCheckedAt)) : l.neverChecked}{' '}
        {overview.lastCheckedAt ? l.checkedCount(tr.number(overview.checked)) : null}
      </p>
      <form method="post" action="/moderering/lenkesjekk">
        <input type="hidden" name="csrf" value={user.csrfToken} />
        <p id="link-check-hint">{props.running ? l.alreadyRunning : l.runHint}</p>
        <button type="submit" aria-describedby="link-check-hint">
          {l.runButton}
        </button>
      </form>
      <p>
        <a href="/moderering?type=link">{l.showFlags}</a>
      </p>
    </Layout>
  );
}

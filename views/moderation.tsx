import type { Child } from 'hono/jsx';
import type { SignedInUser } from '../src/app-env.js';
import type { ClaimDetails } from '../src/db/claims.js';
import type { HistoryEntry, QueueItem, QueueKind } from '../src/db/moderation.js';
import { QUEUE_KINDS } from '../src/db/types.js';
import type { Reference } from '../src/db/reference.js';
import type { Association, OutboxMessage } from '../src/db/types.js';
import type { Translator } from '../src/i18n/index.js';
import type { FieldChange } from '../src/lib/diff.js';
import { AdminNav } from './components/admin-nav.js';
import { AssociationForm, type AssociationFormProps } from './association-form.js';
import { Field } from './fields.js';
import { type Assets, Layout, type PageMeta } from './layout.js';
import { LinkQueueRow } from './link-check.js';
import { CsrfField } from './components/csrf-field.js';
import { queueRowId, rowRefOf } from './components/queue-row-id.js';

function Diff(props: { tr: Translator; changes: FieldChange[] }) {
  const { t } = props.tr;
  if (props.changes.length === 0) return <p>{t.mod.diffNoChanges}</p>;
  return (
    <table class="diff">
      <thead>
        <tr>
          <th scope="col">{t.mod.diffField}</th>
          <th scope="col">{t.mod.diffBefore}</th>
          <th scope="col">{t.mod.diffAfter}</th>
        </tr>
      </thead>
      <tbody>
        {props.changes.map((change) => (
          <tr>
            <th scope="row">{change.label}</th>
            <td>
              <del>{change.before || t.mod.diffEmpty}</del>
            </td>
            <td>
              <ins>{change.after || t.mod.diffEmpty}</ins>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export interface QueueRowProps {
  tr: Translator;
  reference: Reference;
  user: SignedInUser;
  item: QueueItem;
  changes: FieldChange[] | null;
  /** A reason field left empty: shown next to it. */
  reasonError?: boolean;
  /** The id of the page's bulk form for stale entries: the row gets a checkbox that belongs to it. */
  bulkForm?: string;
}

/**
 * One item in the queue with its actions. Each form works as a plain POST; with htmx the
 * answer replaces just this row.
 */
export function QueueRow(props: QueueRowProps) {
  const { tr, reference, user, item, changes } = props;
  const { t } = tr;
  const municipality = reference.municipalityByNumber.get(item.municipalityNumber);
  const decisionBase =
    item.kind === 'submission'
      ? `/moderering/innsending/${item.associationId}`
      : item.claim
        ? `/moderering/krav/${item.claim.id}`
        : item.revisionId !== null
          ? `/moderering/endring/${item.revisionId}`
          : null;
  const id = queueRowId(rowRefOf(item));
  if (item.link) {
    return (
      <LinkQueueRow
        tr={tr}
        user={user}
        id={id}
        name={item.name}
        associationId={item.associationId}
        municipalityName={municipality?.display_name ?? ''}
        since={item.since}
        link={item.link}
      />
    );
  }
  const live = { 'hx-target': `#${id}`, 'hx-swap': 'outerHTML' };
  return (
    <li class="queue-item" id={id}>
      {props.bulkForm && item.kind === 'stale' ? (
        <p class="queue-item__select">
          <input type="checkbox" id={`${id}-select`} name="id" value={String(item.associationId)} form={props.bulkForm} />{' '}
          <label for={`${id}-select`}>{t.work.bulkSelect(item.name)}</label>
        </p>
      ) : null}
      <p class="queue-item__kind">{t.mod.kindOne[item.kind]}</p>
      <h3 class="queue-item__title" id={`${id}-title`}>
        <a href={`/moderering/lag/${item.associationId}`}>{item.name}</a>
      </h3>
      <p class="queue-item__meta">
        {municipality?.display_name} · {t.mod.since(tr.date(item.since))}
      </p>
      {changes ? <Diff tr={tr} changes={changes} /> : null}
      {item.claim ? <ClaimSummary tr={tr} claim={item.claim} /> : null}
      {item.report ? (
        <ReportActions tr={tr} user={user} item={item} report={item.report} id={id} />
      ) : decisionBase ? (
        <div class="queue-item__actions">
          <form method="post" action={`${decisionBase}/godkjenn`} hx-post={`${decisionBase}/godkjenn`} {...live}>
            <CsrfField user={user} />
            <input type="hidden" name="version" value={String(item.version)} />
            <button type="submit" aria-describedby={`${id}-title`}>
              {t.mod.approve}
            </button>
          </form>
          <form method="post" action={`${decisionBase}/avvis`} hx-post={`${decisionBase}/avvis`} class="reject-form" {...live}>
            <CsrfField user={user} />
            <input type="hidden" name="version" value={String(item.version)} />
            <Field
              id={`${id}-reason`}
              label={t.mod.rejectReasonLabel}
              error={props.reasonError ? t.mod.rejectReasonRequired : undefined}
              control={(a) => <textarea name="reason" rows={2} maxlength={2000} {...a}></textarea>}
            />
            <button type="submit" class="secondary" aria-describedby={`${id}-title`}>
              {t.mod.reject}
            </button>
          </form>
          {item.kind === 'submission' ? <a href={`/moderering/lag/${item.associationId}`}>{t.mod.editAndApprove}</a> : null}
        </div>
      ) : (
        <p>
          <a href={`/moderering/lag/${item.associationId}`}>{t.mod.openEntry}</a> · <a href={`/lag/${item.slug}`}>{t.mod.viewPublic}</a>
        </p>
      )}
    </li>
  );
}

/** A visitor's report: what they said, a way to the entry, and closing it as handled or dismissed. */
function ReportActions(props: { tr: Translator; user: SignedInUser; item: QueueItem; report: NonNullable<QueueItem['report']>; id: string }) {
  const { tr, user, item, report, id } = props;
  const v = tr.t.visitor;
  const base = `/moderering/feilmelding/${report.id}`;
  const live = { 'hx-target': `#${id}`, 'hx-swap': 'outerHTML' };
  return (
    <>
      <dl class="report">
        <dt>{v.queueReportKind}</dt>
        <dd>{v.kinds[report.kind]}</dd>
        <dt>{v.queueReportMessage}</dt>
        <dd class="report__message">{report.message}</dd>
      </dl>
      {report.wantsReply ? <p class="hint">{v.queueReporterWantsReply}</p> : null}
      <p>
        <a href={`/moderering/lag/${item.associationId}`}>{tr.t.mod.openEntry}</a> · <a href={`/lag/${item.slug}`}>{tr.t.mod.viewPublic}</a>
      </p>
      <div class="queue-item__actions">
        <form method="post" action={`${base}/behandlet`} hx-post={`${base}/behandlet`} {...live}>
          <CsrfField user={user} />
          <button type="submit" aria-describedby={`${id}-title`}>
            {v.handle}
          </button>
        </form>
        <form method="post" action={`${base}/avvis`} hx-post={`${base}/avvis`} {...live}>
          <CsrfField user={user} />
          <button type="submit" class="secondary" aria-describedby={`${id}-title`}>
            {v.dismiss}
          </button>
        </form>
      </div>
    </>
  );
}

/** Who claims an imported entry, for the moderator to check. */
function ClaimSummary(props: { tr: Translator; claim: ClaimDetails }) {
  const { t } = props.tr;
  const { claim } = props;
  return (
    <>
      <dl class="claim-summary">
        <dt>{t.claim.queueClaimant}</dt>
        <dd>{claim.contactName}</dd>
        <dt>{t.claim.queueEmail}</dt>
        <dd>
          <a href={`mailto:${claim.contactEmail}`}>{claim.contactEmail}</a>
        </dd>
        {claim.phone ? (
          <>
            <dt>{t.claim.queuePhone}</dt>
            <dd>{claim.phone}</dd>
          </>
        ) : null}
        <dt>{t.claim.queueMessage}</dt>
        <dd>{claim.message}</dd>
      </dl>
      {claim.otherPending > 0 ? <p class="notice">{t.claim.queueOtherClaims(props.tr.number(claim.otherPending))}</p> : null}
    </>
  );
}

/** What replaces a row once it is decided, or when someone else was first. */
export function DecidedRow(props: { id: string; message: string; problem?: boolean }) {
  return (
    <li class={props.problem ? 'queue-item queue-item--problem' : 'queue-item queue-item--done'} id={props.id}>
      <p role={props.problem ? 'alert' : 'status'}>{props.message}</p>
    </li>
  );
}

export interface QueuePageProps {
  meta: PageMeta;
  assets: Assets;
  user: SignedInUser;
  reference: Reference;
  items: { item: QueueItem; changes: FieldChange[] | null }[];
  counts: Record<QueueKind, number>;
  filter: { kinds: QueueKind[]; municipalities: string[]; search: string };
  paging: { page: number; pageCount: number };
  /** A bulk action sent without any entry ticked. */
  bulkError?: string;
  municipalityOptions: { number: string; name: string }[];
  message?: { text: string; problem: boolean };
}

export function QueuePage(props: QueuePageProps) {
  const { meta, assets, user, reference, items, filter } = props;
  const { tr } = meta;
  const { t } = tr;
  const hasStale = items.some(({ item }) => item.kind === 'stale');
  return (
    <Layout {...meta} assets={assets}>
      <AdminNav tr={tr} user={user} current="queue" />
      <h1>{t.mod.queueTitle}</h1>
      {props.message ? (
        <div class={props.message.problem ? 'notice' : 'success'} role={props.message.problem ? 'alert' : 'status'}>
          <p>{props.message.text}</p>
        </div>
      ) : null}
      <p class="lead">{t.mod.queueIntro}</p>
      <p>
        <a href="/moderering/lenkesjekk">{t.linkCheck.queueLink}</a>
      </p>
      <QueueTabs {...props} />
      <form method="get" action="/moderering" class="search-form">
        <fieldset class="filters">
          <legend>{t.mod.filterHeading}</legend>
          <div class="field">
            <label for="filter-type">{t.mod.filterKind}</label>
            <select id="filter-type" name="type">
              <option value="">{t.mod.filterKindAll}</option>
              {QUEUE_KINDS.map((kind) => (
                <option value={kind} selected={filter.kinds.length === 1 && filter.kinds[0] === kind}>
                  {t.mod.kinds[kind]}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="filter-q">{t.work.queueSearchLabel}</label>
            <input type="search" id="filter-q" name="q" value={filter.search} maxlength={200} autocomplete="off" />
          </div>
          <div class="field">
            <label for="filter-kommune">{t.mod.filterMunicipality}</label>
            <select id="filter-kommune" name="kommune">
              <option value="">{t.mod.filterMunicipalityAll}</option>
              {props.municipalityOptions.map((m) => (
                <option value={m.number} selected={filter.municipalities.includes(m.number)}>
                  {m.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="secondary">
            {t.mod.filterApply}
          </button>
        </fieldset>
      </form>
      {hasStale ? <StaleBulkForm {...props} /> : null}
      {items.length === 0 ? (
        <p class="empty">{t.mod.queueEmpty}</p>
      ) : (
        <ol class="queue">
          {items.map(({ item, changes }) => (
            <QueueRow tr={tr} reference={reference} user={user} item={item} changes={changes} bulkForm={hasStale ? STALE_BULK_FORM : undefined} />
          ))}
        </ol>
      )}
      <QueuePagination {...props} />
    </Layout>
  );
}

/** A queue URL with these kinds, keeping the municipality filter and the search. */
function queueHref(filter: QueuePageProps['filter'], kinds: readonly QueueKind[], page = 1): string {
  const params = new URLSearchParams();
  for (const kind of kinds) params.append('type', kind);
  for (const number of filter.municipalities) params.append('kommune', number);
  if (filter.search) params.set('q', filter.search);
  if (page > 1) params.set('side', String(page));
  const search = params.toString();
  return search ? `/moderering?${search}` : '/moderering';
}

/** One tab per kind with its count (after the municipality filter and search), and "everything". */
function QueueTabs(props: QueuePageProps) {
  const { tr } = props.meta;
  const { filter, counts } = props;
  const current = filter.kinds.length === 1 ? filter.kinds[0] : null;
  const total = QUEUE_KINDS.reduce((sum, kind) => sum + counts[kind], 0);
  return (
    <nav aria-label={tr.t.work.queueTabsLabel}>
      <ul class="queue-counts">
        <li>
          <a href={queueHref(filter, [])} aria-current={filter.kinds.length === 0 ? 'page' : undefined}>
            {tr.t.work.queueTabAll}
          </a>{' '}
          <span class="count">({tr.number(total)})</span>
        </li>
        {QUEUE_KINDS.map((kind) => (
          <li>
            <a href={queueHref(filter, [kind])} aria-current={current === kind ? 'page' : undefined}>
              {tr.t.mod.kinds[kind]}
            </a>{' '}
            <span class="count">({tr.number(counts[kind])})</span>
          </li>
        ))}
      </ul>
    </nav>
  );
}

const STALE_BULK_FORM = 'stale-bulk';

/** Reminding or archiving the ticked stale entries; the checkboxes sit in the rows (form attribute). */
function StaleBulkForm(props: QueuePageProps) {
  const { tr } = props.meta;
  const w = tr.t.work;
  return (
    <form id={STALE_BULK_FORM} method="post" action="/moderering/utdaterte" class="bulk-form">
      <CsrfField user={props.user} />
      <input type="hidden" name="tilbake" value={queueHref(props.filter, props.filter.kinds, props.paging.page)} />
      <h2>{w.bulkHeading}</h2>
      <p id="stale-bulk-intro">{w.bulkIntro}</p>
      {props.bulkError ? (
        <p class="field-error" role="alert">
          {props.bulkError}
        </p>
      ) : null}
      <div class="queue-item__actions">
        <button type="submit" name="handling" value="paminnelse" aria-describedby="stale-bulk-intro">
          {w.bulkRemind}
        </button>
        <button type="submit" name="handling" value="arkiver" class="secondary" aria-describedby="stale-bulk-intro">
          {w.bulkArchive}
        </button>
      </div>
    </form>
  );
}

/** Links to the queue's other pages, keeping the kind and municipality filters and the search. */
function QueuePagination(props: QueuePageProps) {
  const { tr } = props.meta;
  const { page, pageCount } = props.paging;
  if (pageCount <= 1) return null;
  const href = (target: number) => queueHref(props.filter, props.filter.kinds, target);
  return (
    <nav class="pagination" aria-label={tr.t.paginationLabel}>
      {page > 1 ? (
        <a href={href(page - 1)} rel="prev">
          {tr.t.previousPage}
        </a>
      ) : null}
      <span>{tr.t.pageOf(tr.number(page), tr.number(pageCount))}</span>
      {page < pageCount ? (
        <a href={href(page + 1)} rel="next">
          {tr.t.nextPage}
        </a>
      ) : null}
    </nav>
  );
}

export interface EntryPageProps {
  meta: PageMeta;
  assets: Assets;
  user: SignedInUser;
  association: Association;
  form: Omit<AssociationFormProps, 'tr'>;
  message?: { text: string; problem: boolean };
  mergeError?: string;
  mergeTarget?: string;
}

export function EntryPage(props: EntryPageProps) {
  const { meta, assets, user, association: a } = props;
  const { tr } = meta;
  const { t } = tr;
  return (
    <Layout {...meta} assets={assets}>
      <h1>{t.mod.entryTitle(a.name)}</h1>
      {props.message ? (
        <div class={props.message.problem ? 'notice' : 'success'} role={props.message.problem ? 'alert' : 'status'}>
          <p>{props.message.text}</p>
        </div>
      ) : null}
      <dl class="entry-facts">
        <dt>{t.mod.entryStatus}</dt>
        <dd>{t.mod.statuses[a.status]}</dd>
      </dl>
      <p>
        <a href={`/moderering/lag/${a.id}/historikk`}>{t.mod.history}</a>
        {a.status === 'published' ? (
          <>
            {' · '}
            <a href={`/lag/${a.slug}`}>{t.mod.viewPublic}</a>
          </>
        ) : null}
      </p>
      <AssociationForm tr={tr} {...props.form} />
      {a.status === 'published' ? (
        <section class="panel" aria-labelledby="archive-heading">
          <h2 id="archive-heading">{t.mod.archiveHeading}</h2>
          <p>{t.mod.archiveText}</p>
          <form method="post" action={`/moderering/lag/${a.id}/arkiver`}>
            <CsrfField user={user} />
            <input type="hidden" name="version" value={String(a.version)} />
            <button type="submit" class="secondary">
              {t.mod.archiveButton}
            </button>
          </form>
        </section>
      ) : null}
      {a.status === 'published' || a.status === 'pending' ? (
        <section class="panel" aria-labelledby="merge-heading">
          <h2 id="merge-heading">{t.mod.mergeHeading}</h2>
          <p>{t.mod.mergeText}</p>
          <form method="post" action={`/moderering/lag/${a.id}/sla-sammen`}>
            <CsrfField user={user} />
            <input type="hidden" name="version" value={String(a.version)} />
            <Field
              id="merge-target"
              label={t.mod.mergeTargetLabel}
              error={props.mergeError}
              control={(a) => <input type="text" name="target" value={props.mergeTarget ?? ''} {...a} />}
            />
            <button type="submit" class="secondary">
              {t.mod.mergeButton}
            </button>
          </form>
        </section>
      ) : null}
    </Layout>
  );
}

export function HistoryPage(props: {
  meta: PageMeta;
  assets: Assets;
  association: Association;
  entries: HistoryEntry[];
  describe: (entry: HistoryEntry) => Child;
}) {
  const { meta, assets, association, entries } = props;
  const { tr } = meta;
  const { t } = tr;
  return (
    <Layout {...meta} assets={assets}>
      <h1>{t.mod.historyTitle(association.name)}</h1>
      <p>
        <a href={`/moderering/lag/${association.id}`}>{t.mod.entryTitle(association.name)}</a>
      </p>
      {entries.length === 0 ? (
        <p>{t.mod.historyEmpty}</p>
      ) : (
        <table class="history">
          <thead>
            <tr>
              <th scope="col">{t.mod.historyWhen}</th>
              <th scope="col">{t.mod.historyWho}</th>
              <th scope="col">{t.mod.historyWhat}</th>
              <th scope="col">{t.mod.historyDetails}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr>
                <td>
                  <time datetime={entry.created_at}>{tr.date(entry.created_at)}</time>
                </td>
                <td>{entry.user_email ?? t.mod.historySystem}</td>
                <td>{t.mod.actions[entry.action] ?? entry.action}</td>
                <td>{props.describe(entry)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

/** Where a mail stands, in words: sent, kept as a file, waiting for another try, or given up. */
function outboxState(tr: Translator, m: OutboxMessage): string {
  const { t } = tr;
  if (m.sent_at) return t.mod.outboxSent;
  if (m.failed_at) return t.mod.outboxGivenUp({ attempts: tr.number(m.attempts), error: m.error ?? '' });
  if (m.next_attempt_at) {
    return m.attempts === 0
      ? t.mod.outboxQueued
      : t.mod.outboxWaiting({ attempts: tr.number(m.attempts), next: tr.dateTime(m.next_attempt_at), error: m.error });
  }
  // Mail from before the queue: a failed SMTP send was kept as an .eml file with its error.
  return m.error ? t.mod.outboxFailed(m.error) : t.mod.outboxKept;
}

function OutboxItem(props: { tr: Translator; message: OutboxMessage }) {
  const { tr, message: m } = props;
  const { t } = tr;
  return (
    <li class="queue-item">
      <h3 class="queue-item__title">{m.subject}</h3>
      <dl>
        <dt>{t.mod.outboxTo}</dt>
        <dd>{m.recipient}</dd>
        <dt>{t.mod.outboxCreated}</dt>
        <dd>
          <time datetime={m.created_at}>{tr.date(m.created_at)}</time>
        </dd>
        <dt>{t.mod.outboxState}</dt>
        <dd class={m.failed_at ? 'mail-state mail-state--failed' : 'mail-state'}>{outboxState(tr, m)}</dd>
      </dl>
      <details>
        <summary>{t.mod.outboxShowText}</summary>
        <pre class="mail-text">{m.text_body}</pre>
      </details>
    </li>
  );
}

export function OutboxPage(props: {
  meta: PageMeta;
  assets: Assets;
  messages: OutboxMessage[];
  page: number;
  hasNext: boolean;
  undeliverable: { messages: OutboxMessage[]; total: number };
}) {
  const { meta, assets, messages, page, undeliverable } = props;
  const { tr } = meta;
  const { t } = tr;
  return (
    <Layout {...meta} assets={assets}>
      <AdminNav tr={tr} user={{ role: 'admin' }} current="outbox" />
      <h1>{t.mod.outboxTitle}</h1>
      <p class="lead">{t.mod.outboxIntro}</p>
      {undeliverable.total > 0 && page === 1 ? (
        <section class="notice" aria-labelledby="outbox-undeliverable" id="ikke-levert">
          <h2 id="outbox-undeliverable">{t.mod.outboxUndeliverableTitle}</h2>
          <p>{t.mod.outboxUndeliverableIntro(tr.number(undeliverable.total))}</p>
          <ol class="queue">
            {undeliverable.messages.map((m) => (
              <OutboxItem tr={tr} message={m} />
            ))}
          </ol>
        </section>
      ) : null}
      <h2 class="visually-hidden" id="outbox-all">
        {t.mod.outboxTitle}
      </h2>
      {messages.length === 0 ? (
        <p class="empty">{t.mod.outboxEmpty}</p>
      ) : (
        <ol class="queue" aria-labelledby="outbox-all">
          {messages.map((m) => (
            <OutboxItem tr={tr} message={m} />
          ))}
        </ol>
      )}
      <nav class="pagination" aria-label={t.paginationLabel}>
        {page > 1 ? (
          <a href={`/moderering/utboks?side=${page - 1}`} rel="prev">
            {t.previousPage}
          </a>
        ) : null}
        {props.hasNext ? (
          <a href={`/moderering/utboks?side=${page + 1}`} rel="next">
            {t.nextPage}
          </a>
        ) : null}
      </nav>
    </Layout>
  );
}

export function ForbiddenPage(props: { meta: PageMeta; assets: Assets }) {
  const { t } = props.meta.tr;
  return (
    <Layout {...props.meta} assets={props.assets}>
      <h1>{t.mod.forbiddenTitle}</h1>
      <p>{t.mod.outOfScope}</p>
      <p>
        <a href="/moderering">{t.mod.queueTitle}</a>
      </p>
    </Layout>
  );
}

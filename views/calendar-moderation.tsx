import type { SignedInUser } from '../src/app-env.js';
import type { ModeratedActivity } from '../src/db/activities.js';
import type { Reference } from '../src/db/reference.js';
import { AdminNav } from './components/admin-nav.js';
import { scheduleText } from './calendar-parts.js';
import { type Message, MessageBox } from './fields.js';
import { type Assets, Layout, type PageMeta } from './layout.js';
import { CsrfField } from './components/csrf-field.js';

/** "Nye arrangementer": new and changed activities in the moderator's municipalities, each with approve and hide. */
export function NewActivitiesPage(props: {
  meta: PageMeta;
  assets: Assets;
  user: SignedInUser;
  reference: Reference;
  items: ModeratedActivity[];
  message?: Message;
}) {
  const { meta, user, reference, items } = props;
  const tr = meta.tr;
  const t = tr.t.calendar;
  return (
    <Layout {...meta} assets={props.assets}>
      <AdminNav tr={tr} user={user} current="events" />
      <h1>{t.moderationTitle}</h1>
      <MessageBox message={props.message} />
      <p class="lead">{t.moderationIntro}</p>
      {items.length === 0 ? (
        <p class="empty">{t.moderationEmpty}</p>
      ) : (
        <ul class="queue">
          {items.map((a) => (
            <li class="queue-item" id={`activity-${a.id}`}>
              <p class="queue-item__kind">{a.status === 'pending' ? t.moderationWaiting : t.moderationVisible}</p>
              <h2 class="queue-item__title">{a.status === 'visible' ? <a href={`/hva-skjer/${a.id}`}>{a.title}</a> : a.title}</h2>
              <p class="queue-item__meta">
                <a href={`/lag/${a.association_slug}`}>{a.association_name}</a> ·{' '}
                {reference.municipalityByNumber.get(a.municipality_number)?.display_name ?? ''}
              </p>
              <p>{scheduleText(tr, a)}</p>
              {a.description ? <p>{a.description}</p> : null}
              <div class="queue-item__actions">
                <form method="post" action={`/moderering/arrangementer/${a.id}/godkjenn`} class="inline-form">
                  <CsrfField user={user} />
                  <input type="hidden" name="sequence" value={String(a.sequence)} />
                  <button type="submit">{a.status === 'pending' ? t.moderationApprove : t.moderationSeen}</button>
                </form>
                <form method="post" action={`/moderering/arrangementer/${a.id}/skjul`} class="reject-form">
                  <CsrfField user={user} />
                  <input type="hidden" name="sequence" value={String(a.sequence)} />
                  <label for={`reason-${a.id}`}>{t.moderationReason}</label>
                  <textarea id={`reason-${a.id}`} name="reason" rows={2} maxlength={1000}></textarea>
                  <button type="submit" class="secondary">
                    {t.moderationHide}
                  </button>
                </form>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

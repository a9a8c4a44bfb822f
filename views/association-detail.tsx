import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import type { AssociationDetail } from '../src/db/associations.js';
import type { Reference } from '../src/db/reference.js';
import type { AssociationLink } from '../src/db/types.js';
import type { Translator } from '../src/i18n/index.js';
import { hasContactForm, publicContactEmail, publicEmail } from '../src/lib/contact.js';
import { displayUrl, safeExternalUrl, telHref } from '../src/lib/url.js';
import { ClaimPrompt } from './claim.js';
import { type Assets, Layout, type PageMeta } from './layout.js';
import { renderOnce } from './render-once.js';

/** A link to another site, marked as external for everyone: an arrow to see, a phrase to hear. */
export function ExternalLink(props: { href: URL; tr: Translator; label?: string }) {
  return (
    <a href={props.href.href} rel="external noopener noreferrer" class="external">
      {props.label ?? displayUrl(props.href)}
      <span class="visually-hidden"> {props.tr.t.externalLink}</span>
      <span aria-hidden="true" class="external__icon">
        ↗
      </span>
    </a>
  );
}

function linkLabel(link: AssociationLink, tr: Translator): string {
  if (link.kind === 'facebook') return tr.t.linkKindFacebook;
  if (link.kind === 'instagram') return tr.t.linkKindInstagram;
  return tr.t.linkKindOther;
}

export function AssociationDetailPage(props: {
  meta: PageMeta;
  assets: Assets;
  association: AssociationDetail;
  reference: Reference;
  /** Not confirmed for 18 months: visitors are warned that details may be out of date. */
  stale: boolean;
  /** Imported from Enhetsregisteret and nobody is its contact person yet: invite them to claim it. */
  unclaimed?: boolean;
  /** The next activities and events (views/calendar.tsx), rendered per request since they move with the clock. */
  calendar?: Child;
}) {
  const { meta, assets, association, reference, stale } = props;
  const unclaimed = props.unclaimed ?? false;
  // The detail object is kept until the next write (src/db/associations.ts), so the page's
  // content is rendered once per language and state; only the layout around it per request.
  const body = renderOnce(association, `detail ${meta.tr.lang} ${stale} ${unclaimed}`, () => (
    <AssociationDetailContent tr={meta.tr} association={association} reference={reference} stale={stale} unclaimed={unclaimed} />
  ));
  return (
    <Layout {...meta} assets={assets}>
      {raw(body)}
      {props.calendar}
    </Layout>
  );
}

function AssociationDetailContent(props: { tr: Translator; association: AssociationDetail; reference: Reference; stale: boolean; unclaimed: boolean }) {
  const { tr, association: a, reference } = props;
  const { t } = tr;
  const municipality = reference.municipalityByNumber.get(a.municipality_number);
  const place = a.place_id === null ? undefined : reference.placeById.get(a.place_id);
  const categories = a.category_ids.map((id) => reference.categoryById.get(id)).filter((c) => c !== undefined);
  const website = safeExternalUrl(a.website);
  const links = a.links.map((link) => ({ link, url: safeExternalUrl(link.url) })).filter((l): l is { link: AssociationLink; url: URL } => l.url !== null);
  const paragraphs = a.description
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  const contactPerson = a.publish_contact === 1 && a.contact_name ? a.contact_name : null;
  // Addresses only where the association allows it; otherwise the contact form stands in.
  const email = publicEmail(a);
  const contactEmail = publicContactEmail(a);
  const contactForm = hasContactForm(a);
  const hasContact = Boolean(website || email || contactForm || a.phone || a.postal_address || contactPerson);

  return (
    <>
      <nav aria-label={t.breadcrumbLabel} class="breadcrumb">
        <ol>
          <li>
            <a href="/lag">{t.navAssociations}</a>
          </li>
          {municipality ? (
            <li>
              <a href={`/kommune/${municipality.number}`}>{municipality.display_name}</a>
            </li>
          ) : null}
          <li>
            <a href={`/lag/${a.slug}`} aria-current="page">
              {a.name}
            </a>
          </li>
        </ol>
      </nav>
      <article class="association">
        <h1>{a.name}</h1>
        {a.short_description ? <p class="lead">{a.short_description}</p> : null}
        {props.stale ? <p class="notice stale">{t.detailStale}</p> : null}
        {categories.length > 0 ? (
          <ul class="tags">
            {categories.map((c) => (
              <li>
                <a href={`/kategori/${c.slug}`}>{tr.name(c)}</a>
              </li>
            ))}
          </ul>
        ) : null}

        <div class="association__columns">
          <div>
            {paragraphs.length > 0 ? (
              <section aria-labelledby="about-heading">
                <h2 id="about-heading">{t.detailAbout}</h2>
                {paragraphs.map((p) => (
                  <p>{p}</p>
                ))}
              </section>
            ) : null}
          </div>
          <div>
            <section aria-labelledby="contact-heading" class="panel">
              <h2 id="contact-heading">{t.detailContact}</h2>
              {hasContact ? (
                <dl>
                  {website ? (
                    <>
                      <dt>{t.detailWebsite}</dt>
                      <dd>
                        <ExternalLink href={website} tr={tr} />
                      </dd>
                    </>
                  ) : null}
                  {contactPerson ? (
                    <>
                      <dt>{t.detailContactPerson}</dt>
                      <dd>
                        {contactPerson}
                        {contactEmail ? (
                          <>
                            {', '}
                            <a href={`mailto:${contactEmail}`}>{contactEmail}</a>
                          </>
                        ) : null}
                      </dd>
                    </>
                  ) : null}
                  {email ? (
                    <>
                      <dt>{t.detailEmail}</dt>
                      <dd>
                        <a href={`mailto:${email}`}>{email}</a>
                      </dd>
                    </>
                  ) : contactForm ? (
                    <>
                      <dt>{t.detailEmail}</dt>
                      <dd>
                        <a href={`/lag/${a.slug}/kontakt`}>{t.visitor.contactLink}</a>
                      </dd>
                    </>
                  ) : null}
                  {a.phone ? (
                    <>
                      <dt>{t.detailPhone}</dt>
                      <dd>
                        {/* Non-breaking spaces keep a phone number on one line. */}
                        <a href={telHref(a.phone)}>{a.phone.replaceAll(' ', '\u00a0')}</a>
                      </dd>
                    </>
                  ) : null}
                  {a.postal_address ? (
                    <>
                      <dt>{t.detailPostalAddress}</dt>
                      <dd>{[a.postal_address, a.postal_code].filter(Boolean).join(', ')}</dd>
                    </>
                  ) : null}
                </dl>
              ) : (
                <p>{t.detailNoContact}</p>
              )}
              {links.length > 0 ? (
                <>
                  <h3>{t.detailLinks}</h3>
                  <ul class="link-list">
                    {links.map(({ link, url }) => (
                      <li>
                        <ExternalLink href={url} tr={tr} label={`${linkLabel(link, tr)}: ${displayUrl(url)}`} />
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
            </section>

            <section aria-labelledby="facts-heading" class="panel">
              <h2 id="facts-heading">{t.detailFacts}</h2>
              <dl>
                {municipality ? (
                  <>
                    <dt>{t.detailMunicipality}</dt>
                    <dd>
                      <a href={`/kommune/${municipality.number}`}>{municipality.display_name}</a>
                    </dd>
                  </>
                ) : null}
                {place ? (
                  <>
                    <dt>{t.detailPlace}</dt>
                    <dd>
                      <a href={`/lag?sted=${place.slug}`}>{place.name}</a>
                    </dd>
                  </>
                ) : null}
                {a.org_number ? (
                  <>
                    <dt>{t.detailOrgNumber}</dt>
                    <dd>{a.org_number.replace(/^(\d{3})(\d{3})(\d{3})$/, '$1 $2 $3')}</dd>
                  </>
                ) : null}
                {a.founded_year ? (
                  <>
                    <dt>{t.detailFounded}</dt>
                    <dd>{String(a.founded_year)}</dd>
                  </>
                ) : null}
                <dt>{t.detailLastConfirmed}</dt>
                <dd>
                  {a.last_confirmed_at ? <time datetime={a.last_confirmed_at.slice(0, 10)}>{tr.date(a.last_confirmed_at)}</time> : t.detailNeverConfirmed}
                </dd>
              </dl>
            </section>
          </div>
        </div>
        {props.unclaimed ? <ClaimPrompt tr={tr} slug={a.slug} name={a.name} /> : null}
        <p class="report-link">
          {t.visitor.reportLinkText} <a href={`/lag/${a.slug}/meld-feil`}>{t.visitor.reportLink}</a>
        </p>
        <p>
          <a href="/lag">{t.backToList}</a>
        </p>
      </article>
    </>
  );
}

import type { SignedInUser } from '../../src/app-env.js';
import type { Reference } from '../../src/db/reference.js';
import { type Translator } from '../../src/i18n/index.js';
import { ErrorSummary } from '../components/error-summary.js';
import { Field, type Message, MessageBox } from '../fields.js';

import { type Assets, Layout, type PageMeta } from '../layout.js';
import { CsrfField } from '../components/csrf-field.js';
import { AdminNav } from '../components/admin-nav.js';

import { NameFields, summaryOf } from './form-parts.js';

// An admin page of the moderator area; every form is a plain POST with the session's CSRF token.

export type RegionField = 'slug' | 'nameNb' | 'nameEn' | 'members';
export interface RegionForm {
  values: { slug: string; nameNb: string; nameEn: string; members: string };
  errors: Partial<Record<RegionField, string>>;
}

function MembersField(props: { tr: Translator; id: string; value: string; error?: string }) {
  const r = props.tr.t.admin.regions;
  return (
    <Field
      id={props.id}
      label={r.membersLabel}
      hint={props.tr.t.admin.municipalityListHint}
      error={props.error}
      control={(a) => (
        <textarea name="members" rows={2} {...a}>
          {props.value}
        </textarea>
      )}
    />
  );
}

export interface RegionsPageProps {
  meta: PageMeta;
  assets: Assets;
  user: SignedInUser;
  reference: Reference;
  /** Region slugs from the REGIONS setting, in front-page order. */
  featured: string[];
  message?: Message;
  create: RegionForm;
  edit?: { slug: string } & RegionForm;
}

export function RegionsPage(props: RegionsPageProps) {
  const { meta, assets, user, reference, create, edit } = props;
  const { tr } = meta;
  const r = tr.t.admin.regions;
  const summary = [...summaryOf(create.errors, (f) => `new-region-${f}`), ...(edit ? summaryOf(edit.errors, (f) => `region-${edit.slug}-${f}`) : [])];
  const featuredNames = props.featured.map((slug) => {
    const region = reference.regions.find((x) => x.slug === slug);
    return region ? tr.name(region) : slug;
  });
  return (
    <Layout {...meta} assets={assets}>
      <AdminNav tr={tr} user={user} current="regions" />
      <h1>{r.title}</h1>
      <MessageBox message={props.message} />
      <ErrorSummary tr={tr} items={summary} />
      <p class="lead">{r.intro}</p>
      <div class="info">
        <p>{r.featuredNote(featuredNames.join(tr.t.admin.listSeparator))}</p>
      </div>
      {reference.regions.map((region) => {
        const members = (reference.regionMembers.get(region.slug) ?? []).flatMap((n) => reference.municipalityByNumber.get(n) ?? []);
        const failed = edit?.slug === region.slug ? edit : undefined;
        const form: RegionForm = failed ?? {
          values: { slug: region.slug, nameNb: region.name_nb, nameEn: region.name_en, members: members.map((m) => m.number).join(', ') },
          errors: {},
        };
        const prefix = `region-${region.slug}`;
        return (
          <section aria-labelledby={`${prefix}-heading`} class="panel">
            <h2 id={`${prefix}-heading`}>{tr.name(region)}</h2>
            <p class="hint">
              {tr.t.admin.regions.slugLabel}: {region.slug}. {props.featured.includes(region.slug) ? r.featured : r.notFeatured}
            </p>
            <h3>{r.members}</h3>
            {members.length === 0 ? (
              <p>{r.noMembers}</p>
            ) : (
              <ul class="link-list link-list--inline">
                {members.map((m) => (
                  <li>
                    {m.display_name} ({m.number})
                  </li>
                ))}
              </ul>
            )}
            <details open={failed ? true : undefined}>
              <summary>{r.editSummary(tr.name(region))}</summary>
              <form method="post" action={`/moderering/regioner/${region.slug}`} novalidate>
                <CsrfField user={user} />
                <NameFields tr={tr} prefix={prefix} form={form} />
                <MembersField tr={tr} id={`${prefix}-members`} value={form.values.members} error={form.errors.members} />
                <button type="submit">{r.saveButton}</button>
              </form>
            </details>
          </section>
        );
      })}
      <section aria-labelledby="new-region-heading" class="panel">
        <h2 id="new-region-heading">{r.createHeading}</h2>
        <form method="post" action="/moderering/regioner" novalidate>
          <CsrfField user={user} />
          <NameFields tr={tr} prefix="new-region" form={create} />
          <Field
            id="new-region-slug"
            label={r.slugLabel}
            optional={tr.t.admin.optional}
            hint={r.slugHint}
            error={create.errors.slug}
            control={(a) => <input type="text" name="slug" value={create.values.slug} maxlength={60} autocomplete="off" spellcheck={false} {...a} />}
          />
          <MembersField tr={tr} id="new-region-members" value={create.values.members} error={create.errors.members} />
          <button type="submit">{r.createButton}</button>
        </form>
      </section>
    </Layout>
  );
}

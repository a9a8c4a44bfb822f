import type { SignedInUser } from '../../src/app-env.js';
import type { Reference } from '../../src/db/reference.js';
import type { Municipality } from '../../src/db/types.js';
import type { UserSummary } from '../../src/db/users.js';
import { type Language, type Translator, translator } from '../../src/i18n/index.js';
import { ErrorSummary } from '../components/error-summary.js';
import { CheckboxGroup, Checkbox, Field, type Message, MessageBox } from '../fields.js';

export type { Message };
import { type Assets, Layout, type PageMeta } from '../layout.js';
import { CsrfField } from '../components/csrf-field.js';
import { AdminNav } from '../components/admin-nav.js';

// The admin area: users, places, categories, regions and site texts, plus the public terms
// page. Every form is a plain POST carrying the session's CSRF token; errors are shown next
// to their field and summarised at the top (the same pattern as the association form).

/** Plain text as paragraphs: a blank line starts a new one, a single line break is kept. Never HTML. */
export function Paragraphs(props: { text: string; class?: string }) {
  const paragraphs = props.text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return (
    <div class={props.class}>
      {paragraphs.map((p) => (
        <p>
          {p.split('\n').map((line, i) => (
            <>
              {i > 0 ? <br /> : null}
              {line}
            </>
          ))}
        </p>
      ))}
    </div>
  );
}


function summaryOf(errors: Record<string, string | undefined>, idOf: (field: string) => string) {
  return Object.entries(errors).flatMap(([field, message]) => (message ? [{ href: `#${idOf(field)}`, message }] : []));
}

function byName(a: Municipality, b: Municipality) {
  return a.display_name.localeCompare(b.display_name, 'nb');
}

// Users

export type UserField = 'email' | 'name' | 'role' | 'password' | 'regions' | 'municipalities' | 'other';
export type UserFormErrors = Partial<Record<UserField, string>>;
export interface UserFormValues {
  email: string;
  name: string;
  role: string;
  regions: string[];
  municipalities: string[];
  /** Other municipality numbers as typed. */
  other: string;
}

/** Each region with the municipalities first listed under it; a municipality appears once. */
export function regionGroups(reference: Reference): { slug: string; name: { name_nb: string; name_en: string }; municipalities: Municipality[] }[] {
  const seen = new Set<string>();
  return reference.regions.map((region) => {
    const municipalities = (reference.regionMembers.get(region.slug) ?? []).flatMap((n) => {
      const m = reference.municipalityByNumber.get(n);
      if (!m || seen.has(n)) return [];
      seen.add(n);
      return [m];
    });
    return { slug: region.slug, name: region, municipalities };
  });
}

/** The form values for an existing user: municipalities outside every region go in the text field. */
export function userFormValues(user: UserSummary, reference: Reference): UserFormValues {
  const grouped = new Set(regionGroups(reference).flatMap((g) => g.municipalities.map((m) => m.number)));
  return {
    email: user.email,
    name: user.name,
    role: user.role,
    regions: user.regions,
    municipalities: user.municipalities.filter((m) => grouped.has(m)),
    other: user.municipalities.filter((m) => !grouped.has(m)).join(', '),
  };
}

function ScopeFields(props: { tr: Translator; reference: Reference; prefix: string; values: UserFormValues; errors: UserFormErrors }) {
  const { tr, reference, prefix, values, errors } = props;
  const u = tr.t.admin.users;
  const groups = regionGroups(reference);
  return (
    <>
      <CheckboxGroup id={`${prefix}-regions`} legend={u.regionsLegend} hint={u.regionsHint} error={errors.regions}>
        {reference.regions.map((r) => (
          <Checkbox id={`${prefix}-region-${r.slug}`} name="regions" value={r.slug} checked={values.regions.includes(r.slug)} label={tr.name(r)} />
        ))}
      </CheckboxGroup>
      <CheckboxGroup id={`${prefix}-municipalities`} legend={u.municipalitiesLegend} hint={u.municipalitiesHint} error={errors.municipalities}>
        {groups
          .filter((g) => g.municipalities.length > 0)
          .map((g) => (
            <div class="checkbox-group">
              <p class="checkbox-group__title">{tr.name(g.name)}</p>
              {g.municipalities.map((m) => (
                <Checkbox
                  id={`${prefix}-municipality-${m.number}`}
                  name="municipalities"
                  value={m.number}
                  checked={values.municipalities.includes(m.number)}
                  label={`${m.display_name} (${m.number})`}
                />
              ))}
            </div>
          ))}
      </CheckboxGroup>
      <Field
        id={`${prefix}-other`}
        label={u.otherMunicipalitiesLabel}
        optional={tr.t.admin.optional}
        hint={tr.t.admin.municipalityListHint}
        error={errors.other}
        control={(a) => <input type="text" name="other_municipalities" value={values.other} inputmode="numeric" autocomplete="off" {...a} />}
      />
    </>
  );
}

function RoleField(props: { tr: Translator; id: string; value: string; error?: string; hint?: string }) {
  const u = props.tr.t.admin.users;
  return (
    <Field
      id={props.id}
      label={u.roleLabel}
      hint={props.hint}
      error={props.error}
      control={(a) => (
        <select name="role" {...a}>
          {(['moderator', 'admin'] as const).map((role) => (
            <option value={role} selected={props.value === role}>
              {u.roles[role]}
            </option>
          ))}
        </select>
      )}
    />
  );
}

function scopeText(tr: Translator, reference: Reference, user: UserSummary): string {
  const u = tr.t.admin.users;
  if (user.role === 'admin') return u.allMunicipalities;
  const names = [
    ...user.regions.map((slug) => {
      const region = reference.regions.find((r) => r.slug === slug);
      return u.regionScope(region ? tr.name(region) : slug);
    }),
    ...user.municipalities.map((n) => reference.municipalityByNumber.get(n)?.display_name ?? n),
  ];
  return names.length > 0 ? names.join(tr.t.admin.listSeparator) : u.noScopes;
}

export interface UsersPageProps {
  meta: PageMeta;
  assets: Assets;
  user: SignedInUser;
  reference: Reference;
  users: UserSummary[];
  message?: Message;
  create: { values: UserFormValues; errors: UserFormErrors };
  /** The one user form that came back with errors. */
  edit?: { userId: number; values: UserFormValues; errors: UserFormErrors };
}

export function UsersPage(props: UsersPageProps) {
  const { meta, assets, user, reference, users } = props;
  const { tr } = meta;
  const u = tr.t.admin.users;
  const createId = (field: string) => (field === 'other' ? 'new-other' : `new-${field}`);
  const editId = (field: string) => `user-${props.edit?.userId}-${field}`;
  const summary = [...summaryOf(props.create.errors, createId), ...(props.edit ? summaryOf(props.edit.errors, editId) : [])];
  const { values, errors } = props.create;
  return (
    <Layout {...meta} assets={assets}>
      <AdminNav tr={tr} user={user} current="users" />
      <h1>{u.title}</h1>
      <MessageBox message={props.message} />
      <ErrorSummary tr={tr} items={summary} />
      <p class="lead">{u.intro}</p>

      <section aria-labelledby="users-heading">
        <h2 id="users-heading">{u.listHeading}</h2>
        <ul class="admin-list">
          {users.map((account) => {
            const edit = props.edit?.userId === account.id ? props.edit : undefined;
            const prefix = `user-${account.id}`;
            const formValues = edit?.values ?? userFormValues(account, reference);
            return (
              <li class="admin-item" id={prefix}>
                <h3 class="admin-item__title">
                  {account.email} {account.id === user.id ? <span class="optional">{u.you}</span> : null}
                </h3>
                <dl class="admin-facts">
                  <dt>{u.colName}</dt>
                  <dd>{account.name || '–'}</dd>
                  <dt>{u.colRole}</dt>
                  <dd>{u.roles[account.role] ?? account.role}</dd>
                  <dt>{u.colScopes}</dt>
                  <dd>{scopeText(tr, reference, account)}</dd>
                  <dt>{u.colStatus}</dt>
                  <dd>{account.disabledAt ? u.disabled(tr.date(account.disabledAt)) : u.active}</dd>
                </dl>
                {account.disabledAt ? null : (
                  <>
                    <details open={edit ? true : undefined}>
                      <summary>{u.editSummary(account.email)}</summary>
                      <form method="post" action={`/moderering/brukere/${account.id}`} novalidate>
                        <CsrfField user={user} />
                        <RoleField tr={tr} id={`${prefix}-role`} value={formValues.role} error={edit?.errors.role} />
                        <ScopeFields tr={tr} reference={reference} prefix={prefix} values={formValues} errors={edit?.errors ?? {}} />
                        <button type="submit">{u.editButton}</button>
                      </form>
                    </details>
                    {account.id === user.id ? null : (
                      <form method="post" action={`/moderering/brukere/${account.id}/deaktiver`} class="admin-item__disable">
                        <CsrfField user={user} />
                        <p class="hint">{u.disableHint}</p>
                        <button type="submit" class="secondary" aria-label={u.disableButtonFor(account.email)}>
                          {u.disableButton}
                        </button>
                      </form>
                    )}
                  </>
                )}
              </li>
            );
          })}
        </ul>
      </section>

      <section aria-labelledby="new-user-heading" class="panel">
        <h2 id="new-user-heading">{u.createHeading}</h2>
        <p>{u.createIntro}</p>
        <form method="post" action="/moderering/brukere" novalidate>
          <CsrfField user={user} />
          <Field
            id="new-email"
            label={u.emailLabel}
            hint={u.emailHint}
            error={errors.email}
            control={(a) => <input type="email" name="email" value={values.email} autocomplete="off" spellcheck={false} autocapitalize="none" maxlength={254} {...a} />}
          />
          <Field
            id="new-name"
            label={u.nameLabel}
            optional={tr.t.admin.optional}
            error={errors.name}
            control={(a) => <input type="text" name="name" value={values.name} autocomplete="off" maxlength={120} {...a} />}
          />
          <RoleField tr={tr} id="new-role" value={values.role} error={errors.role} hint={u.roleHint} />
          <Field
            id="new-password"
            label={u.passwordLabel}
            hint={u.passwordHint}
            error={errors.password}
            control={(a) => <input type="password" name="password" autocomplete="new-password" {...a} />}
          />
          <ScopeFields tr={tr} reference={reference} prefix="new" values={values} errors={errors} />
          <button type="submit">{u.createButton}</button>
        </form>
      </section>
    </Layout>
  );
}

// Places

export type PlaceField = 'name' | 'municipality';

export interface PlacesPageProps {
  meta: PageMeta;
  assets: Assets;
  user: SignedInUser;
  reference: Reference;
  /** The municipalities whose places are listed, and that a place can be added to. */
  listed: Municipality[];
  addable: Municipality[];
  message?: Message;
  add: { values: { name: string; municipality: string }; errors: Partial<Record<PlaceField, string>> };
  rename?: { placeId: number; value: string; error: string };
}

export function PlacesPage(props: PlacesPageProps) {
  const { meta, assets, user, reference, add, rename } = props;
  const { tr } = meta;
  const p = tr.t.admin.places;
  const summary = [
    ...summaryOf(add.errors, (field) => `new-place-${field}`),
    ...(rename ? [{ href: `#place-${rename.placeId}-name`, message: rename.error }] : []),
  ];
  const counties = new Map<string, Municipality[]>();
  for (const m of [...props.addable].sort(byName)) counties.set(m.county_name, [...(counties.get(m.county_name) ?? []), m]);
  return (
    <Layout {...meta} assets={assets}>
      <AdminNav tr={tr} user={user} current="places" />
      <h1>{p.title}</h1>
      <MessageBox message={props.message} />
      <ErrorSummary tr={tr} items={summary} />
      <p class="lead">
        {p.intro} {user.role === 'admin' ? null : p.introScope}
      </p>
      <p>{p.slugNote}</p>

      <section aria-labelledby="add-place-heading" class="panel">
        <h2 id="add-place-heading">{p.addHeading}</h2>
        <form method="post" action="/moderering/steder" novalidate>
          <CsrfField user={user} />
          <Field
            id="new-place-name"
            label={p.nameLabel}
            error={add.errors.name}
            control={(a) => <input type="text" name="name" value={add.values.name} maxlength={100} autocomplete="off" {...a} />}
          />
          <Field
            id="new-place-municipality"
            label={p.municipalityLabel}
            error={add.errors.municipality}
            control={(a) => (
              <select name="municipality" {...a}>
                <option value="">{p.municipalityChoose}</option>
                {[...counties].map(([county, list]) => (
                  <optgroup label={county}>
                    {list.map((m) => (
                      <option value={m.number} selected={m.number === add.values.municipality}>
                        {m.display_name}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            )}
          />
          <button type="submit">{p.addButton}</button>
        </form>
      </section>

      <section aria-labelledby="places-heading">
        <h2 id="places-heading">{p.listHeading}</h2>
        {[...props.listed].sort(byName).map((m) => {
          const places = reference.places.filter((place) => place.municipality_number === m.number);
          return (
            <section aria-labelledby={`places-${m.number}`}>
              <h3 id={`places-${m.number}`}>{m.display_name}</h3>
              {places.length === 0 ? (
                <p>{p.noPlaces}</p>
              ) : (
                <ul class="admin-list">
                  {places.map((place) => {
                    const failed = rename?.placeId === place.id ? rename : undefined;
                    return (
                      <li class="admin-item admin-item--inline">
                        <form method="post" action={`/moderering/steder/${place.id}`} class="inline-form" novalidate>
                          <CsrfField user={user} />
                          <Field
                            id={`place-${place.id}-name`}
                            label={p.renameLabel(place.name)}
                            hint={p.slug(place.slug)}
                            error={failed?.error}
                            control={(a) => <input type="text" name="name" value={failed ? failed.value : place.name} maxlength={100} autocomplete="off" {...a} />}
                          />
                          <button type="submit" class="secondary">
                            {p.renameButton}
                          </button>
                        </form>
                      </li>
                    );
                  })}
                </ul>
              )}
            </section>
          );
        })}
      </section>
    </Layout>
  );
}

// Categories

export type NamesField = 'nameNb' | 'nameEn';
export interface NamesForm {
  values: { nameNb: string; nameEn: string };
  errors: Partial<Record<NamesField, string>>;
}

function NameFields(props: { tr: Translator; prefix: string; form: NamesForm }) {
  const { tr, prefix, form } = props;
  return (
    <>
      <Field
        id={`${prefix}-nameNb`}
        label={tr.t.admin.nameNbLabel}
        error={form.errors.nameNb}
        control={(a) => <input type="text" name="name_nb" value={form.values.nameNb} maxlength={100} autocomplete="off" lang="nb" {...a} />}
      />
      <Field
        id={`${prefix}-nameEn`}
        label={tr.t.admin.nameEnLabel}
        error={form.errors.nameEn}
        control={(a) => <input type="text" name="name_en" value={form.values.nameEn} maxlength={100} autocomplete="off" lang="en" {...a} />}
      />
    </>
  );
}

export interface CategoriesPageProps {
  meta: PageMeta;
  assets: Assets;
  user: SignedInUser;
  reference: Reference;
  /** The code a new subcategory would get, per top-level group id. */
  nextCodes: Map<number, string | null>;
  message?: Message;
  rename?: { categoryId: number } & NamesForm;
  add?: { parentId: number } & NamesForm;
}

export function CategoriesPage(props: CategoriesPageProps) {
  const { meta, assets, user, reference, rename, add } = props;
  const { tr } = meta;
  const k = tr.t.admin.categories;
  const summary = [
    ...(rename ? summaryOf(rename.errors, (f) => `category-${rename.categoryId}-${f}`) : []),
    ...(add ? summaryOf(add.errors, (f) => `add-${add.parentId}-${f}`) : []),
  ];
  const renameForm = (category: { id: number; name_nb: string; name_en: string }) => {
    const failed = rename?.categoryId === category.id ? rename : undefined;
    return (
      <details open={failed ? true : undefined}>
        <summary>{k.renameSummary(tr.name(category))}</summary>
        <form method="post" action={`/moderering/kategorier/${category.id}`} novalidate>
          <CsrfField user={user} />
          <NameFields tr={tr} prefix={`category-${category.id}`} form={failed ?? { values: { nameNb: category.name_nb, nameEn: category.name_en }, errors: {} }} />
          <button type="submit">{k.renameButton}</button>
        </form>
      </details>
    );
  };
  return (
    <Layout {...meta} assets={assets}>
      <AdminNav tr={tr} user={user} current="categories" />
      <h1>{k.title}</h1>
      <MessageBox message={props.message} />
      <ErrorSummary tr={tr} items={summary} />
      <p class="lead">{k.intro}</p>
      {reference.categoryTree.map((group) => {
        const code = props.nextCodes.get(group.id) ?? null;
        const adding = add?.parentId === group.id ? add : undefined;
        return (
          <section aria-labelledby={`group-${group.id}`} class="panel">
            <h2 id={`group-${group.id}`}>{tr.name(group)}</h2>
            <p class="hint">{k.code(group.icnpo_code, group.slug)}</p>
            {renameForm(group)}
            <h3>{k.subcategories}</h3>
            <ul class="admin-list">
              {group.children.map((child) => (
                <li class="admin-item">
                  <p class="admin-item__title">{tr.name(child)}</p>
                  <p class="hint">{k.code(child.icnpo_code, child.slug)}</p>
                  {renameForm(child)}
                </li>
              ))}
            </ul>
            <h3 id={`add-${group.id}-heading`}>{k.addHeading(tr.name(group))}</h3>
            {code === null ? (
              <p>{k.addFull}</p>
            ) : (
              <form method="post" action={`/moderering/kategorier/${group.id}/underkategori`} aria-labelledby={`add-${group.id}-heading`} novalidate>
                <CsrfField user={user} />
                <p class="hint">{k.addHint(code)}</p>
                <NameFields tr={tr} prefix={`add-${group.id}`} form={adding ?? { values: { nameNb: '', nameEn: '' }, errors: {} }} />
                <button type="submit">{k.addButton}</button>
              </form>
            )}
          </section>
        );
      })}
    </Layout>
  );
}

// Regions

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
      control={(a) => <textarea name="members" rows={2} {...a}>{props.value}</textarea>}
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
  const summary = [
    ...summaryOf(create.errors, (f) => `new-region-${f}`),
    ...(edit ? summaryOf(edit.errors, (f) => `region-${edit.slug}-${f}`) : []),
  ];
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

// Site texts

export interface TextsPageProps {
  meta: PageMeta;
  assets: Assets;
  user: SignedInUser;
  /** What each field holds, keyed "key:lang" ('' for the default). */
  values: Record<string, string>;
  /** Which texts are stored now, keyed "key:lang". */
  stored: Set<string>;
  errors: Record<string, string>;
  message?: Message;
}

export const TEXT_FIELDS: { key: 'home-intro' | 'terms'; lang: Language }[] = [
  { key: 'home-intro', lang: 'nb' },
  { key: 'home-intro', lang: 'en' },
  { key: 'terms', lang: 'nb' },
  { key: 'terms', lang: 'en' },
];

/** The form field name of a site text. */
export function textFieldName(key: string, lang: string): string {
  return `${key}-${lang}`;
}

export function defaultSiteText(key: 'home-intro' | 'terms', lang: Language): string {
  const t = translator(lang).t;
  return key === 'home-intro' ? t.homeIntro : t.admin.terms.default;
}

export function TextsPage(props: TextsPageProps) {
  const { meta, assets, user } = props;
  const { tr } = meta;
  const x = tr.t.admin.texts;
  const summary = summaryOf(props.errors, (field) => `text-${field.replace(':', '-')}`);
  const group = (key: 'home-intro' | 'terms', legend: string) => (
    <fieldset class="text-group">
      <legend>{legend}</legend>
      {TEXT_FIELDS.filter((f) => f.key === key).map(({ lang }) => {
        const id = `text-${key}-${lang}`;
        const name = `${key}:${lang}`;
        return (
          <div>
            <Field
              id={id}
              label={x.langLabel[lang] ?? lang}
              hint={`${x.hint}${props.stored.has(name) ? '' : ` ${x.usingDefault}`}`}
              error={props.errors[name]}
              control={(a) => (
                <textarea name={textFieldName(key, lang)} rows={key === 'terms' ? 12 : 4} maxlength={5000} lang={lang} {...a}>
                  {props.values[name] ?? ''}
                </textarea>
              )}
            />
            <details class="default-text">
              <summary>
                {x.showDefault} ({x.langLabel[lang] ?? lang})
              </summary>
              <div lang={lang}>
                <Paragraphs text={defaultSiteText(key, lang)} />
              </div>
            </details>
          </div>
        );
      })}
    </fieldset>
  );
  return (
    <Layout {...meta} assets={assets}>
      <AdminNav tr={tr} user={user} current="texts" />
      <h1>{x.title}</h1>
      <MessageBox message={props.message} />
      <ErrorSummary tr={tr} items={summary} />
      <p class="lead">{x.intro}</p>
      <form method="post" action="/moderering/tekster" class="texts-form" novalidate>
        <CsrfField user={user} />
        {group('home-intro', x.introLegend)}
        {group('terms', x.termsLegend)}
        <p>
          <a href="/vilkar">{x.termsLink}</a>
        </p>
        <button type="submit">{x.saveButton}</button>
      </form>
    </Layout>
  );
}

// The public terms page

export function TermsPage(props: { meta: PageMeta; assets: Assets; text: string }) {
  const { meta, assets } = props;
  const { t } = meta.tr;
  return (
    <Layout {...meta} assets={assets}>
      <h1>{t.admin.terms.title}</h1>
      <Paragraphs text={props.text} class="terms" />
      <p>
        <a href="/registrer">{t.admin.terms.registerLink}</a>
      </p>
    </Layout>
  );
}

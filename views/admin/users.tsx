import type { SignedInUser } from '../../src/app-env.js';
import type { Reference } from '../../src/db/reference.js';
import type { Municipality } from '../../src/db/types.js';
import type { UserSummary } from '../../src/db/users.js';
import { type Translator } from '../../src/i18n/index.js';
import { ErrorSummary } from '../components/error-summary.js';
import { CheckboxGroup, Checkbox, Field, type Message, MessageBox } from '../fields.js';

import { type Assets, Layout, type PageMeta } from '../layout.js';
import { CsrfField } from '../components/csrf-field.js';
import { AdminNav } from '../components/admin-nav.js';
import { AccountAdminControls } from '../account.js';

import { summaryOf } from './form-parts.js';

// The admin area: users, places, categories, regions and site texts, plus the public terms
// page. Every form is a plain POST carrying the session's CSRF token; errors are shown next
// to their field and summarised at the top (the same pattern as the association form).

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
                <AccountAdminControls tr={tr} user={user} account={account} />
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
            control={(a) => (
              <input type="email" name="email" value={values.email} autocomplete="off" spellcheck={false} autocapitalize="none" maxlength={254} {...a} />
            )}
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

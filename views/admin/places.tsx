import type { SignedInUser } from '../../src/app-env.js';
import type { Reference } from '../../src/db/reference.js';
import type { Municipality } from '../../src/db/types.js';
import { ErrorSummary } from '../components/error-summary.js';
import { Field, type Message, MessageBox } from '../fields.js';

import { type Assets, Layout, type PageMeta } from '../layout.js';
import { CsrfField } from '../components/csrf-field.js';
import { AdminNav } from '../components/admin-nav.js';

import { byName, summaryOf } from './form-parts.js';

// An admin (or moderator) page of the moderator area; every form is a plain POST with the session's CSRF token.

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
                            control={(a) => (
                              <input type="text" name="name" value={failed ? failed.value : place.name} maxlength={100} autocomplete="off" {...a} />
                            )}
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

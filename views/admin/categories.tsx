import type { SignedInUser } from '../../src/app-env.js';
import type { Reference } from '../../src/db/reference.js';
import { ErrorSummary } from '../components/error-summary.js';
import { type Message, MessageBox } from '../fields.js';

import { type Assets, Layout, type PageMeta } from '../layout.js';
import { CsrfField } from '../components/csrf-field.js';
import { AdminNav } from '../components/admin-nav.js';

import { NameFields, type NamesForm, summaryOf } from './form-parts.js';

// An admin page of the moderator area; every form is a plain POST with the session's CSRF token.

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
          <NameFields
            tr={tr}
            prefix={`category-${category.id}`}
            form={failed ?? { values: { nameNb: category.name_nb, nameEn: category.name_en }, errors: {} }}
          />
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

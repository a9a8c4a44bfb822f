import { Hono } from 'hono';
import type { Context } from 'hono';
import { CategoriesPage } from '../../views/admin/categories.js';
import type { NamesForm } from '../../views/admin/form-parts.js';
import { PlacesPage } from '../../views/admin/places.js';
import { type RegionForm, RegionsPage } from '../../views/admin/regions.js';
import { TermsPage } from '../../views/admin/terms.js';
import { TEXT_FIELDS, TextsPage, defaultSiteText, textFieldName } from '../../views/admin/texts.js';
import { type UserFormErrors, type UserFormValues, UsersPage } from '../../views/admin/users.js';
import type { Message } from '../../views/fields.js';
import { AuthMessagePage } from '../../views/login.js';
import type { AppContext, AppEnv, SignedInUser } from '../app-env.js';
import { recordAudit } from '../db/audit.js';
import {
  MAX_SITE_TEXT_LENGTH,
  addPlace,
  addSubcategory,
  allSiteTexts,
  createRegion,
  nextIcnpoCode,
  renameCategory,
  renamePlace,
  setSiteTexts,
  siteText,
  updateRegion,
} from '../db/admin.js';
import { inScope } from '../db/moderation.js';
import { type Reference, reloadReference } from '../db/reference.js';
import type { Municipality } from '../db/types.js';
import {
  UserInputError,
  type UserSummary,
  createUser,
  disableUser,
  findUserByEmail,
  findUserById,
  isUserRole,
  listUsers,
  normalizeEmail,
  setUserAccess,
} from '../db/users.js';
import type { Messages } from '../i18n/nb.js';
import { cleanText } from '../lib/list-query.js';
import { passwordProblem } from '../lib/password.js';
import { pageMeta } from './render.js';
import { slugify } from '../lib/slug.js';
import { requireUser } from './auth.js';
import { single } from '../lib/form-guard.js';

// The admin area next to the moderation queue: users (admins), places (moderators within
// their municipalities, admins everywhere), categories, regions and site texts (admins), and
// the public terms page. Changes to places, categories and regions reload the shared
// reference data, so every page sees them at once.

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_NAME_LENGTH = 100;
const MAX_USER_NAME_LENGTH = 120;
const MAX_REGION_MEMBERS = 100;
const REGION_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** What is echoed back of a typed value at most, so a hostile megabyte stays out of the page. */
const MAX_ECHO = 500;

type Body = Record<string, unknown>;

/** Every string value of a repeated form field. */
function strings(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is string => typeof v === 'string');
}

function typed(body: Body, name: string): string {
  return (single(body[name]) ?? '').slice(0, MAX_ECHO);
}

function parseId(value: string | undefined): number | null {
  return value && /^\d{1,10}$/.test(value) ? Number(value) : null;
}

/**
 * Municipality numbers typed as a list ("1806, 1853 5501"): known numbers, and what was not
 * one, as typed. Three digits get their leading zero back ("301" is Oslo, 0301).
 */
export function parseMunicipalityList(text: string, reference: Reference): { numbers: string[]; unknown: string[] } {
  const numbers: string[] = [];
  const unknown: string[] = [];
  for (const token of new Set(text.split(/[\s,;]+/).filter(Boolean))) {
    const number = /^\d{3}$/.test(token) ? `0${token}` : token;
    if (/^\d{4}$/.test(number) && reference.municipalityByNumber.has(number)) {
      if (!numbers.includes(number)) numbers.push(number);
    } else {
      unknown.push(token.length > 20 ? `${token.slice(0, 19)}…` : token);
    }
  }
  return { numbers, unknown };
}

function quotedList(values: string[]): string {
  const shown = values.slice(0, 10).map((v) => `«${v}»`);
  return values.length > 10 ? `${shown.join(', ')} …` : shown.join(', ');
}

/** Checks a name for a place or category: the error key, or null when it is fine. */
function nameProblem(name: string): 'required' | 'tooLong' | 'noLetters' | null {
  if (!name) return 'required';
  if (name.length > MAX_NAME_LENGTH) return 'tooLong';
  if (!slugify(name)) return 'noLetters';
  return null;
}

function sameName(a: string, b: string): boolean {
  return a.localeCompare(b, 'nb', { sensitivity: 'accent' }) === 0;
}

export function adminRoutes(ctx: AppContext) {
  const { db, reference, assets } = ctx;
  // Mounted at /moderering, behind the moderator area's guard. Each page is a sub-app under
  // its own prefix; the admin-only ones carry the role check inside, so a route added under
  // their prefix cannot escape it.
  const app = new Hono<AppEnv>();
  const adminOnly = () => new Hono<AppEnv>().use(requireUser(ctx, ['admin']));
  const users = adminOnly();
  const places = new Hono<AppEnv>();
  const categories = adminOnly();
  const regions = adminOnly();
  const texts = adminOnly();

  const userOf = (c: Context<AppEnv>): SignedInUser => c.get('user')!;
  const textOf = (c: Context<AppEnv>): Messages['admin'] => c.get('tr').t.admin;

  function messageFrom(c: Context<AppEnv>, messages: Record<string, string>): Message | undefined {
    const key = c.req.query('melding');
    return key && Object.hasOwn(messages, key) ? { text: messages[key]!, problem: false } : undefined;
  }

  /**
   * What every admin page is given: the meta with its section's title, the signed-in user,
   * the reference data, and on a plain view (after a redirect) the message `?melding=` names.
   */
  function adminPage(c: Context<AppEnv>, section: 'users' | 'places' | 'categories' | 'regions' | 'texts', status: 200 | 422) {
    const text = textOf(c)[section];
    return { meta: pageMeta(c, ctx, text.title), assets, user: userOf(c), reference, message: status === 200 ? messageFrom(c, text.messages) : undefined };
  }

  function forbidden(c: Context<AppEnv>, message: string) {
    const heading = textOf(c).forbiddenTitle;
    return c.html(<AuthMessagePage meta={pageMeta(c, ctx, heading)} assets={assets} heading={heading} message={message} />, 403);
  }

  // Users

  const emptyUserForm = (): UserFormValues => ({ email: '', name: '', role: 'moderator', regions: [], municipalities: [], other: '' });

  function readScopes(body: Body): Pick<UserFormValues, 'role' | 'regions' | 'municipalities' | 'other'> {
    return {
      role: typed(body, 'role'),
      regions: strings(body.regions).slice(0, 200),
      municipalities: strings(body.municipalities).slice(0, 500),
      other: typed(body, 'other_municipalities'),
    };
  }

  /** Role and scopes checked against the reference data, with the messages for each field. */
  function checkScopes(c: Context<AppEnv>, values: UserFormValues, errors: UserFormErrors) {
    const u = textOf(c).users;
    if (!isUserRole(values.role)) errors.role = u.errors.roleInvalid;
    const regions = [...new Set(values.regions)];
    if (regions.some((slug) => !reference.regionMembers.has(slug))) errors.regions = u.errors.regionsUnknown;
    const checked = [...new Set(values.municipalities)];
    if (checked.some((n) => !reference.municipalityByNumber.has(n))) errors.municipalities = u.errors.municipalitiesUnknown;
    const other = parseMunicipalityList(values.other, reference);
    if (other.unknown.length > 0) errors.other = u.errors.otherMunicipalitiesInvalid(quotedList(other.unknown));
    const municipalities = [...new Set([...checked, ...other.numbers])];
    if (values.role === 'moderator' && regions.length === 0 && municipalities.length === 0 && !errors.municipalities && !errors.other && !errors.regions) {
      errors.municipalities = u.errors.scopeRequired;
    }
    return { regions, municipalities };
  }

  async function renderUsers(c: Context<AppEnv>, status: 200 | 422, state: Partial<Pick<Parameters<typeof UsersPage>[0], 'create' | 'edit' | 'message'>> = {}) {
    const users = await listUsers(db);
    return c.html(
      <UsersPage
        {...adminPage(c, 'users', status)}
        users={users}
        message={state.message ?? messageFrom(c, textOf(c).users.messages)}
        create={state.create ?? { values: emptyUserForm(), errors: {} }}
        edit={state.edit}
      />,
      status,
    );
  }

  const describeUser = (u: Pick<UserSummary, 'email' | 'name' | 'role' | 'municipalities' | 'regions'>) => ({
    email: u.email,
    name: u.name,
    role: u.role,
    municipalities: [...u.municipalities].sort(),
    regions: [...u.regions].sort(),
  });

  users.get('/', (c) => renderUsers(c, 200));

  users.post('/', async (c) => {
    const admin = userOf(c);
    const u = textOf(c).users;
    const body = await c.req.parseBody({ all: true });
    const values: UserFormValues = { email: typed(body, 'email').trim(), name: typed(body, 'name'), ...readScopes(body) };
    const password = single(body.password) ?? '';
    const errors: UserFormErrors = {};
    const email = normalizeEmail(values.email);
    if (!email) errors.email = u.errors.emailRequired;
    else if (!EMAIL_PATTERN.test(email) || email.length > 254) errors.email = u.errors.emailInvalid;
    else if (await findUserByEmail(db, email)) errors.email = u.errors.emailTaken;
    const name = cleanText(values.name);
    if (name.length > MAX_USER_NAME_LENGTH) errors.name = u.errors.nameTooLong;
    const problem = passwordProblem(password);
    if (problem) errors.password = problem === 'too-short' ? u.errors.passwordTooShort : u.errors.passwordTooLong;
    const scopes = checkScopes(c, values, errors);
    if (Object.keys(errors).length > 0) return renderUsers(c, 422, { create: { values, errors } });

    const now = ctx.clock();
    try {
      const created = await createUser(db, { email, name, role: values.role, password, ...scopes }, now);
      await recordAudit(db, {
        userId: admin.id,
        action: 'user-create',
        details: { user: created.id, before: null, after: describeUser({ ...created, ...scopes }) },
        now,
      });
    } catch (error) {
      // Someone created the same email between the check and the insert.
      if (error instanceof UserInputError) return renderUsers(c, 422, { create: { values, errors: { email: u.errors.emailTaken } } });
      throw error;
    }
    return c.redirect('/moderering/brukere?melding=created', 303);
  });

  users.post('/:id', async (c) => {
    const admin = userOf(c);
    const u = textOf(c).users;
    const id = parseId(c.req.param('id'));
    const account = id === null ? undefined : (await listUsers(db)).find((x) => x.id === id);
    if (!account) return c.notFound();
    const body = await c.req.parseBody({ all: true });
    const values: UserFormValues = { email: account.email, name: account.name, ...readScopes(body) };
    const errors: UserFormErrors = {};
    const scopes = checkScopes(c, values, errors);
    if (account.id === admin.id && values.role !== 'admin') errors.role = u.errors.ownRole;
    if (Object.keys(errors).length > 0) return renderUsers(c, 422, { edit: { userId: account.id, values, errors } });

    const now = ctx.clock();
    const before = describeUser(account);
    const after = describeUser({ ...account, role: values.role as UserSummary['role'], ...scopes });
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      await setUserAccess(db, account.id, { role: values.role, scopes }, (trx) =>
        recordAudit(trx, { userId: admin.id, action: 'user-update', details: { user: account.id, before, after }, now }),
      );
    }
    return c.redirect('/moderering/brukere?melding=updated', 303);
  });

  users.post('/:id/deaktiver', async (c) => {
    const admin = userOf(c);
    const id = parseId(c.req.param('id'));
    const account = id === null ? undefined : await findUserById(db, id);
    if (!account) return c.notFound();
    if (account.id === admin.id) return renderUsers(c, 422, { message: { text: textOf(c).users.errors.ownDisable, problem: true } });
    if (account.disabled_at === null) {
      const now = ctx.clock();
      await disableUser(db, account.id, now);
      await recordAudit(db, {
        userId: admin.id,
        action: 'user-disable',
        details: { user: account.id, email: account.email, before: { disabled_at: null }, after: { disabled_at: now.toISOString() } },
        now,
      });
    }
    return c.redirect('/moderering/brukere?melding=disabled', 303);
  });

  // Places

  /** Where a user may add places, and which municipalities the page lists. */
  function placeScope(user: SignedInUser): { addable: Municipality[]; listed: Municipality[] } {
    if (user.municipalityNumbers === 'all') {
      const withPlaces = new Set(reference.places.map((p) => p.municipality_number));
      return { addable: reference.municipalities, listed: reference.municipalities.filter((m) => withPlaces.has(m.number)) };
    }
    const own = [...user.municipalityNumbers].flatMap((n) => reference.municipalityByNumber.get(n) ?? []);
    return { addable: own, listed: own };
  }

  function renderPlaces(c: Context<AppEnv>, status: 200 | 422, state: Partial<Pick<Parameters<typeof PlacesPage>[0], 'add' | 'rename'>> = {}) {
    const user = userOf(c);
    return c.html(
      <PlacesPage
        {...adminPage(c, 'places', status)}
        {...placeScope(user)}
        add={state.add ?? { values: { name: '', municipality: '' }, errors: {} }}
        rename={state.rename}
      />,
      status,
    );
  }

  function placeNameError(c: Context<AppEnv>, name: string, municipalityNumber: string, exceptId?: number): string | undefined {
    const e = textOf(c).places.errors;
    const problem = nameProblem(name);
    if (problem) return { required: e.nameRequired, tooLong: e.nameTooLong, noLetters: e.nameNoLetters }[problem];
    const taken = reference.places.some((p) => p.municipality_number === municipalityNumber && p.id !== exceptId && sameName(p.name, name));
    return taken ? e.nameTaken : undefined;
  }

  places.get('/', (c) => renderPlaces(c, 200));

  places.post('/', async (c) => {
    const user = userOf(c);
    const p = textOf(c).places;
    const body = await c.req.parseBody({ all: true });
    const values = { name: typed(body, 'name'), municipality: typed(body, 'municipality').trim() };
    const municipality = reference.municipalityByNumber.get(values.municipality);
    if (municipality && !inScope(user, municipality.number)) return forbidden(c, textOf(c).municipalityOutOfScope);
    const errors: { name?: string; municipality?: string } = {};
    if (!values.municipality) errors.municipality = p.errors.municipalityRequired;
    else if (!municipality) errors.municipality = p.errors.municipalityUnknown;
    const name = cleanText(values.name);
    const nameError = placeNameError(c, name, municipality?.number ?? '');
    if (nameError) errors.name = nameError;
    if (errors.name || errors.municipality || !municipality) return renderPlaces(c, 422, { add: { values, errors } });

    await addPlace(db, { name, municipalityNumber: municipality.number, municipalityName: municipality.name, userId: user.id, now: ctx.clock() });
    await reloadReference(db, reference);
    return c.redirect('/moderering/steder?melding=added', 303);
  });

  places.post('/:id', async (c) => {
    const user = userOf(c);
    const id = parseId(c.req.param('id'));
    const place = id === null ? undefined : reference.placeById.get(id);
    if (!place) return c.notFound();
    if (!inScope(user, place.municipality_number)) return forbidden(c, textOf(c).placeOutOfScope);
    const body = await c.req.parseBody({ all: true });
    const value = typed(body, 'name');
    const name = cleanText(value);
    const error = placeNameError(c, name, place.municipality_number, place.id);
    if (error) return renderPlaces(c, 422, { rename: { placeId: place.id, value, error } });
    if (name !== place.name) {
      await renamePlace(db, { place, name, userId: user.id, now: ctx.clock() });
      await reloadReference(db, reference);
    }
    return c.redirect('/moderering/steder?melding=renamed', 303);
  });

  // Categories

  function renderCategories(c: Context<AppEnv>, status: 200 | 422, state: Partial<Pick<Parameters<typeof CategoriesPage>[0], 'rename' | 'add'>> = {}) {
    const codes = reference.categories.map((k) => k.icnpo_code);
    const nextCodes = new Map(reference.categoryTree.map((group) => [group.id, nextIcnpoCode(group.icnpo_code, codes)]));
    return c.html(<CategoriesPage {...adminPage(c, 'categories', status)} nextCodes={nextCodes} rename={state.rename} add={state.add} />, status);
  }

  /** Reads and checks Norwegian and English names; `siblings` may not already use the Norwegian one. */
  function readNames(c: Context<AppEnv>, body: Body, siblings: { name_nb: string }[]): NamesForm & { clean: { nameNb: string; nameEn: string } } {
    const e = textOf(c).categories.errors;
    const values = { nameNb: typed(body, 'name_nb'), nameEn: typed(body, 'name_en') };
    const clean = { nameNb: cleanText(values.nameNb), nameEn: cleanText(values.nameEn) };
    const errors: NamesForm['errors'] = {};
    const nb = nameProblem(clean.nameNb);
    if (nb) errors.nameNb = { required: e.nameNbRequired, tooLong: e.nameTooLong, noLetters: e.nameNoLetters }[nb];
    else if (siblings.some((s) => sameName(s.name_nb, clean.nameNb))) errors.nameNb = e.nameTaken;
    if (!clean.nameEn) errors.nameEn = e.nameEnRequired;
    else if (clean.nameEn.length > MAX_NAME_LENGTH) errors.nameEn = e.nameTooLong;
    return { values, errors, clean };
  }

  categories.get('/', (c) => renderCategories(c, 200));

  categories.post('/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    const category = id === null ? undefined : reference.categoryById.get(id);
    if (!category) return c.notFound();
    const body = await c.req.parseBody({ all: true });
    const siblings = reference.categories.filter((k) => k.parent_id === category.parent_id && k.id !== category.id);
    const form = readNames(c, body, siblings);
    if (Object.keys(form.errors).length > 0) return renderCategories(c, 422, { rename: { categoryId: category.id, ...form } });
    if (form.clean.nameNb !== category.name_nb || form.clean.nameEn !== category.name_en) {
      await renameCategory(db, { category, ...form.clean, userId: userOf(c).id, now: ctx.clock() });
      await reloadReference(db, reference);
    }
    return c.redirect('/moderering/kategorier?melding=renamed', 303);
  });

  categories.post('/:id/underkategori', async (c) => {
    const id = parseId(c.req.param('id'));
    const parent = id === null ? undefined : reference.categoryById.get(id);
    if (!parent || parent.parent_id !== null) return c.notFound();
    const body = await c.req.parseBody({ all: true });
    const siblings = reference.categories.filter((k) => k.parent_id === parent.id);
    const form = readNames(c, body, siblings);
    if (Object.keys(form.errors).length > 0) return renderCategories(c, 422, { add: { parentId: parent.id, ...form } });
    const added = await addSubcategory(db, { parent, ...form.clean, userId: userOf(c).id, now: ctx.clock() });
    if (!added) {
      return renderCategories(c, 422, { add: { parentId: parent.id, values: form.values, errors: { nameNb: textOf(c).categories.errors.noFreeCode } } });
    }
    await reloadReference(db, reference);
    return c.redirect('/moderering/kategorier?melding=added', 303);
  });

  // Regions

  function renderRegions(c: Context<AppEnv>, status: 200 | 422, state: Partial<Pick<Parameters<typeof RegionsPage>[0], 'create' | 'edit'>> = {}) {
    return c.html(
      <RegionsPage
        {...adminPage(c, 'regions', status)}
        featured={ctx.config.regions}
        create={state.create ?? { values: { slug: '', nameNb: '', nameEn: '', members: '' }, errors: {} }}
        edit={state.edit}
      />,
      status,
    );
  }

  function readRegion(c: Context<AppEnv>, body: Body, slugGiven: boolean) {
    const e = textOf(c).regions.errors;
    const values: RegionForm['values'] = {
      slug: typed(body, 'slug').trim(),
      nameNb: typed(body, 'name_nb'),
      nameEn: typed(body, 'name_en'),
      members: typed(body, 'members'),
    };
    const errors: RegionForm['errors'] = {};
    const nameNb = cleanText(values.nameNb);
    const nameEn = cleanText(values.nameEn);
    if (!nameNb) errors.nameNb = e.nameNbRequired;
    else if (nameNb.length > MAX_NAME_LENGTH) errors.nameNb = e.nameTooLong;
    if (!nameEn) errors.nameEn = e.nameEnRequired;
    else if (nameEn.length > MAX_NAME_LENGTH) errors.nameEn = e.nameTooLong;
    const members = parseMunicipalityList(values.members, reference);
    if (members.unknown.length > 0) errors.members = e.membersUnknown(quotedList(members.unknown));
    else if (members.numbers.length > MAX_REGION_MEMBERS) errors.members = e.membersTooMany;
    let slug = '';
    if (slugGiven) {
      slug = values.slug ? values.slug.toLowerCase() : slugify(nameNb, 60);
      if (values.slug && (!REGION_SLUG.test(slug) || slug.length > 60)) errors.slug = e.slugInvalid;
      else if (slug && reference.regionMembers.has(slug)) errors.slug = e.slugTaken;
      else if (!slug && nameNb) errors.slug = e.slugInvalid;
    }
    return { form: { values, errors }, clean: { slug, nameNb, nameEn, members: members.numbers } };
  }

  regions.get('/', (c) => renderRegions(c, 200));

  regions.post('/', async (c) => {
    const body = await c.req.parseBody({ all: true });
    const { form, clean } = readRegion(c, body, true);
    if (Object.keys(form.errors).length > 0) return renderRegions(c, 422, { create: form });
    await createRegion(db, { ...clean, userId: userOf(c).id, now: ctx.clock() });
    await reloadReference(db, reference);
    return c.redirect('/moderering/regioner?melding=created', 303);
  });

  regions.post('/:slug', async (c) => {
    const region = reference.regions.find((r) => r.slug === c.req.param('slug'));
    if (!region) return c.notFound();
    const body = await c.req.parseBody({ all: true });
    const { form, clean } = readRegion(c, body, false);
    if (Object.keys(form.errors).length > 0) return renderRegions(c, 422, { edit: { slug: region.slug, ...form } });
    await updateRegion(db, { region, nameNb: clean.nameNb, nameEn: clean.nameEn, members: clean.members, userId: userOf(c).id, now: ctx.clock() });
    await reloadReference(db, reference);
    return c.redirect('/moderering/regioner?melding=updated', 303);
  });

  // Site texts

  /** Line endings made \n, control characters other than line breaks and tabs removed, trimmed. */
  function cleanLongText(text: string): string {
    return text
      .replace(/\r\n?/g, '\n')
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '')
      .trim();
  }

  async function renderTexts(c: Context<AppEnv>, status: 200 | 422, state: { values?: Record<string, string>; errors?: Record<string, string> } = {}) {
    const stored = await allSiteTexts(db);
    const values = state.values ?? Object.fromEntries(TEXT_FIELDS.map(({ key, lang }) => [`${key}:${lang}`, stored.get(`${key}:${lang}`) ?? '']));
    return c.html(<TextsPage {...adminPage(c, 'texts', status)} values={values} stored={new Set(stored.keys())} errors={state.errors ?? {}} />, status);
  }

  texts.get('/', (c) => renderTexts(c, 200));

  texts.post('/', async (c) => {
    const tr = c.get('tr');
    const body = await c.req.parseBody({ all: true });
    const values: Record<string, string> = {};
    const errors: Record<string, string> = {};
    for (const { key, lang } of TEXT_FIELDS) {
      // Kept whole (up to twice the limit) so what was typed comes back to be shortened.
      const value = cleanLongText((single(body[textFieldName(key, lang)]) ?? '').slice(0, MAX_SITE_TEXT_LENGTH * 2 + 100));
      values[`${key}:${lang}`] = value;
      if (value.length > MAX_SITE_TEXT_LENGTH) errors[`${key}:${lang}`] = textOf(c).texts.errors.tooLong(tr.number(value.length));
    }
    if (Object.keys(errors).length > 0) return renderTexts(c, 422, { values, errors });
    const changed = await setSiteTexts(db, {
      texts: TEXT_FIELDS.map(({ key, lang }) => ({ key, lang, value: values[`${key}:${lang}`] || null })),
      userId: userOf(c).id,
      now: ctx.clock(),
    });
    return c.redirect(`/moderering/tekster?melding=${changed > 0 ? 'saved' : 'unchanged'}`, 303);
  });

  app.route('/brukere', users);
  app.route('/steder', places);
  app.route('/kategorier', categories);
  app.route('/regioner', regions);
  app.route('/tekster', texts);
  return app;
}

/** The public terms page, linked from the registration form; its text is edited at /moderering/tekster. */
export function termsRoutes(ctx: AppContext) {
  const { db, assets } = ctx;
  const app = new Hono<AppEnv>();

  app.get('/vilkar', async (c) => {
    const tr = c.get('tr');
    const text = (await siteText(db, 'terms', tr.lang)) ?? defaultSiteText('terms', tr.lang);
    return c.html(<TermsPage meta={pageMeta(c, ctx, tr.t.admin.terms.title, { canonicalPath: '/vilkar' })} assets={assets} text={text} />);
  });

  return app;
}

import * as z from 'zod';
import './hsds.js'; // registers the HSDS schemas
import { schemas } from './open-data.js';

// The OpenAPI 3.1 document of /api/v1, built from the same zod schemas the handlers fill, so
// the document cannot drift from the responses. OpenAPI 3.1 uses JSON Schema 2020-12 as is.

export const MAX_PER_PAGE = 100;
export const DEFAULT_PER_PAGE = 25;

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

function componentSchemas(): Record<string, unknown> {
  const { schemas: generated } = z.toJSONSchema(schemas, { uri: (id) => `#/components/schemas/${id}` }) as {
    schemas: Record<string, Record<string, unknown>>;
  };
  // Each component is a part of this document, not a resource of its own.
  return Object.fromEntries(Object.entries(generated).map(([id, { $schema: _schema, $id: _id, ...schema }]) => [id, schema]));
}

const json = (schema: object, description: string) => ({
  description,
  headers: {
    ETag: { schema: { type: 'string' } },
    'Last-Modified': { schema: { type: 'string' } },
  },
  content: { 'application/json': { schema } },
});
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
const notModified = { description: 'Not modified: the ETag or date sent matches.' };

const lang = {
  name: 'lang',
  in: 'query',
  description: 'Profile extension: language of names and messages, nb, nn or en (default: the site language, DEFAULT_LANG).',
  schema: { type: 'string', enum: ['nb', 'nn', 'en'] },
};
const many = (name: string, description: string, pattern?: string) => ({
  name,
  in: 'query',
  description: `Profile extension: ${description} Repeat the parameter for several (at most 20).`,
  style: 'form',
  explode: true,
  schema: { type: 'array', items: { type: 'string', ...(pattern ? { pattern } : {}) } },
});
const query = (name: string, description: string, schema: object = { type: 'string' }) => ({ name, in: 'query', required: false, description, schema });
const uuidSchema = { type: 'string', format: 'uuid' };

// HSDS's parameters (schema/openapi.json, components.parameters), with our limits.
const search = query('search', 'Full text search, ranked as on /lag.', { type: 'string', maxLength: 200 });
const page = query('page', 'Page number of paginated result.', { type: 'integer', minimum: 1, default: 1 });
const perPage = query('per_page', 'Number of results requested in a single page.', {
  type: 'integer',
  minimum: 1,
  maximum: MAX_PER_PAGE,
  default: DEFAULT_PER_PAGE,
});
const format = query('format', 'Only json.', { type: 'string', enum: ['json'] });
const full = query('full', 'true: fully nested objects.', { type: 'boolean' });
const fullService = query('full_service', 'true: the services fully nested in the organization.', { type: 'boolean' });
const taxonomyTermId = query('taxonomy_term_id', 'Only entries with this taxonomy term (an ICNPO group includes its subcategories).', uuidSchema);
const taxonomyId = query('taxonomy_id', 'Only entries with a term of this taxonomy.', uuidSchema);
const organizationId = query('organization_id', 'Only the services of this organization.', uuidSchema);
const modifiedAfter = query('modified_after', 'Only entries changed on or after this ISO 8601 date (UTC midnight) or date-time with a time zone.', {
  type: 'string',
  format: 'date-time',
});
const entryFilters = [
  search,
  query('q', 'Profile extension: the same as search.', { type: 'string', maxLength: 200 }),
  query('region', 'Profile extension: region id (see /regions): only its municipalities; with kommune, one of them.'),
  many('kommune', 'municipality number (kommunenummer).', '^\\d{4}$'),
  many('kategori', 'category slug (taxonomy_term.lagportal_slug); a group includes its subcategories.'),
  query('sted', 'Profile extension: place id (location.external_identifier).'),
  taxonomyTermId,
  taxonomyId,
  modifiedAfter,
];
const pathId = (description: string) => ({ name: 'id', in: 'path', required: true, description, schema: uuidSchema });
const listResponses = (schema: string, description: string) => ({
  200: json(ref(schema), description),
  304: notModified,
  400: problem('A parameter could not be used; errors names it.'),
});
const oneResponses = (schema: string, description: string, missing: string) => ({
  200: json(ref(schema), description),
  301: { description: 'The id is of an entry merged into another; Location is the other one.' },
  304: notModified,
  400: problem('A parameter could not be used; errors names it.'),
  404: problem(missing),
});

/** The whole document; `baseUrl` becomes the server URL. */
export function openApiDocument(baseUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Lagportal open data API (Open Referral HSDS 3.0)',
      version: '2.0.0',
      description:
        'Read-only access to the published clubs and associations in Open Referral HSDS 3.0. What we add and restrict ' +
        `is described at ${baseUrl}/api/v1/profile. A named contact person is only included where the association agreed ` +
        'to publish it. The whole registry as HSDS tables: /api/v1/export.zip.',
      license: { name: 'NLOD 2.0', url: 'https://data.norge.no/nlod/no/2.0' },
    },
    servers: [{ url: `${baseUrl}/api/v1` }],
    paths: {
      '/': {
        get: {
          operationId: 'getAPIMetaInformation',
          summary: 'Retrieve information about this API and its relationship with HSDS.',
          responses: { 200: json(ref('ApiInfo'), 'The HSDS version, the profile and this document.') },
        },
      },
      '/organizations': {
        get: {
          operationId: 'getPaginatedListOfOrganizations',
          summary: 'Published associations: alphabetical, by relevance with search, by id with modified_after.',
          parameters: [...entryFilters, fullService, full, page, perPage, format, lang],
          responses: listResponses('OrganizationPage', 'One page of organizations (one-to-one fields; fully nested with full or full_service).'),
        },
      },
      '/organizations/{id}': {
        get: {
          operationId: 'getOrganizationById',
          parameters: [pathId('The id of the organization.'), fullService, lang],
          responses: oneResponses('Organization', 'One fully nested organization.', 'No published organization has this id.'),
        },
      },
      '/services': {
        get: {
          operationId: 'getPaginatedListOfServices',
          summary: 'What each association offers residents.',
          parameters: [...entryFilters, organizationId, full, page, perPage, format, lang],
          responses: listResponses('ServicePage', 'One page of services (one-to-one fields; fully nested with full).'),
        },
      },
      '/services/{id}': {
        get: {
          operationId: 'getFullyNestedServiceById',
          parameters: [pathId('The id of the service.'), lang],
          responses: oneResponses('Service', 'One fully nested service.', 'No published service has this id.'),
        },
      },
      '/taxonomies': {
        get: {
          operationId: 'getPaginatedListOfTaxonomies',
          parameters: [query('search', 'Text in the name or description.'), page, perPage, format, lang],
          responses: listResponses('TaxonomyPage', 'ICNPO and kommunenummer.'),
        },
      },
      '/taxonomies/{id}': {
        get: {
          operationId: 'getTaxonomyById',
          parameters: [pathId('The id of the taxonomy.'), lang],
          responses: { 200: json(ref('Taxonomy'), 'One taxonomy.'), 304: notModified, 404: problem('No taxonomy has this id.') },
        },
      },
      '/taxonomy_terms': {
        get: {
          operationId: 'getPaginatedListOfTaxonomyTerms',
          summary: 'The ICNPO categories (groups before their subcategories), then the municipalities.',
          parameters: [
            query('search', 'Text in the name, code or description.'),
            page,
            perPage,
            format,
            taxonomyId,
            query('parent_id', 'Only the terms under this one.', uuidSchema),
            lang,
          ],
          responses: listResponses('TaxonomyTermPage', 'One page of taxonomy terms.'),
        },
      },
      '/taxonomy_terms/{id}': {
        get: {
          operationId: 'getTaxonomyTermById',
          parameters: [pathId('The id of the taxonomy term.'), lang],
          responses: {
            200: json(ref('TaxonomyTerm'), 'One taxonomy term, with taxonomy_detail.'),
            304: notModified,
            404: problem('No taxonomy term has this id.'),
          },
        },
      },
      '/municipalities': {
        get: {
          operationId: 'listMunicipalities',
          summary: 'Profile extension: reference data.',
          parameters: [lang],
          responses: { 200: json(ref('MunicipalityList'), 'Every municipality.'), 304: notModified },
        },
      },
      '/regions': {
        get: {
          operationId: 'listRegions',
          summary: 'Profile extension: reference data.',
          parameters: [lang],
          responses: { 200: json(ref('RegionList'), 'Every region with its municipalities.'), 304: notModified },
        },
      },
      '/export.zip': {
        get: {
          operationId: 'getTabularExport',
          summary: 'Profile extension: the whole registry as HSDS tabular data (datapackage.json and one CSV per table).',
          responses: {
            200: { description: 'A zip file.', content: { 'application/zip': { schema: { type: 'string', contentMediaType: 'application/zip' } } } },
          },
        },
      },
    },
    components: { schemas: componentSchemas() },
  };
}

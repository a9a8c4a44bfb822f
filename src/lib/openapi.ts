import * as z from 'zod';
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
  return Object.fromEntries(
    Object.entries(generated).map(([id, { $schema: _schema, $id: _id, ...schema }]) => [id, schema]),
  );
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
  description: 'Language of names and messages: nb (default) or en.',
  schema: { type: 'string', enum: ['nb', 'en'] },
};
const many = (name: string, description: string, pattern?: string) => ({
  name,
  in: 'query',
  description: `${description} Repeat the parameter for several (at most 20).`,
  style: 'form',
  explode: true,
  schema: { type: 'array', items: { type: 'string', ...(pattern ? { pattern } : {}) } },
});

/** The whole document; `baseUrl` becomes the server URL. */
export function openApiDocument(baseUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Lagportal open data API',
      version: '1.0.0',
      description:
        'Read-only access to the published clubs and associations. Field names follow Open Referral HSDS 3 ' +
        'where they fit. A named contact person is only included where the association agreed to publish it. ' +
        'The same filtered lists can be downloaded as CSV (/lag.csv, add skilletegn=semikolon for Excel with a ' +
        'Norwegian locale) or JSON (/lag.json).',
      license: { name: 'NLOD 2.0', url: 'https://data.norge.no/nlod/no/2.0' },
    },
    servers: [{ url: `${baseUrl}/api/v1` }],
    paths: {
      '/organizations': {
        get: {
          operationId: 'listOrganizations',
          summary: 'Published associations, filtered like /lag, ordered by id.',
          parameters: [
            { name: 'q', in: 'query', description: 'Free-text search, as on /lag.', schema: { type: 'string', maxLength: 200 } },
            { name: 'region', in: 'query', description: 'Region id (see /regions): only its municipalities; with kommune, one of them.', schema: { type: 'string' } },
            many('kommune', 'Municipality number (kommunenummer).', '^\\d{4}$'),
            many('kategori', 'Taxonomy term id; a group includes its subcategories.'),
            { name: 'sted', in: 'query', description: 'Place id.', schema: { type: 'string' } },
            { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
            { name: 'per_page', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_PER_PAGE, default: DEFAULT_PER_PAGE } },
            {
              name: 'modified_after',
              in: 'query',
              description: 'Only entries changed after this ISO 8601 date or date-time (with time zone).',
              schema: { type: 'string' },
            },
            lang,
          ],
          responses: {
            200: json(ref('OrganizationPage'), 'One page of organizations.'),
            304: notModified,
            400: problem('A parameter could not be used; errors names it.'),
          },
        },
      },
      '/organizations/{id}': {
        get: {
          operationId: 'getOrganization',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^\\d+$' } }, lang],
          responses: {
            200: json(ref('Organization'), 'One organization.'),
            304: notModified,
            404: problem('No published organization has this id.'),
          },
        },
      },
      '/taxonomy_terms': {
        get: {
          operationId: 'listTaxonomyTerms',
          summary: 'The ICNPO categories, groups before their subcategories.',
          parameters: [lang],
          responses: { 200: json(ref('TaxonomyTermList'), 'Every category.'), 304: notModified },
        },
      },
      '/municipalities': {
        get: {
          operationId: 'listMunicipalities',
          parameters: [lang],
          responses: { 200: json(ref('MunicipalityList'), 'Every municipality.'), 304: notModified },
        },
      },
      '/regions': {
        get: {
          operationId: 'listRegions',
          parameters: [lang],
          responses: { 200: json(ref('RegionList'), 'Every region with its municipalities.'), 304: notModified },
        },
      },
    },
    components: { schemas: componentSchemas() },
  };
}

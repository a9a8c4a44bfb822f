import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type * as z from 'zod';
import type { Organization, Service } from './hsds.js';
import { HSDS_VERSION } from './hsds.js';
import { PROJECT_ROOT } from './project-root.js';

// HSDS tabular data: the same records as the API, one CSV per HSDS table, described by a
// Frictionless datapackage.json. The tables' definitions are HSDS's own (a copy of the
// specification's datapackage.json for the tables we fill, db/reference/hsds-datapackage.json),
// so the column names and their order are the standard's. Rows are flattened from the JSON
// records, so the CSVs show exactly what publicView lets the API show.

interface Field {
  name: string;
  type: string;
  format?: string;
  constraints?: { required?: boolean; unique?: boolean };
}
interface Resource {
  name: TableName;
  path: string;
  schema: { primaryKey?: string; fields: Field[] };
  [key: string]: unknown;
}

export const TABLES = [
  'organization',
  'service',
  'location',
  'address',
  'phone',
  'contact',
  'organization_identifier',
  'attribute',
  'service_area',
  'schedule',
  'taxonomy',
  'taxonomy_term',
] as const;
export type TableName = (typeof TABLES)[number];

const resources: Resource[] = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'db/reference/hsds-datapackage.json'), 'utf8')) as { resources: Resource[] })
  .resources;
const resourceByName = new Map(resources.map((r) => [r.name, r]));

export function resource(table: TableName): Resource {
  const found = resourceByName.get(table);
  if (!found) throw new Error(`db/reference/hsds-datapackage.json lacks the table ${table}`);
  return found;
}

/** The datapackage.json of an export: HSDS's table definitions, our data's name and licence. */
export function datapackage(baseUrl: string, created: Date) {
  return {
    name: 'lagportal',
    title: 'Lagportal',
    description: `${baseUrl}: published associations as Open Referral HSDS ${HSDS_VERSION} tabular data. Profile: ${baseUrl}/api/v1/profile`,
    profile: 'tabular-data-package',
    homepage: baseUrl,
    version: HSDS_VERSION,
    created: created.toISOString(),
    licenses: [{ name: 'NLOD-2.0', path: 'https://data.norge.no/nlod/no/2.0', title: 'Norsk lisens for offentlige data (NLOD) 2.0' }],
    sources: [{ title: 'Human Services Data Specification: an Open Referral resource', path: 'https://openreferral.org/' }],
    resources: TABLES.map((table) => resource(table)),
  };
}

/** A record whose one-to-one fields become a CSV row; nested arrays are other tables. */
type Row = object;
export type FullOrganization = z.infer<typeof Organization> & { services: z.infer<typeof Service>[] };

/** The rows one organization (with its services fully nested) puts in `table`. */
export function rowsOf(table: TableName, org: FullOrganization): Row[] {
  switch (table) {
    case 'organization':
      return [org];
    case 'service':
      return org.services;
    case 'location':
      return org.locations;
    case 'address':
      return org.locations.flatMap((l) => l.addresses);
    case 'phone':
      return [...org.phones, ...org.services.flatMap((s) => s.phones)];
    case 'contact':
      return org.contacts;
    case 'organization_identifier':
      return org.organization_identifiers;
    case 'attribute':
      return [...org.attributes, ...org.services.flatMap((s) => s.attributes)];
    case 'service_area':
      return org.services.flatMap((s) => s.service_areas);
    case 'schedule':
      return org.services.flatMap((s) => s.schedules);
    case 'taxonomy':
    case 'taxonomy_term':
      return [];
  }
}

// Plain RFC 4180 for machines: no byte order mark and no defused formulas, which would change
// the data (the list's /lag.csv does both, for Excel).
const CSV_OPTIONS = { record_delimiter: '\r\n', quote_record_delimiter: true } as const;

export function csvHeader(table: TableName): string {
  return stringify([resource(table).schema.fields.map((f) => f.name)], CSV_OPTIONS);
}

/** Rows as CSV lines in the table's column order; a value that is absent is an empty field. */
export function csvLines(table: TableName, rows: Row[]): string {
  if (rows.length === 0) return '';
  const fields = resource(table).schema.fields;
  return stringify(
    rows.map((row) =>
      fields.map((f) => {
        const value = (row as Record<string, unknown>)[f.name];
        return typeof value === 'string' || typeof value === 'number' ? value : '';
      }),
    ),
    CSV_OPTIONS,
  );
}

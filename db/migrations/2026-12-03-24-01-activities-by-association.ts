import { type Kysely } from 'kysely';

// An association's page asks for its own upcoming activities on every view. The planner
// answered that from activities_dates (status, start_date), reading every visible activity
// that had started, about 145,000 rows for 100,000 associations: 0.14 s per detail page, and
// the front page's and a municipality's "Hva skjer" the same way. With the association, the
// status and the start date in one index, an association's activities are one short range,
// and a municipality's are found through its associations. The index on association_id alone
// is a prefix of the new one (foreign key checks and the association's own list use that).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('activities_association_dates').on('activities').columns(['association_id', 'status', 'start_date']).execute();
  await db.schema.dropIndex('activities_association').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('activities_association').on('activities').columns(['association_id']).execute();
  await db.schema.dropIndex('activities_association_dates').execute();
}

import type { Migration } from 'kysely';
import * as directorySchema from './2026-11-23-01-directory-schema.js';
import * as referenceData from './2026-11-23-02-reference-data.js';
import * as associationSearch from './2026-11-23-03-association-search.js';
import * as registration from './2026-11-23-04-registration.js';
import * as moderation from './2026-11-23-05-moderation.js';
import * as siteTexts from './2026-11-23-06-site-texts.js';
import * as brregAndClaims from './2026-11-23-07-brreg-and-claims.js';
import * as reportsAndContact from './2026-11-23-08-reports-and-contact.js';
import * as dataVersion from './2026-11-23-09-data-version.js';
import * as linkChecks from './2026-11-23-10-link-checks.js';
import * as usedFormTokens from './2026-12-03-11-used-form-tokens.js';
import * as outboxQueue from './2026-12-03-12-outbox-queue.js';
import * as compoundSearch from './2026-12-03-13-01-compound-search.js';
import * as hsdsIds from './2026-12-03-14-hsds-ids.js';
import * as moderatorWork from './2026-12-03-15-moderator-work.js';
import * as activities from './2026-12-03-16-activities.js';
import * as nynorsk from './2026-12-03-18-nynorsk.js';
import * as scheduledJobs from './2026-12-03-22-scheduled-jobs.js';
import * as calendarFeeds from './2026-12-03-23-calendar-feeds.js';
import * as activitiesByAssociation from './2026-12-03-24-01-activities-by-association.js';
import * as searchWithoutPositions from './2026-12-03-24-02-search-without-positions.js';
import * as importKeyPartial from './2026-12-04-27-01-import-key-partial.js';

/**
 * Every migration, by name. Listed here rather than discovered on disk so that they load the
 * same way under tsx, vitest and a bundler; names sort in the order they must run.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-23-01-directory-schema': directorySchema,
  '2026-11-23-02-reference-data': referenceData,
  '2026-11-23-03-association-search': associationSearch,
  '2026-11-23-04-registration': registration,
  '2026-11-23-05-moderation': moderation,
  '2026-11-23-06-site-texts': siteTexts,
  '2026-11-23-07-brreg-and-claims': brregAndClaims,
  '2026-11-23-08-reports-and-contact': reportsAndContact,
  '2026-11-23-09-data-version': dataVersion,
  '2026-11-23-10-link-checks': linkChecks,
  '2026-12-03-11-used-form-tokens': usedFormTokens,
  '2026-12-03-12-outbox-queue': outboxQueue,
  '2026-12-03-13-01-compound-search': compoundSearch,
  '2026-12-03-14-hsds-ids': hsdsIds,
  '2026-12-03-15-moderator-work': moderatorWork,
  '2026-12-03-16-activities': activities,
  '2026-12-03-18-nynorsk': nynorsk,
  '2026-12-03-22-scheduled-jobs': scheduledJobs,
  '2026-12-03-23-calendar-feeds': calendarFeeds,
  '2026-12-03-24-01-activities-by-association': activitiesByAssociation,
  '2026-12-03-24-02-search-without-positions': searchWithoutPositions,
  '2026-12-04-27-01-import-key-partial': importKeyPartial,
};

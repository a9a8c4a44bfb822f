import type { QueueItem } from '../../src/db/moderation.js';

/** What a row of the moderation queue is about: enough to name it, nothing more. */
export type QueueRowRef =
  | { kind: 'report' | 'link' | 'claim'; id: number }
  | { kind: 'revision' | 'removal'; revisionId: number }
  | { kind: 'submission' | 'stale'; associationId: number };

/**
 * The one name of a queue row: the page renders the row with this id and a decision's htmx
 * answer replaces the element with the same id, so both must come from here.
 */
export function queueRowId(ref: QueueRowRef): string {
  switch (ref.kind) {
    case 'report':
    case 'link':
    case 'claim':
      return `queue-${ref.kind}-${ref.id}`;
    case 'revision':
    case 'removal':
      return `queue-revision-${ref.revisionId}`;
    default:
      return `queue-${ref.kind}-${ref.associationId}`;
  }
}

/** The reference of a queue item as the queue lists it. */
export function rowRefOf(item: QueueItem): QueueRowRef {
  if (item.report) return { kind: 'report', id: item.report.id };
  if (item.link) return { kind: 'link', id: item.link.id };
  if (item.claim) return { kind: 'claim', id: item.claim.id };
  if (item.revisionId !== null) return { kind: item.kind === 'removal' ? 'removal' : 'revision', revisionId: item.revisionId };
  return { kind: item.kind as 'submission' | 'stale', associationId: item.associationId };
}

import type { Reference } from '../db/reference.js';
import type { Activity } from '../db/types.js';

/** Where it is: the address, the place, and the municipality, as far as known. */
export function placeText(
  reference: Reference,
  activity: Pick<Activity, 'place_id' | 'address'>,
  municipalityNumber: string,
  fallbackPlaceId: number | null = null,
): string {
  const placeId = activity.place_id ?? (activity.address ? null : fallbackPlaceId);
  const place = placeId === null ? undefined : reference.placeById.get(placeId);
  const municipality = reference.municipalityByNumber.get(municipalityNumber);
  return [activity.address, place?.name === municipality?.name ? undefined : place?.name, municipality?.display_name].filter(Boolean).join(', ');
}

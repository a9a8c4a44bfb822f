import { type ActivityInput, insertActivitiesInBulk, publishedWithoutActivities, searchText } from '../db/activities.js';
import type { DB } from '../db/sqlite.js';
import { WEEKDAYS, addDays, localDate, occurrences, weekdayIndex } from '../lib/recurrence.js';
import { mulberry32 } from './generate.js';

// Demo activities and events for the demo associations, so that `npm start` shows a living
// calendar: practice nights for sports clubs, rehearsals and concerts for choirs and bands,
// club nights and Christmas markets for social and community associations, a monthly
// meeting and an annual meeting for the rest. Deterministic per seed and association id,
// with dates relative to `now` so the calendar is never empty.

export interface DemoActivityOwner {
  id: number;
  /** The main category's ICNPO code ("01200"). */
  icnpoCode: string;
  placeId: number | null;
}

type Random = () => number;

function pick<T>(items: readonly T[], random: Random): T {
  return items[Math.floor(random() * items.length)]!;
}

const BLANK: Omit<ActivityInput, 'kind' | 'title' | 'start_date' | 'start_time' | 'end_time'> = {
  description: '',
  end_date: null,
  frequency: null,
  weekdays: '',
  week_of_month: null,
  occurrence_count: null,
  skipped_dates: '',
  cancelled_dates: '',
  place_id: null,
  address: null,
  age_from: null,
  age_to: null,
  price: null,
  price_note: '',
  languages: 'nb',
  signup_required: 0,
  signup_url: null,
};

/** The Monday of the week `date` is in. */
function monday(date: string): string {
  return addDays(date, -weekdayIndex(date));
}

const christmasBreaks = new Map<string, string>();

/** Christmas-holiday dates on the given weekdays, to skip: from 22 December to 4 January. */
function christmasBreak(today: string, days: string[]): string {
  // The same few answers for every association of a load: worked out once each.
  const key = `${today} ${days.join(',')}`;
  let dates = christmasBreaks.get(key);
  if (dates === undefined) {
    dates = christmasBreakDates(today, days);
    christmasBreaks.set(key, dates);
  }
  return dates;
}

function christmasBreakDates(today: string, days: string[]): string {
  const year = Number(today.slice(0, 4)) - (today.slice(5) < '06-01' ? 1 : 0);
  const dates: string[] = [];
  for (let d = `${year}-12-22`; d <= `${year + 1}-01-04`; d = addDays(d, 1)) if (days.includes(WEEKDAYS[weekdayIndex(d)]!)) dates.push(d);
  return dates.join(',');
}

/** A date `min`–`max` days from today, moved to the given weekday (0 = Monday) on or after it. */
function dayAhead(today: string, min: number, max: number, weekday: number, random: Random): string {
  const d = addDays(today, min + Math.floor(random() * (max - min + 1)));
  return addDays(d, (weekday - weekdayIndex(d) + 7) % 7);
}

function recurring(
  today: string,
  random: Random,
  input: Partial<ActivityInput> & Pick<ActivityInput, 'title' | 'start_time' | 'end_time' | 'weekdays'>,
): ActivityInput {
  const days = input.weekdays.split(',');
  const activity: ActivityInput = {
    ...BLANK,
    kind: 'activity',
    frequency: 'weekly',
    // The season started some weeks ago.
    start_date: monday(addDays(today, -7 * (4 + Math.floor(random() * 10)))),
    skipped_dates: input.frequency === 'monthly' ? '' : christmasBreak(today, days),
    ...input,
  };
  // Now and then an evening is called off.
  if (random() < 0.15) {
    const next = occurrences(activity, { from: addDays(today, 3), to: addDays(today, 40) }, 2);
    if (next[1]) activity.cancelled_dates = next[1].date;
  }
  return activity;
}

function event(input: Partial<ActivityInput> & Pick<ActivityInput, 'title' | 'start_date' | 'start_time' | 'end_time'>): ActivityInput {
  return { ...BLANK, kind: 'event', ...input };
}

/** The activities of one association, by its main category. */
export function demoActivitiesFor(owner: DemoActivityOwner, today: string, seed: number): ActivityInput[] {
  const random = mulberry32((seed * 7919) ^ (owner.id * 104729));
  const group = owner.icnpoCode.slice(0, 3);
  const place = { place_id: random() < 0.6 ? owner.placeId : null };
  const items: ActivityInput[] = [];
  if (group === '012') {
    const [a, b] = pick(
      [
        ['MO', 'WE'],
        ['TU', 'TH'],
        ['MO', 'TH'],
        ['WE', 'FR'],
      ] as const,
      random,
    );
    const young = random() < 0.6;
    items.push(
      recurring(today, random, {
        title: young ? pick(['Trening for barn', 'Barneidrett', 'Trening 6–9 år'], random) : pick(['Trening', 'Fellestrening', 'Trening senior'], random),
        description: young
          ? 'Allsidig trening med lek og ball. Ta med drikkeflaske og innesko.'
          : 'Fast trening for alle medlemmer. Nye er velkomne til å prøve.',
        weekdays: `${a},${b}`,
        start_time: young ? '17:30' : '19:30',
        end_time: young ? '18:30' : '21:00',
        age_from: young ? 6 : 16,
        age_to: young ? 9 : null,
        address: pick(['idrettshallen', 'kunstgressbanen', 'gymsalen på skolen', 'svømmehallen'], random),
        price_note: 'Trening er med i medlemskontingenten.',
        ...place,
      }),
    );
    items.push(
      event({
        title: pick(['Seriekamp, hjemmebane', 'Cup for de yngste', 'Treningskamp'], random),
        description: 'Kom og heie! Kiosk med kaffe, vafler og lodd.',
        start_date: dayAhead(today, 2, 30, 5 + Math.floor(random() * 2), random),
        start_time: pick(['11:00', '13:00', '15:00'], random),
        end_time: '17:00',
        price: random() < 0.5 ? null : 50,
        price_note: 'Barn gratis',
        ...place,
      }),
    );
  } else if (group === '011') {
    const day = pick(['TU', 'WE', 'TH'], random);
    items.push(
      recurring(today, random, {
        title: pick(['Korøvelse', 'Øvelse', 'Korpsøvelse', 'Øvelse for hele koret'], random),
        description: 'Vi øver til neste konsert. Nye sangere og musikanter er hjertelig velkomne, ingen opptaksprøve.',
        weekdays: day,
        start_time: pick(['18:30', '19:00', '19:30'], random),
        end_time: '21:00',
        address: pick(['kulturhuset', 'kirka', 'samfunnshuset', 'skolens musikkrom'], random),
        ...place,
      }),
    );
    items.push(
      event({
        title: pick(['Julekonsert', 'Adventskonsert', 'Konsert med gjester', 'Vårkonsert'], random),
        description: 'Et variert program med kjente og nye stykker. Salg av kaffe og kaker i pausen.',
        start_date: dayAhead(today, 5, 40, pick([4, 5, 6], random), random),
        start_time: pick(['18:00', '19:00', '19:30'], random),
        end_time: '21:00',
        price: pick([150, 200, 250], random),
        price_note: 'Barn under 12 gratis',
        signup_required: random() < 0.3 ? 1 : 0,
        address: 'kirka',
        ...place,
      }),
    );
  } else if (group === '013' || owner.icnpoCode.startsWith('06')) {
    items.push(
      recurring(today, random, {
        title: pick(['Klubbkveld', 'Medlemsmøte', 'Sosialt treff', 'Strikkekafé'], random),
        description: 'Kaffe, prat og et lite program. Alle er velkomne, også ikke-medlemmer.',
        frequency: 'monthly',
        weekdays: pick(['TU', 'WE', 'TH'], random),
        week_of_month: pick([1, 2, 3, -1], random),
        start_time: '19:00',
        end_time: '21:30',
        address: pick(['grendehuset', 'samfunnshuset', 'klubbhuset'], random),
        ...place,
      }),
    );
    if (random() < 0.5) {
      const start = dayAhead(today, 3, 35, 5, random);
      items.push(
        event({
          title: pick(['Julemarked', 'Bygdemarked', 'Loppemarked', 'Basar'], random),
          description: 'Salg av håndverk, bakst og lokal mat. Loddtrekning og kafé.',
          start_date: start,
          end_date: random() < 0.4 ? addDays(start, 1) : null,
          start_time: '10:00',
          end_time: '16:00',
          address: 'grendehuset',
          ...place,
        }),
      );
    }
  } else if (random() < 0.7) {
    items.push(
      recurring(today, random, {
        title: pick(['Styremøte', 'Medlemsmøte', 'Åpent møte'], random),
        description: 'Møtet er åpent for alle medlemmer.',
        frequency: 'monthly',
        weekdays: pick(['MO', 'TU', 'WE', 'TH'], random),
        week_of_month: pick([1, 2, 3], random),
        start_time: '18:00',
        end_time: '20:00',
        ...place,
      }),
    );
    items.push(
      event({
        title: pick(['Årsmøte', 'Dugnad', 'Informasjonsmøte'], random),
        description: 'Saksliste og påmelding på nettsiden vår.',
        start_date: dayAhead(today, 7, 60, pick([0, 1, 2, 3], random), random),
        start_time: '18:00',
        end_time: '20:00',
        ...place,
      }),
    );
  }
  return items;
}

/**
 * Gives every published association without activities its demo activities, in one
 * transaction; returns how many were stored. Running it again adds nothing.
 */
export async function seedDemoActivities(db: DB, options: { now: Date; seed: number }): Promise<number> {
  const owners = await publishedWithoutActivities(db);
  const today = localDate(options.now);
  const stamp = options.now.toISOString();
  const rows = owners.flatMap((o) =>
    demoActivitiesFor({ id: o.id, icnpoCode: o.icnpoCode, placeId: o.placeId }, today, options.seed).map((input) => ({
      ...input,
      search_text: searchText(`${input.title}\n${input.description}`),
      association_id: o.id,
      status: 'visible' as const,
      // Demo data is not news for the moderators' "nye arrangementer".
      reviewed_at: stamp,
      sequence: 0,
      created_at: stamp,
      updated_at: stamp,
    })),
  );
  await insertActivitiesInBulk(db, rows);
  return rows.length;
}

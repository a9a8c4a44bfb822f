import type { Progress } from '../lib/progress.js';
import { insertAssociations, takenSlugs } from '../db/associations.js';
import type { Reference } from '../db/reference.js';
import { type DB, insertAssociationsInBulk } from '../db/sqlite.js';
import { type DemoMunicipality, type GenerateOptions, generateAssociations } from './generate.js';
import type { DemoWorker } from './worker.js';
import { seedDemoActivities } from './activities.js';

/** How many associations `npm start` puts into an empty database. */
export const DEMO_SIZE = 300;

// Rough relative sizes (about the population in thousands) of the demo regions'
// municipalities, so that Narvik and Senja get more clubs than Dyrøy. Demo weights only.
const REGION_WEIGHTS: Record<string, number> = {
  '1806': 22, // Narvik
  '5530': 15, // Senja
  '5524': 7, // Målselv
  '5544': 5, // Nordreisa
  '5512': 4, // Tjeldsund
  '5520': 4, // Bardu
  '5526': 3.5, // Sørreisa
  '5542': 3, // Skjervøy
  '5536': 3, // Lyngen
  '5522': 2, // Salangen
  '5540': 2, // Kåfjord
  '5538': 2, // Storfjord
  '1853': 1.5, // Evenes
  '5546': 1.2, // Kvænangen
  '5516': 1.1, // Gratangen
  '5528': 1.1, // Dyrøy
  '5518': 1, // Lavangen
};

// The largest municipalities, so that a national-scale demo has realistic skew: big towns
// many clubs, small municipalities few.
const LARGE_MUNICIPALITIES: Record<string, number> = {
  '0301': 700, // Oslo
  '4601': 290, // Bergen
  '5001': 215, // Trondheim
  '1103': 150, // Stavanger
  '3201': 130, // Bærum
  '4204': 115, // Kristiansand
  '3301': 103, // Drammen
  '3205': 90, // Lillestrøm
  '3203': 96, // Asker
  '3107': 85, // Fredrikstad
  '1108': 83, // Sandnes
  '5501': 78, // Tromsø
};

export interface SeedOptions {
  count: number;
  /** 'regions': the featured regions' municipalities; 'all': every municipality in Norway. */
  scope: 'regions' | 'all';
  now: Date;
  seed?: number;
  statusMix?: 'demo' | 'published';
  /**
   * Make the rows in this worker thread (see demoWorker in ./worker.ts) while this one stores them: for
   * large counts (the bench database), where making them takes as long as storing them.
   */
  worker?: DemoWorker;
  /** Told of each association stored (npm run demo shows it). */
  progress?: Pick<Progress, 'start' | 'advance'>;
}

/** The same rows, each counted as it is taken. */
function* counted<T>(rows: Iterable<T>, progress: Pick<Progress, 'advance'> | undefined): Generator<T> {
  for (const row of rows) {
    progress?.advance();
    yield row;
  }
}

function demoMunicipalities(reference: Reference, scope: SeedOptions['scope']): DemoMunicipality[] {
  const placesFor = (number: string) => reference.places.filter((p) => p.municipality_number === number).map((p) => ({ id: p.id, name: p.name }));
  if (scope === 'regions') {
    const numbers = new Set([...reference.regionMembers.values()].flat());
    return [...numbers].map((number) => ({
      number,
      name: reference.municipalityByNumber.get(number)?.name ?? number,
      places: placesFor(number),
      weight: REGION_WEIGHTS[number] ?? 1,
    }));
  }
  // Everywhere else: a Zipf-like spread by a fixed, arbitrary order (the number's digits),
  // so sizes range from a few hundred clubs to a handful.
  return reference.municipalities.map((m, i) => {
    const rank = ((Number(m.number) * 7919) % reference.municipalities.length) + 1;
    return {
      number: m.number,
      name: m.name,
      places: placesFor(m.number),
      weight: LARGE_MUNICIPALITIES[m.number] ?? REGION_WEIGHTS[m.number] ?? Math.max(0.5, 60 / rank ** 0.8 + (i % 3)),
    };
  });
}

/** Fills the database with generated associations; returns how many were stored. */
export async function seedDemoData(db: DB, reference: Reference, options: SeedOptions): Promise<number> {
  const categories = reference.categories.map((c) => ({ id: c.id, icnpoCode: c.icnpo_code, parentId: c.parent_id }));
  const generate = {
    count: options.count,
    municipalities: demoMunicipalities(reference, options.scope),
    categories,
    seed: options.seed ?? 2026,
    statusMix: options.statusMix ?? 'demo',
  } satisfies Omit<GenerateOptions, 'now'>;
  const names = new Map(reference.municipalities.map((m) => [m.number, m.name]));
  let stored: number;
  if (!options.worker) stored = await insertAssociations(db, generateAssociations({ ...generate, now: options.now }), names, options.now);
  else {
    try {
      // A slug taken by another writer in between fails the unique constraint and rolls back the whole load.
      const taken = await takenSlugs(db);
      const job = {
        generate,
        now: options.now.toISOString(),
        municipalityNames: [...names],
        takenSlugs: [...taken],
        categoryNames: reference.categories.map((c) => [c.id, c.name_nb, c.name_en] as [number, string, string]),
        placeNames: reference.places.map((p) => [p.id, p.name] as [number, string]),
      };
      options.progress?.start('associations', options.count);
      stored = await insertAssociationsInBulk(db, counted(options.worker.rows(job), options.progress));
    } finally {
      await options.worker.close();
    }
  }
  // Practice nights, concerts, matches and markets, so the calendar ("Hva skjer") has something on.
  await seedDemoActivities(db, { now: options.now, seed: generate.seed });
  return stored;
}

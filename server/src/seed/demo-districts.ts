/**
 * Synthetic districts for the demo: no real wijk data ships with the project, and synthetic figures
 * must not be attached to real wijken as if real. A handful of municipalities get "Demowijk 1…n
 * (synthetisch)", whose boundaries are cells of a grid over the real municipal polygon, clipped to
 * it. The big cities show the usable case; Ameland, with a few schools, the mostly-suppressed one.
 */
import type { Kysely } from 'kysely';
import type { Geometry, Position } from 'geojson';
import { loadBoundaries } from '../data/geography.repository.ts';
import type { Database } from '../db/schema.ts';
import { deriveRng } from './prng.ts';

/** Municipality → number of demo districts (grid columns × rows). */
export const DEMO_DISTRICTS: Readonly<Record<string, { columns: number; rows: number }>> = {
  GM0363: { columns: 4, rows: 2 }, // Amsterdam
  GM0599: { columns: 4, rows: 2 }, // Rotterdam
  GM0344: { columns: 2, rows: 2 }, // Utrecht: four, so that most have enough scans to be shown
  GM0479: { columns: 2, rows: 2 }, // Zaanstad
  GM0080: { columns: 2, rows: 2 }, // Leeuwarden
  GM0060: { columns: 2, rows: 1 }, // Ameland
};
/** Share of a municipality's schools left without a wijk: they form its remainder district. */
const WITHOUT_DISTRICT = 0.08;

export const demoDistrictName = (n: number): string => `Demowijk ${n} (synthetisch)`;
/** Codes 90–99 of the municipality: the demo never reuses the low numbers CBS gives real wijken first. */
export const demoDistrictCode = (municipality: string, n: number): string => `WK${municipality.slice(2)}${String(89 + n).padStart(2, '0')}`;

type Ring = Position[];
type Box = { minX: number; minY: number; maxX: number; maxY: number };

/** Sutherland–Hodgman: a ring clipped to an axis-aligned box (a convex window), or null when nothing is left. */
function clipRing(ring: Ring, box: Box): Ring | null {
  const edges: [(p: Position) => boolean, (a: Position, b: Position) => Position][] = [
    [(p) => p[0]! >= box.minX, (a, b) => [box.minX, a[1]! + ((b[1]! - a[1]!) * (box.minX - a[0]!)) / (b[0]! - a[0]!)]],
    [(p) => p[0]! <= box.maxX, (a, b) => [box.maxX, a[1]! + ((b[1]! - a[1]!) * (box.maxX - a[0]!)) / (b[0]! - a[0]!)]],
    [(p) => p[1]! >= box.minY, (a, b) => [a[0]! + ((b[0]! - a[0]!) * (box.minY - a[1]!)) / (b[1]! - a[1]!), box.minY]],
    [(p) => p[1]! <= box.maxY, (a, b) => [a[0]! + ((b[0]! - a[0]!) * (box.maxY - a[1]!)) / (b[1]! - a[1]!), box.maxY]],
  ];
  let points = ring.slice(0, -1);
  for (const [inside, cross] of edges) {
    const next: Position[] = [];
    for (let i = 0; i < points.length; i++) {
      const current = points[i]!;
      const previous = points[(i + points.length - 1) % points.length]!;
      if (inside(current)) {
        if (!inside(previous)) next.push(cross(previous, current));
        next.push(current);
      } else if (inside(previous)) next.push(cross(previous, current));
    }
    points = next;
    if (points.length < 3) return null;
  }
  // A cell that only touches the ring along an edge or in a point leaves a ring without area.
  const area = points.reduce((a, p, i) => {
    const q = points[(i + 1) % points.length]!;
    return a + p[0]! * q[1]! - q[0]! * p[1]!;
  }, 0);
  return Math.abs(area) < 1e-12 ? null : [...points, points[0]!];
}

/** The municipal polygon cut into a grid of cells, each clipped to it (null where a cell misses it). */
export function partition(geometry: Geometry, columns: number, rows: number): (Geometry | null)[] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
  const all = polygons.flatMap((p) => p[0] ?? []);
  const xs = all.map((p) => p[0]!);
  const ys = all.map((p) => p[1]!);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const cells: (Geometry | null)[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const box = {
        minX: minX + ((maxX - minX) * c) / columns,
        maxX: minX + ((maxX - minX) * (c + 1)) / columns,
        minY: maxY - ((maxY - minY) * (r + 1)) / rows,
        maxY: maxY - ((maxY - minY) * r) / rows,
      };
      const clipped = polygons.flatMap((polygon) => {
        const outer = clipRing(polygon[0]!, box);
        if (!outer) return [];
        return [
          [
            outer,
            ...polygon
              .slice(1)
              .map((hole) => clipRing(hole, box))
              .filter((h): h is Ring => h !== null),
          ],
        ];
      });
      cells.push(clipped.length === 0 ? null : { type: 'MultiPolygon', coordinates: clipped });
    }
  }
  return cells;
}

/**
 * Adds the demo districts of the seeded municipalities and gives their schools a wijk (a few none).
 * Runs before the rollups are built.
 */
export async function addDemoDistricts(db: Kysely<Database>, seed: number, municipalities: readonly string[]): Promise<void> {
  const boundaries = loadBoundaries('municipality');
  await db.transaction().execute(async (trx) => {
    for (const [municipality, grid] of Object.entries(DEMO_DISTRICTS)) {
      if (!municipalities.includes(municipality)) continue;
      const polygon = boundaries?.features.find((f) => f.properties.code === municipality)?.geometry;
      const cells = polygon ? partition(polygon, grid.columns, grid.rows) : [];
      const count = grid.columns * grid.rows;
      const codes = Array.from({ length: count }, (_, i) => demoDistrictCode(municipality, i + 1));
      await trx
        .insertInto('district')
        .values(
          codes.map((code, i) => ({
            code,
            name: demoDistrictName(i + 1),
            municipality_code: municipality,
            boundary: cells[i] ? JSON.stringify(cells[i]) : null,
          })),
        )
        .execute();
      const rng = deriveRng(seed, `districts:${municipality}`);
      const schools = await trx.selectFrom('school').select('id').where('municipality_code', '=', municipality).orderBy('id').execute();
      const byDistrict = new Map<string | null, string[]>();
      for (const s of schools) {
        // Uneven on purpose (weights 1…n): some wijken are large, others stay below the threshold.
        const code = rng.bernoulli(WITHOUT_DISTRICT) ? null : codes[Math.floor(Math.sqrt(rng.next()) * count)]!;
        byDistrict.set(code, [...(byDistrict.get(code) ?? []), s.id]);
      }
      for (const [code, ids] of byDistrict) {
        for (let i = 0; i < ids.length; i += 500)
          await trx
            .updateTable('school')
            .set({ district_code: code })
            .where('id', 'in', ids.slice(i, i + 500))
            .execute();
      }
    }
  });
}

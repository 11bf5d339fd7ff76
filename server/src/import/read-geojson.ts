/**
 * Wijk boundaries as GeoJSON: a FeatureCollection such as the CBS wijk- en buurtkaart that a
 * municipality downloads from PDOK, read as rows of the districts import (wijk_code, wijk_naam,
 * gemeente_code, grens). CBS has named the properties differently over the years; both spellings
 * are accepted and every other property (the CBS statistics) is ignored. A TopoJSON file (mapshaper,
 * the cartomap maps) is first turned into the same GeoJSON. The file is parsed whole: the wijken of
 * the whole country are some tens of megabytes.
 */
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import { UnreadableFileError, type OpenedFile, type RawRow } from './raw-rows.ts';

/** Our column → the property names CBS uses for it, newest first. */
const PROPERTY_NAMES = {
  wijk_code: ['wijkcode', 'WK_CODE'],
  wijk_naam: ['wijknaam', 'WK_NAAM'],
  gemeente_code: ['gemeentecode', 'GM_CODE'],
} as const;

export const GEOJSON_COLUMNS = [...Object.keys(PROPERTY_NAMES), 'grens'];

/** True when the file starts (after white space and a BOM) with a JSON object. */
export function looksLikeJson(firstChunk: Buffer): boolean {
  const text = firstChunk.subarray(0, 64).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  return text.startsWith('{');
}

/**
 * The wijken of a TopoJSON file as a GeoJSON FeatureCollection: its only object, or else the one
 * object whose name says wijk (wijken, wijk_2024); quantised coordinates are decoded.
 */
function topologyFeatures(topology: { objects?: unknown }): unknown {
  const objects = topology.objects !== null && typeof topology.objects === 'object' ? Object.keys(topology.objects) : [];
  const wijken = objects.filter((name) => /wijk/i.test(name));
  const name = objects.length === 1 ? objects[0] : wijken.length === 1 ? wijken[0] : undefined;
  if (name === undefined) {
    throw new UnreadableFileError(objects.length === 0
      ? 'het TopoJSON-bestand heeft geen objecten; verwacht een object met de wijken'
      : `het TopoJSON-bestand heeft ${objects.length} objecten (${objects.join(', ')}); verwacht er één, of één waarvan de naam "wijk" bevat`, 1);
  }
  try {
    const topo = topology as Topology;
    const converted: { type: string } = feature(topo, topo.objects[name]!);
    return converted.type === 'FeatureCollection' ? converted : { type: 'FeatureCollection', features: [converted] };
  } catch {
    throw new UnreadableFileError(`het TopoJSON-object "${name}" kan niet naar GeoJSON worden omgezet (de bogen of de transformatie kloppen niet); exporteer het bestand opnieuw`, 1);
  }
}

/**
 * Rows of a GeoJSON or TopoJSON file: row n + 1 is the n-th feature (the header is row 1, as in a CSV file).
 * A feature without a geometry gives an empty `grens`, which the districts format accepts.
 */
export async function openGeoJson(chunks: AsyncGenerator<Buffer>): Promise<Pick<OpenedFile, 'header' | 'headerRow' | 'rows'>> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(parts).toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    throw new UnreadableFileError('het bestand begint als JSON maar is geen geldige JSON; verwacht een GeoJSON-bestand (FeatureCollection)', 1);
  }
  const json = parsed as { type?: unknown; objects?: unknown } | null;
  const collection = (json?.type === 'Topology' ? topologyFeatures(json) : json) as { type?: unknown; features?: unknown; crs?: { properties?: { name?: unknown } } } | null;
  if (collection?.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    throw new UnreadableFileError('verwacht een GeoJSON FeatureCollection met de wijken als features, of een TopoJSON-bestand (Topology)', 1);
  }
  const crs = collection.crs?.properties?.name;
  if (typeof crs === 'string' && /28992/.test(crs)) {
    throw new UnreadableFileError('de coördinaten staan in RD (EPSG:28992); download de wijkgrenzen in WGS84 (EPSG:4326), zie docs/import.md', 1);
  }
  const features = collection.features as unknown[];
  async function* rows(): AsyncGenerator<RawRow[]> {
    const batch: RawRow[] = features.map((f, i) => {
      const feature = (f ?? {}) as { properties?: Record<string, unknown> | null; geometry?: unknown };
      const properties = feature.properties ?? {};
      const fields: Record<string, string | number> = {};
      for (const [column, names] of Object.entries(PROPERTY_NAMES)) {
        const name = names.find((n) => properties[n] !== undefined && properties[n] !== null);
        if (name !== undefined) fields[column] = String(properties[name]).trim();
      }
      if (feature.geometry !== undefined && feature.geometry !== null) fields.grens = JSON.stringify(feature.geometry);
      return { rowNumber: i + 2, fields };
    });
    if (batch.length > 0) yield batch;
  }
  return { header: GEOJSON_COLUMNS, headerRow: 1, rows: rows() };
}

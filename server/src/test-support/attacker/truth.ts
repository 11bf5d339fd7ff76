/**
 * The true value of every quantity of every cell, from the raw tables (not the rollups), to judge
 * the attacker's intervals against and to check that the attacker's model fits the data (every
 * relation must hold for the truth; if one does not, the model is wrong, not the publication).
 */
import { CONDITION_IDS, THEMES, isPartnerTypeOffered, meetsCondition, pillarOfPrinciple, unknownDistrictCode } from '@rd/shared';
import type { Db } from '../../db/connection.ts';
import { renewalDueAwardYear, validAwardYears } from '../../data/funnel.repository.ts';
import { conditionRecordOf } from '../../data/conditions.repository.ts';
import { ALL, CONDITION_KNOWN_APART, NATION_CODE, cellId, refOf } from './figures.ts';

export interface Truth {
  /** ref → true value; a ref that is absent is 0. */
  values: Map<string, number>;
  /**
   * cellId → register schools: the public counts of the strong adversary, per municipality ×
   * sector (DUO), and per disadvantage band for the adversary who rebuilds every school's band
   * from public scores (CBS's achterstandsscore of primary schools; the `publicBands` option).
   */
  registerCounts: Map<string, number>;
}

export async function readTruth(db: Db, year: string): Promise<Truth> {
  const k = db.kysely;
  const [schools, munis, scans, records, certs, partners, outcomes] = await Promise.all([
    k.selectFrom('school').select(['id', 'sector', 'municipality_code', 'district_code', 'disadvantage_band']).execute(),
    k.selectFrom('municipality').select(['code', 'region_code']).execute(),
    k.selectFrom('scan_score').select(['school_id', 'principle_id', 'score']).where('school_year', '=', year).execute(),
    k.selectFrom('implementation_record').select(['school_id', 'phase', 'has_kartrekker', 'ggd_support_hours', 'team_enthusiasm', 'parent_support',
      'leadership_commitment', 'school_support', 'recognised_interventions', 'ggd_contacts']).where('school_year', '=', year).execute(),
    k.selectFrom('certificate').select(['school_id', 'theme', 'awarded_year']).where('school_year', '=', year).execute(),
    k.selectFrom('partner_agreement').select(['school_id', 'partner_type', 'has_agreement']).where('school_year', '=', year).execute(),
    k.selectFrom('outcome').select(['school_id', 'indicator', 'value_pct', 'respondents']).where('school_year', '=', year).execute(),
  ]);
  const regionOf = new Map(munis.map((m) => [m.code, m.region_code]));
  const per = new Map<string, Map<string, number>>();
  const add = (school: string, q: string, v: number) => {
    let m = per.get(school);
    if (!m) per.set(school, (m = new Map()));
    m.set(q, (m.get(q) ?? 0) + v);
  };
  const sectorOf = new Map(schools.map((s) => [s.id, s.sector]));
  const scanned = new Set<string>();
  for (const s of scans) {
    scanned.add(s.school_id);
    const pillar = pillarOfPrinciple(s.principle_id);
    for (const [sum, n] of [['score_sum', 'score_n'], [`${pillar}_sum`, `${pillar}_n`], [`p${s.principle_id}_sum`, `p${s.principle_id}_n`]]) {
      add(s.school_id, sum!, Number(s.score));
      add(s.school_id, n!, 1);
    }
  }
  for (const id of scanned) add(id, 'scanned', 1);
  const recorded = new Set<string>();
  for (const r of records) {
    recorded.add(r.school_id);
    add(r.school_id, 'recorded', 1);
    add(r.school_id, 'kartrekker', Number(r.has_kartrekker));
    const conditions = conditionRecordOf(r);
    for (const id of CONDITION_IDS) {
      if (id === 'kartrekker') continue;
      const meets = meetsCondition(id, conditions);
      if (meets === true) add(r.school_id, `c:${id}`, 1);
      if (meets !== null && CONDITION_KNOWN_APART.includes(id)) add(r.school_id, `c:${id}:known`, 1);
    }
    const hours = Number(r.ggd_support_hours);
    add(r.school_id, 'hours', hours);
    if (hours > 0) add(r.school_id, 'supported', 1);
    add(r.school_id, 'f:recorded', 1);
    add(r.school_id, `f:phase:${r.phase}`, 1);
    const sector = sectorOf.get(r.school_id)!;
    for (const t of THEMES) if ((t.sectors as readonly string[]).includes(sector)) add(r.school_id, `f:base:${t.id}`, 1);
  }
  const valid = new Set(validAwardYears(year));
  const due = renewalDueAwardYear(year);
  const withCert = new Set<string>();
  const withValid = new Set<string>();
  for (const c of certs) {
    withCert.add(c.school_id);
    if (!valid.has(c.awarded_year) || !recorded.has(c.school_id)) continue;
    withValid.add(c.school_id);
    const theme = THEMES.find((t) => t.id === c.theme);
    if (!theme || !(theme.sectors as readonly string[]).includes(sectorOf.get(c.school_id)!)) continue;
    add(c.school_id, `f:cert:${c.theme}`, 1);
    if (c.awarded_year === due) add(c.school_id, `f:due:${c.theme}`, 1);
  }
  for (const id of withCert) add(id, 'vignet', 1);
  for (const id of withValid) add(id, 'f:vignet', 1);
  const withPartner = new Set<string>();
  for (const p of partners) {
    withPartner.add(p.school_id);
    if (!isPartnerTypeOffered(p.partner_type, sectorOf.get(p.school_id)!)) continue;
    add(p.school_id, `pt:${p.partner_type}:n`, 1);
    add(p.school_id, `pt:${p.partner_type}:a`, Number(p.has_agreement));
    add(p.school_id, 'partner_pairs', 1);
    add(p.school_id, 'partner_agreements', Number(p.has_agreement));
  }
  for (const id of withPartner) add(id, 'partner_schools', 1);
  for (const o of outcomes) {
    add(o.school_id, `o:${o.indicator}:n`, 1);
    add(o.school_id, `o:${o.indicator}:r`, Number(o.respondents));
    add(o.school_id, `o:${o.indicator}:w`, Number(o.value_pct) * Number(o.respondents));
  }

  // A school of a municipality with districts lies in its wijk, or in the remainder district. The
  // register (DUO) counts schools per municipality, not per wijk: district counts are not public
  // knowledge of this adversary (one who places every school by its address is like `publicBands`).
  const districtRows = await k.selectFrom('district').select(['code', 'municipality_code']).execute();
  const knownDistricts = new Set(districtRows.map((d) => d.code));
  const withDistricts = new Set(districtRows.map((d) => d.municipality_code));
  const districtOf = (s: { municipality_code: string; district_code: string | null }) =>
    !withDistricts.has(s.municipality_code) ? [] : [s.district_code !== null && knownDistricts.has(s.district_code) ? s.district_code : unknownDistrictCode(s.municipality_code)];
  const values = new Map<string, number>();
  const registerCounts = new Map<string, number>();
  for (const s of schools) {
    const region = regionOf.get(s.municipality_code)!;
    const band = String(s.disadvantage_band ?? 0);
    const q = per.get(s.id) ?? new Map<string, number>();
    q.set('schools', 1);
    const district = districtOf(s);
    for (const geo of [...district, s.municipality_code, region, NATION_CODE]) {
      const isDistrict = district.includes(geo);
      for (const sector of [s.sector, ALL]) {
        for (const b of [band, ALL]) {
          const c = { year, geo, sector, band: b };
          if (!isDistrict) registerCounts.set(cellId(c), (registerCounts.get(cellId(c)) ?? 0) + 1);
          for (const [name, v] of q) {
            const ref = refOf(c, name);
            values.set(ref, (values.get(ref) ?? 0) + v);
          }
        }
      }
    }
  }
  return { values, registerCounts };
}

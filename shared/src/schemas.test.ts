import { describe, expect, it } from 'vitest';
import { certificateSchema, implementationRecordSchema, scanScoreSchema, schoolSchema } from './schemas.ts';

const school = {
  id: 'S0123456789ABCDEF', sector: 'po', municipalityCode: 'GM0363', districtCode: null, sizeBand: 'middel',
  disadvantageBand: 3, lowIncomeShare: 12.5, povertyAreaShare: null,
};

describe('record schemas', () => {
  it('accept a valid school and refuse a BRIN code as its id', () => {
    expect(schoolSchema.parse(school)).toEqual(school);
    const result = schoolSchema.safeParse({ ...school, id: '12AB00' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('verwacht een gepseudonimiseerde school-id');
  });

  it('explain in Dutch what is wrong with a scan score', () => {
    const result = scanScoreSchema.safeParse({ schoolId: school.id, schoolYear: '2024-2025', principleId: 3, score: 4 });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['score', 'verwacht 0, 1, 2 of 3']]);
  });

  it('refuse a certificate for an unknown theme', () => {
    const record = {
      schoolId: school.id, schoolYear: '2024-2025', phase: 'uitvoeren', hasKartrekker: true, teamEnthusiasm: 4,
      parentSupport: 3, recognisedInterventions: 1, ggdSupportHours: 10, ggdContacts: 3,
      certificates: [{ theme: 'welbevinden', awardedYear: '2023-2024' }],
    };
    expect(implementationRecordSchema.safeParse(record).success).toBe(true);
    const bad = implementationRecordSchema.safeParse({ ...record, certificates: [{ theme: 'zwemmen', awardedYear: '2023-2024' }] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['certificates', 0, 'theme']);
  });
});

describe('themacertificaten', () => {
  it('accept the themes that have a certificate and refuse Hygiëne and Slaap, which have none', () => {
    expect(certificateSchema.safeParse({ theme: 'roken_alcohol_drugs', awardedYear: '2023-2024' }).success).toBe(true);
    for (const theme of ['hygiene', 'slaap']) {
      const result = certificateSchema.safeParse({ theme, awardedYear: '2023-2024' });
      expect(result.success, theme).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/^verwacht een thema met een themacertificaat/);
    }
  });
});

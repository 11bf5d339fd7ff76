import { describe, expect, it } from 'vitest';
import { currentSchoolYearStart, loadConfig, loadImportSchoolYears, loadLogLevel } from './config.ts';

describe('import school-year window', () => {
  it('runs from 2010-2011 to the next school year by default; a school year starts on 1 August', () => {
    expect(currentSchoolYearStart(new Date(2026, 6, 31))).toBe(2025);
    expect(currentSchoolYearStart(new Date(2026, 7, 1))).toBe(2026);
    expect(loadImportSchoolYears({}, new Date(2026, 10, 29))).toEqual({ first: 2010, last: 2027 });
    expect(loadImportSchoolYears({}, new Date(2027, 0, 15))).toEqual({ first: 2010, last: 2027 });
    expect(loadConfig({}).importSchoolYears.first).toBe(2010);
  });

  it('takes IMPORT_FIRST_SCHOOL_YEAR and IMPORT_LAST_SCHOOL_YEAR, and refuses nonsense', () => {
    expect(loadImportSchoolYears({ IMPORT_FIRST_SCHOOL_YEAR: '2018-2019', IMPORT_LAST_SCHOOL_YEAR: '2024-2025' })).toEqual({ first: 2018, last: 2024 });
    expect(() => loadImportSchoolYears({ IMPORT_LAST_SCHOOL_YEAR: '2024/2025' })).toThrow(/IMPORT_LAST_SCHOOL_YEAR moet een schooljaar/);
    expect(() => loadImportSchoolYears({ IMPORT_FIRST_SCHOOL_YEAR: '2024-2025', IMPORT_LAST_SCHOOL_YEAR: '2020-2021' })).toThrow(/ligt voor/);
  });
});

describe('settings read from the environment', () => {
  it('has defaults for an empty environment', () => {
    expect(loadConfig({})).toMatchObject({ seedDemo: true, cookieSecure: false, trustProxy: null, chromiumPath: '/usr/lib/chromium/chromium', sqliteCacheMb: 64 });
    expect(loadLogLevel({})).toBe('info');
    expect(loadLogLevel({ NODE_ENV: 'test' })).toBe('silent');
    expect(loadLogLevel({ NODE_ENV: 'test', LOG_LEVEL: 'warn' })).toBe('warn');
  });

  it('takes SEED_DEMO, COOKIE_SECURE, TRUST_PROXY and CHROMIUM_PATH, and refuses a flag that is not true or false', () => {
    expect(loadConfig({ SEED_DEMO: 'false', COOKIE_SECURE: 'true', TRUST_PROXY: '1', CHROMIUM_PATH: '/usr/bin/chromium' }))
      .toMatchObject({ seedDemo: false, cookieSecure: true, trustProxy: 1, chromiumPath: '/usr/bin/chromium' });
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.1' }).trustProxy).toBe('loopback, 10.0.0.1');
    expect(() => loadConfig({ SEED_DEMO: 'nee' })).toThrow('SEED_DEMO moet true of false zijn, niet "nee"');
    expect(() => loadConfig({ COOKIE_SECURE: '1' })).toThrow(/COOKIE_SECURE moet true of false zijn/);
  });
});

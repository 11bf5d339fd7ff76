import { describe, expect, it } from 'vitest';
import {
  NO_DATA_SYMBOL,
  SUPPRESSED_SYMBOL,
  describePublished,
  formatDate,
  formatDecimal,
  formatList,
  formatNumber,
  formatPercent,
  formatValue,
  formatIndicator,
  formatPublished,
  formatSchoolYear,
} from './format.ts';
import { indicator } from './indicators.ts';

describe('formatNumber', () => {
  it('uses Dutch separators: point for thousands, comma for decimals', () => {
    expect(formatNumber(1234)).toBe('1.234');
    expect(formatNumber(1234567.891, 2)).toBe('1.234.567,89');
    expect(formatNumber(1234.5, 1)).toBe('1.234,5');
    expect(formatNumber(7)).toBe('7');
  });

  it('keeps a fixed number of decimals and rounds half away from zero', () => {
    expect(formatNumber(2, 1)).toBe('2,0');
    expect(formatNumber(2.25, 1)).toBe('2,3');
    expect(formatNumber(2.5)).toBe('3');
    expect(formatNumber(-2.5)).toBe('-3');
  });

  it('never shows a negative zero', () => {
    expect(formatNumber(-0.4)).toBe('0');
    expect(formatNumber(-0)).toBe('0');
    expect(formatNumber(-3.2)).toBe('-3');
  });

  it('renders missing and non-finite values as no data', () => {
    expect(formatNumber(null)).toBe(NO_DATA_SYMBOL);
    expect(formatNumber(undefined, 2)).toBe('–');
    expect(formatNumber(Number.NaN)).toBe('–');
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('–');
  });

  it('rejects an impossible number of decimals', () => {
    expect(() => formatNumber(1, -1)).toThrow(RangeError);
    expect(() => formatNumber(1, 1.5)).toThrow(RangeError);
  });
});

describe('formatDecimal', () => {
  it('drops trailing zeros up to the maximum number of decimals', () => {
    expect(formatDecimal(2.5)).toBe('2,5');
    expect(formatDecimal(3)).toBe('3');
    expect(formatDecimal(1.26)).toBe('1,3');
    expect(formatDecimal(0.4567, 2)).toBe('0,46');
    expect(formatDecimal(-0.04)).toBe('0');
    expect(formatDecimal(null)).toBe('–');
  });
});

describe('formatPercent', () => {
  it('formats a 0–100 percentage without a space before the sign', () => {
    expect(formatPercent(45)).toBe('45%');
    expect(formatPercent(45.25, 1)).toBe('45,3%');
    expect(formatPercent(100)).toBe('100%');
    expect(formatPercent(0.4)).toBe('0%');
    expect(formatPercent(null)).toBe('–');
  });

});

describe('formatValue', () => {
  it('writes every unit with its suffix and default decimals', () => {
    expect(formatValue(45.6, 'percent')).toBe('46%');
    expect(formatValue(2.345, 'hours')).toBe('2,3 uur');
    expect(formatValue(0.214, 'fte')).toBe('0,21 fte');
    expect(formatValue(1234, 'count')).toBe('1.234');
    expect(formatValue(1.5, 'decimal')).toBe('1,50');
    expect(formatValue(undefined, 'percent')).toBe('–');
  });

  it('gives a difference its sign, but not one that rounds to nothing', () => {
    expect(formatValue(12.34, 'pp')).toBe('+12,3 pp');
    expect(formatValue(-4.56, 'pp')).toBe('-4,6 pp');
    expect(formatValue(0.01, 'pp')).toBe('0,0 pp');
  });

  it('formats a catalogue figure with its own decimals', () => {
    expect(formatIndicator(indicator('equityGap'), 6.66)).toBe('+6,7 pp');
    expect(formatIndicator(indicator('implementation'), 45.5)).toBe('46%');
    expect(formatIndicator(indicator('capacityFtePer100'), 0.2)).toBe('0,20 fte');
  });
});

describe('formatPublished', () => {
  it('shows the CBS "." for hidden cells, whatever the reason', () => {
    expect(formatPublished({ value: null, schools: null, suppressed: 'small_cell' }, 'percent', 5)).toBe(SUPPRESSED_SYMBOL);
    expect(formatPublished({ value: null, schools: null, suppressed: 'complementary' }, 'percent', 5)).toBe('.');
  });

  it('shows "–" for a cell without schools, a class distinct from hidden', () => {
    expect(formatPublished({ value: null, schools: 0, suppressed: null }, 'percent', 5)).toBe('–');
    expect(formatPublished(null, 'percent', 5)).toBe('–');
    expect(formatPublished({ value: null, schools: 12, suppressed: null }, 'count', 5)).toBe('–');
  });

  it('formats the value in its unit', () => {
    const p = { value: 45.678, schools: 20, suppressed: null };
    expect(formatPublished(p, 'percent', 5)).toBe('46%');
    expect(formatPublished(p, 'percent', 5, 1)).toBe('45,7%');
    expect(formatPublished(p, 'decimal', 5)).toBe('45,68');
    expect(formatPublished({ ...p, value: 1234 }, 'count', 5)).toBe('1.234');
    expect(formatPublished({ ...p, value: 8.2 }, 'pp', 5)).toBe('+8,2 pp');
  });

  it('still hides a value resting on too few schools that slipped through unsuppressed', () => {
    expect(formatPublished({ value: 50, schools: 3, suppressed: null }, 'percent', 5)).toBe('.');
  });
});

describe('describePublished', () => {
  it('explains in Dutch why a cell is empty or hidden and what it rests on', () => {
    expect(describePublished({ value: null, schools: null, suppressed: 'small_cell' }, 5)).toBe(
      'Niet getoond: gebaseerd op minder dan 5 scholen',
    );
    expect(describePublished({ value: null, schools: null, suppressed: 'complementary' }, 5)).toBe(
      'Niet getoond: anders is een kleine groep scholen af te leiden uit andere cijfers',
    );
    expect(describePublished({ value: null, schools: 0, suppressed: null }, 5)).toBe('Geen gegevens: geen scholen');
    expect(describePublished(undefined, 5)).toBe('Geen gegevens');
    expect(describePublished({ value: 50, schools: 1234, suppressed: null }, 5)).toBe('Gebaseerd op 1.234 scholen');
    expect(describePublished({ value: 50, schools: 1, suppressed: null }, 1)).toBe('Gebaseerd op 1 school');
    expect(describePublished({ value: null, schools: 8, suppressed: null }, 5)).toBe('Geen gegevens (8 scholen)');
  });
});

describe('formatSchoolYear', () => {
  it('writes the school year with an en dash', () => {
    expect(formatSchoolYear('2024-2025')).toBe('2024–2025');
    expect(formatSchoolYear(null)).toBe('–');
  });

  it('rejects something that is not a school year', () => {
    expect(() => formatSchoolYear('2024-2026')).toThrow(RangeError);
    expect(() => formatSchoolYear('2024')).toThrow(RangeError);
  });
});

describe('formatDate', () => {
  it('writes a calendar day in full Dutch', () => {
    expect(formatDate('2026-11-25')).toBe('25 november 2026');
    expect(formatDate('2025-03-01')).toBe('1 maart 2025');
  });

  it('shows a timestamp as the day it was in the Netherlands', () => {
    // 23:30 UTC on 31 December is already New Year's Day in Amsterdam (UTC+1).
    expect(formatDate('2025-12-31T23:30:00Z')).toBe('1 januari 2026');
    expect(formatDate('2026-07-01T21:59:00Z')).toBe('1 juli 2026');
  });

  it('is null-safe and rejects non-dates, including days that do not exist', () => {
    expect(formatDate(null)).toBe('–');
    expect(formatDate('')).toBe('–');
    expect(() => formatDate('gisteren')).toThrow(RangeError);
    expect(() => formatDate('2026-02-30')).toThrow(RangeError);
  });
});

describe('formatList', () => {
  it('joins names the Dutch way, without a comma before "en"', () => {
    expect(formatList(['Amsterdam', 'Rotterdam', 'Utrecht'])).toBe('Amsterdam, Rotterdam en Utrecht');
    expect(formatList(['Amsterdam', 'Rotterdam'])).toBe('Amsterdam en Rotterdam');
    expect(formatList(['Amsterdam'])).toBe('Amsterdam');
    expect(formatList([])).toBe('');
  });
});

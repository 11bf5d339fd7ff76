import { formatNumber, formatPercent } from '@rd/shared/format';

/** Units the UI shows; the nl-NL formatting itself comes from @rd/shared/format. */
export type Unit = 'percent' | 'pp' | 'number' | 'decimal' | 'hours' | 'fte';

export function formatValue(value: number | null, unit: Unit, decimals?: number): string {
  if (value === null || !Number.isFinite(value)) return '–';
  switch (unit) {
    case 'percent':
      return formatPercent(value, decimals ?? 0);
    case 'pp':
      return `${value > 0 ? '+' : ''}${formatNumber(value, decimals ?? 1)} pp`;
    case 'hours':
      return `${formatNumber(value, decimals ?? 1)} uur`;
    case 'fte':
      return `${formatNumber(value, decimals ?? 2)} fte`;
    case 'decimal':
      return formatNumber(value, decimals ?? 2);
    case 'number':
      return formatNumber(value, decimals ?? 0);
  }
}

export function suppressionTitle(reason: 'small_cell' | 'complementary', minSchools: number): string {
  return reason === 'small_cell'
    ? `Afgeschermd: gebaseerd op minder dan ${minSchools} scholen`
    : `Afgeschermd: aanvullend afgeschermd, zodat een kleine groep scholen niet uit andere cijfers (totalen, andere sectoren, achterstandsgroepen of partnertypen) kan worden teruggerekend (drempel ${minSchools} scholen)`;
}

export function noDataTitle(): string {
  return 'Geen gegevens: er zijn hier geen scholen of geen scans';
}

export const SECTOR_LABELS: Record<string, string> = {
  all: 'Alle sectoren',
  po: 'Primair onderwijs (po)',
  so: '(Voortgezet) speciaal onderwijs ((v)so)',
  vo: 'Voortgezet onderwijs (vo)',
  mbo: 'Middelbaar beroepsonderwijs (mbo)',
};

/**
 * The client's door to the one formatter and unit vocabulary of @rd/shared: every figure on screen
 * is written by `formatValue`, the same function the PDF's print page uses.
 */
export { formatValue } from '@rd/shared/format';
export type { Unit } from '@rd/shared/indicators';

export function suppressionTitle(reason: 'small_cell' | 'complementary', minSchools: number): string {
  return reason === 'small_cell'
    ? `Afgeschermd: gebaseerd op minder dan ${minSchools} scholen`
    : `Afgeschermd: aanvullend afgeschermd, zodat een kleine groep scholen niet uit andere cijfers (totalen, andere sectoren, achterstandsgroepen of partnertypen) kan worden teruggerekend (drempel ${minSchools} scholen)`;
}

export function noDataTitle(): string {
  return 'Geen gegevens: er zijn hier geen scholen of geen scans';
}

/** The sector filter's names, from the catalogue (also the exports' and reports' sector line). */
export { SECTOR_FILTER_LABELS as SECTOR_LABELS } from '@rd/shared/catalogue';

/**
 * Names in Dutch alphabetical order. One collator for every sort: `localeCompare(…, 'nl')` sets one up
 * for each comparison, ten times slower over a region's municipalities, at every render of a map.
 */
export const compareDutch = new Intl.Collator('nl').compare;

import { memo, useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { formatDecimal, formatIndicator, formatSchoolYear } from '@rd/shared/format';
import { indicator } from '@rd/shared/indicators';
import { type Published } from '@rd/shared/metrics/suppression';
import { useTRPC, type RouterOutputs } from '../app/trpc.ts';
import { useMinSchools } from '../app/use-meta.ts';
import type { SectorFilter } from '../app/url-state.ts';
import { EChart } from './charts/echart.tsx';
import { SERIES_COLORS } from './charts/chart-colors.ts';
import { DataTable, codeKey, type Column } from './data-table/data-table.tsx';
import { FigureBlock } from './figure-block.tsx';
import { QueryView } from './states.tsx';
import { formatValue, SECTOR_LABELS } from '../logic/display.ts';
import { figureColumn } from '../logic/metrics.ts';

/** A region with last year's position and the change since, both from the server. */
type Row = RouterOutputs['capacity']['regions']['rows'][number];

const FTE_PER_100 = indicator('capacityFtePer100');
const IMPLEMENTATION = indicator('implementation');

/**
 * The seed's central finding, for every region: advisory capacity (x) against implementation (y),
 * with an arrow from last school year's position and the selected region highlighted.
 * Memoised: the overview re-renders on every filter change, and this section changes only with its own props.
 */
export const CapacityScatter = memo(function CapacityScatter({ schoolYear, sector, regionCode, lead = false }: {
  schoolYear: string; sector: SectorFilter; regionCode: string | null;
  /** Shown as the page's key finding (the overview), with a title that states the question. */
  lead?: boolean;
}) {
  const trpc = useTRPC();
  const minSchools = useMinSchools();
  const regions = useQuery(trpc.capacity.regions.queryOptions({ schoolYear, sector }));
  const previousYear = regions.data?.previousYear ?? null;
  const rows: readonly Row[] = useMemo(() => regions.data?.rows ?? [], [regions.data]);

  const highlighted = rows.find((r) => r.code === regionCode);
  const fit = regions.data?.correlations.ftePer100VsImplementation.fit ?? null;
  const option = useMemo(() => {
    const plotted = rows.filter((r) => r.advisorFtePer100Schools !== null && r.implementation.value !== null);
    const xs = plotted.map((r) => r.advisorFtePer100Schools!);
    // Points in the right quarter carry their label on the left, so it stays inside the chart.
    const labelLeftFrom = Math.min(...xs) + 0.75 * (Math.max(...xs) - Math.min(...xs));
    const point = (r: Row) => ({
      value: [r.advisorFtePer100Schools, r.implementation.value, r.name],
      label: { position: (r.advisorFtePer100Schools ?? 0) > labelLeftFrom ? 'left' : 'right' },
    });
    const arrows = plotted
      .filter((r) => r.previous.advisorFtePer100Schools !== null && r.previous.implementation !== null)
      .map((r) => [
        { coord: [r.previous.advisorFtePer100Schools, r.previous.implementation], lineStyle: { color: r.code === regionCode ? SERIES_COLORS.highlight : '#9aa7b4', width: r.code === regionCode ? 2 : 1 } },
        { coord: [r.advisorFtePer100Schools, r.implementation.value] },
      ]);
    return {
      grid: { left: 60, right: 20, top: 20, bottom: 90 },
      legend: { bottom: 0, left: 0 },
      tooltip: {
        trigger: 'item',
        formatter: (p: { value: [number, number, string] }) =>
          Array.isArray(p.value) ? `<strong>${p.value[2]}</strong><br/>Adviescapaciteit: ${formatIndicator(FTE_PER_100, p.value[0])} per 100 scholen<br/>Implementatiegraad: ${formatIndicator(IMPLEMENTATION, p.value[1])}<br/>Schooljaar: ${formatSchoolYear(schoolYear)}` : '',
      },
      xAxis: { type: 'value', name: FTE_PER_100.shortLabel, nameLocation: 'middle', nameGap: 35, scale: true, axisLabel: { formatter: (v: number) => formatDecimal(v, FTE_PER_100.decimals) } },
      yAxis: { type: 'value', name: `${IMPLEMENTATION.shortLabel} (%)`, nameLocation: 'middle', nameGap: 45, scale: true, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          name: "GGD-regio's",
          type: 'scatter',
          symbolSize: 11,
          itemStyle: { color: SERIES_COLORS.other, borderColor: '#1a1a1a', borderWidth: 0.5 },
          data: plotted.filter((r) => r.code !== regionCode).map(point),
          label: { show: true, fontSize: 10, color: '#333', formatter: (p: { value: [number, number, string] }) => shortName(p.value[2]) },
          labelLayout: { hideOverlap: true },
          markLine: { silent: true, symbol: ['none', 'arrow'], symbolSize: 7, animation: false, label: { show: false }, data: arrows },
        },
        ...(fitLine(fit, plotted.map((r) => r.advisorFtePer100Schools!))
          ? [{
              name: 'Trendlijn (kleinste kwadraten)',
              type: 'line',
              showSymbol: false,
              silent: true,
              lineStyle: { color: '#1a1a1a', type: 'dashed', width: 1.5 },
              itemStyle: { color: '#1a1a1a' },
              data: fitLine(fit, plotted.map((r) => r.advisorFtePer100Schools!)),
              z: 1,
            }]
          : []),
        ...(highlighted && highlighted.implementation.value !== null
          ? [{
              name: highlighted.name,
              type: 'scatter',
              symbol: 'diamond',
              symbolSize: 20,
              itemStyle: { color: SERIES_COLORS.highlight, borderColor: '#000', borderWidth: 1 },
              label: { show: true, position: 'right', formatter: highlighted.name, fontWeight: 'bold', color: '#000' },
              data: [point(highlighted)],
            }]
          : []),
      ],
    };
  }, [rows, regionCode, highlighted, schoolYear, fit]);

  const corr = regions.data?.correlations.ftePer100VsImplementation;
  const trendText = ({ implementationChange: change }: Row) => (change === null ? 'onbekend' : `${change > 0.5 ? '↑' : change < -0.5 ? '↓' : '→'} ${formatValue(change, 'pp', 1)}`);
  const columns: Column<Row>[] = [
    { id: 'name', header: 'GGD-regio', kind: 'text', value: (r) => r.name },
    { id: 'fte', kind: 'number', ...figureColumn('advisorFte'), value: (r) => r.advisorFte },
    { id: 'ftePer100', kind: 'number', ...figureColumn('capacityFtePer100'), value: (r) => r.advisorFtePer100Schools },
    { id: 'hoursPerSchool', kind: 'published', ...figureColumn('supportHoursPerSchool'), value: (r) => r.supportHoursPerSchool },
    { id: 'implementation', kind: 'published', ...figureColumn('implementation'), value: (r) => r.implementation },
    { id: 'change', header: `Verandering sinds ${formatSchoolYear(previousYear)}`, kind: 'number', value: (r) => r.implementationChange, render: (r) => <span className={r.implementationChange === null ? undefined : r.implementationChange > 0 ? 'trend-up' : 'trend-down'}>{trendText(r)}</span> },
    { id: 'scanCoverage', kind: 'published', ...figureColumn('scanCoverage'), value: (r) => r.scanCoverage },
    { id: 'schools', kind: 'published', ...figureColumn('schools'), value: (r) => r.schools as Published, hidden: true },
  ];

  const title = lead
    ? `Kernbevinding: implementeren scholen meer waar de GGD meer adviescapaciteit heeft? ${formatSchoolYear(schoolYear)}`
    : `Adviescapaciteit en implementatie van alle 25 GGD-regio's, ${formatSchoolYear(schoolYear)}`;
  return (
    <QueryView query={regions} height={560} errorHeight={460} heading={title}>{() => (
      <FigureBlock
        testId="capacity-scatter"
        title={title}
        exportSpec={{ table: 'capaciteit', params: { jaar: schoolYear, sector }, label: "adviescapaciteit en implementatie per GGD-regio" }}
        description={
          <p>
            Elke stip is een GGD-regio{highlighted ? `; ${highlighted.name} is gemarkeerd met een ruit` : ''}. De pijlen tonen de verschuiving sinds {formatSchoolYear(previousYear)};
            de stippellijn is de trendlijn over alle regio's. De capaciteit is voor alle Gezonde School-thema's, niet alleen welbevinden.{' '}
            {corr && corr.r !== null
              ? <>Correlatie tussen capaciteit en implementatie: <strong>r = {formatDecimal(corr.r, 2)}</strong> over {corr.n} regio's ({SECTOR_LABELS[sector]!.toLowerCase()}). Samenhang is geen bewijs van oorzaak.</>
              : 'Te weinig regio’s met cijfers om een correlatie te berekenen.'}
            {highlighted && highlighted.implementation.value !== null && highlighted.advisorFtePer100Schools !== null && (
              <> {highlighted.name}: {formatIndicator(FTE_PER_100, highlighted.advisorFtePer100Schools)} per 100 scholen, implementatiegraad {formatIndicator(IMPLEMENTATION, highlighted.implementation.value)} ({trendText(highlighted)}).</>
            )}
          </p>
        }
        chart={<EChart option={option} height={460} label={`Spreidingsdiagram: ${title}`} />}
        table={<DataTable caption={title} rows={rows} columns={columns} rowKey={codeKey} minSchools={minSchools} highlight={(r) => r.code === regionCode} initialSort={[{ id: 'ftePer100', desc: true }]} />}
      />
    )}</QueryView>
  );
});

/** "GGD Hollands Noorden" → "Hollands Noorden": the chart has room for the distinguishing part only. */
function shortName(name: string): string {
  return name.replace(/^GGD\s+/, '');
}

/** The least-squares line over the plotted capacity range, or null without a fit. */
function fitLine(fit: { slope: number; intercept: number } | null, xs: readonly number[]): [number, number][] | null {
  if (!fit || xs.length < 2) return null;
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return [[lo, fit.intercept + fit.slope * lo], [hi, fit.intercept + fit.slope * hi]];
}

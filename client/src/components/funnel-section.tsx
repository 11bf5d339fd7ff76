import { memo, useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { formatSchoolYear } from '@rd/shared/format';
import { useTRPC, type RouterOutputs } from '../app/trpc.ts';
import { useMinSchools } from '../app/use-meta.ts';
import type { Scope, SectorFilter } from '../app/url-state.ts';
import { EChart } from './charts/echart.tsx';
import { DataTable, type Column } from './data-table/data-table.tsx';
import { scopeParams } from './export-buttons.tsx';
import { FigureBlock } from './figure-block.tsx';
import { QueryView } from './states.tsx';
import { SECTOR_LABELS, formatValue } from '../logic/display.ts';

type Funnel = RouterOutputs['funnel']['gezondeSchool'];
interface FunnelStep { id: string; label: string; count: Funnel['vignet']['count']; share: Funnel['vignet']['share'] }

/**
 * Gezonde School funnel: phase → certificate (vignet, per theme) → renewal due next school year.
 * Memoised: the overview re-renders on every filter change, and this section changes only with its own props.
 */
export const FunnelSection = memo(function FunnelSection({ scope, scopeName, schoolYear, sector }: { scope: Scope; scopeName: string; schoolYear: string; sector: SectorFilter }) {
  const trpc = useTRPC();
  const minSchools = useMinSchools();
  const funnel = useQuery(trpc.funnel.gezondeSchool.queryOptions({ scope, schoolYear, sector }));

  const steps = useMemo<FunnelStep[]>(() => {
    if (!funnel.data) return [];
    const f = funnel.data;
    return [
      ...f.phases.map((p) => ({ id: `phase-${p.phase}`, label: `Fase: ${p.label}`, count: p.count, share: p.share })),
      { id: 'vignet', label: 'Met vignet (minstens één themacertificaat)', count: f.vignet.count, share: f.vignet.share },
    ];
  }, [funnel.data]);

  type ThemeRow = Funnel['themes'][number];
  const themeColumns: Column<ThemeRow>[] = [
    { id: 'label', header: 'Thema', kind: 'text', value: (r) => r.label },
    { id: 'holders', header: 'Scholen met geldig certificaat', kind: 'published', unit: 'count', value: (r) => r.holders },
    { id: 'share', header: 'Aandeel scholen', kind: 'published', unit: 'percent', value: (r) => r.share },
    { id: 'renewal', header: `Verlenging nodig in ${funnel.data ? formatSchoolYear(funnel.data.nextSchoolYear) : 'volgend schooljaar'}`, kind: 'published', unit: 'count', value: (r) => r.renewalDue },
  ];
  const stepColumns: Column<FunnelStep>[] = [
    { id: 'label', header: 'Stap', kind: 'text', value: (r) => r.label, sortable: false },
    { id: 'count', header: 'Scholen', kind: 'published', unit: 'count', value: (r) => r.count },
    { id: 'share', header: 'Aandeel scholen', kind: 'published', unit: 'percent', value: (r) => r.share },
  ];

  const option = useMemo(() => ({
    // Labels wrap within a fixed width so the bars keep their room on a phone.
    grid: { left: 8, right: 48, top: 10, bottom: 30, containLabel: true },
    tooltip: { trigger: 'item', formatter: (p: { name: string; value: number }) => `${p.name}: ${formatValue(p.value, 'percent')}` },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', inverse: true, data: steps.map((s) => s.label), axisLabel: { width: 150, overflow: 'break', lineHeight: 14 } },
    series: [{
      type: 'bar',
      data: steps.map((s) => ({ value: s.share.value ?? 0, itemStyle: { color: s.share.suppressed ? '#bdbdbd' : '#01689b' } })),
      label: { show: true, position: 'right', formatter: (p: { dataIndex: number }) => {
        const s = steps[p.dataIndex]!;
        return s.share.suppressed ? '.' : formatValue(s.share.value, 'percent');
      } },
    }],
  }), [steps]);

  return (
    <section aria-labelledby="funnel-titel">
      <h2 id="funnel-titel">Gezonde School: van fase naar certificaat, {scopeName}</h2>
      <QueryView query={funnel} height={420} errorHeight={300}>{(data) => (
        <>
          <p>
            Basis: {formatValue(data.schools.value, 'count')} scholen met gegevens over de Gezonde School-aanpak in {formatSchoolYear(schoolYear)}.
            Een themacertificaat is drie jaar geldig.
          </p>
          <FigureBlock
            level={3}
            title="Scholen per fase en met vignet"
            exportSpec={{ table: 'gezonde-school', params: { ...scopeParams(scope), jaar: schoolYear, sector }, label: `scholen per Gezonde School-fase, ${scopeName}` }}
            chart={<EChart option={option} height={260} label="Staafdiagram: aandeel scholen per Gezonde School-fase en met vignet" />}
            table={<DataTable caption="Scholen per Gezonde School-fase en met vignet" rows={steps} columns={stepColumns} rowKey={(r) => r.id} minSchools={minSchools} pageSize={10} />}
          />
          <h3>Certificaten per thema en verlengingen</h3>
          {sector !== 'all' && (
            <p>
              Certificaten en verlengingen per thema worden alleen over alle sectoren samen gepubliceerd: per sector
              gaat het meestal om enkele scholen, en samen met andere cijfers zouden die aantallen iets over één school zeggen.
              Kies ‘{SECTOR_LABELS.all}’ om ze te zien.
            </p>
          )}
          <DataTable caption={`Themacertificaten, ${formatSchoolYear(schoolYear)}`} rows={data.themes} columns={themeColumns} rowKey={(r) => r.theme} minSchools={minSchools} pageSize={10}
            exportSpec={{ table: 'themacertificaten', params: { ...scopeParams(scope), jaar: schoolYear, sector }, label: `themacertificaten, ${scopeName}` }} />
        </>
      )}</QueryView>
    </section>
  );
});

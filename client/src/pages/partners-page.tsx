import { useQuery } from '@tanstack/react-query';
import { formatSchoolYear } from '@rd/shared/format';
import { indicator } from '@rd/shared/indicators';
import { type Published } from '@rd/shared/metrics/suppression';
import { useTRPC, type RouterOutputs } from '../app/trpc.ts';
import { usePageTitle } from '../app/use-page-title.ts';
import { useMinSchools } from '../app/use-meta.ts';
import { useUrlState } from '../app/url-state.ts';
import { usePageScope } from '../app/use-page-scope.ts';
import { ScopeFilterBar } from '../components/filters.tsx';
import { scopeParams } from '../components/export-buttons.tsx';
import { DataTable, codeKey, type Column } from '../components/data-table/data-table.tsx';
import { KeyFigures } from '../components/key-figures.tsx';
import { MetricMap } from '../components/map/metric-map.tsx';
import { QueryView } from '../components/states.tsx';
import { formatValue, SECTOR_LABELS } from '../logic/display.ts';

const PARTNER_COVERAGE = indicator('partnerCoverage');

type Coverage = RouterOutputs['partners']['coverage'];
type Gaps = RouterOutputs['partners']['gaps'];
const NO_DATA: Published = { value: null, schools: 0, suppressed: null };

export default function PartnersPage() {
  usePageTitle('Partners');
  const trpc = useTRPC();
  const minSchools = useMinSchools();
  const { schoolYear, sector } = useUrlState();
  const { scope, municipalityCode, regionCode, regionName, municipalityName, scopeName } = usePageScope();
  const coverage = useQuery(trpc.partners.coverage.queryOptions({ scope, schoolYear, sector }));
  const gaps = useQuery(trpc.partners.gaps.queryOptions({ scope, schoolYear, sector }));

  return (
    <div className="page">
      <h1>Partners rond de school{municipalityName || regionName ? `: ${municipalityName ?? regionName}` : ''}</h1>
      <p className="page-intro">
        Met welke partners (jeugdgezondheidszorg, schoolmaatschappelijk werk, jeugdhulp, jongerenwerk, …) hebben scholen een
        structurele afspraak? Per gemeente, en waar verbindingen ontbreken.
      </p>
      <ScopeFilterBar label="Filters voor partners" regionCode={regionCode} municipalityCode={municipalityCode} />

      <h2>Dekking per partnertype, {scopeName}</h2>
      <QueryView query={coverage} height={220}>{(data) => (
        <KeyFigures
          label={`Dekking per partnertype, ${scopeName}`}
          minSchools={minSchools}
          figures={data.scopeTotals.map((t) => ({
            id: t.partnerType,
            label: data.partnerTypes.find((p) => p.id === t.partnerType)?.label ?? t.partnerType,
            value: t.coverage,
            unit: PARTNER_COVERAGE.unit,
            decimals: PARTNER_COVERAGE.decimals,
          }))}
        />
      )}</QueryView>

      <MetricMap metricId="partnerCoverage" regionCode={regionCode} regionName={regionName} schoolYear={schoolYear} sector={sector} />

      <h2>Matrix: gemeenten × partnertypen</h2>
      <p>Percentage scholen met een structurele afspraak, {formatSchoolYear(schoolYear)}, {SECTOR_LABELS[sector]!.toLowerCase()}.</p>
      <QueryView query={coverage} height={600}>{(data) => <CoverageMatrix data={data} scopeName={scopeName} minSchools={minSchools} scope={scope} />}</QueryView>

      <h2>Ontbrekende verbindingen en signalen</h2>
      <QueryView query={gaps} height={600}>{(data) => <GapsBlock data={data} scopeName={scopeName} minSchools={minSchools} scope={scope} />}</QueryView>
    </div>
  );
}

function CoverageMatrix({ data, scopeName, minSchools, scope }: { data: Coverage; scopeName: string; minSchools: number; scope: { level: string; code?: string } }) {
  type Row = Coverage['municipalities'][number];
  const columns: Column<Row>[] = [
    { id: 'name', header: 'Gemeente', kind: 'text', value: (r) => r.name },
    ...data.partnerTypes.map((t): Column<Row> => ({
      id: t.id, header: t.label, kind: 'published', unit: PARTNER_COVERAGE.unit, decimals: PARTNER_COVERAGE.decimals, value: (r) => r.coverage[t.id as keyof Row['coverage']] ?? NO_DATA,
    })),
  ];
  return <DataTable testId="partner-matrix" caption={`Partnerdekking per gemeente, ${scopeName}`} rows={data.municipalities} columns={columns} rowKey={codeKey} minSchools={minSchools}
    exportSpec={{ table: 'partnerdekking', params: { ...scopeParams(scope), jaar: data.schoolYear, sector: data.sector }, label: `partnerdekking per gemeente, ${scopeName}` }} />;
}

function GapsBlock({ data, scopeName, minSchools, scope }: { data: Gaps; scopeName: string; minSchools: number; scope: { level: string; code?: string } }) {
  type Row = Gaps['municipalities'][number];
  const columns: Column<Row>[] = [
    { id: 'name', header: 'Gemeente', kind: 'text', value: (r) => r.name },
    { id: 'missing', header: 'Geen enkele school heeft een afspraak met', kind: 'text', value: (r) => (r.missing.length ? r.missing.map((m) => m.label).join(', ') : '–') },
    { id: 'weak', header: `Minder dan ${data.thresholds.lowCoverageBelow}% van de scholen`, kind: 'text', value: (r) => (r.weak.length ? r.weak.map((w) => `${w.label} (${formatValue(w.coverage, 'percent')})`).join(', ') : '–') },
    ...data.signalDefinitions.map((s, i): Column<Row> => ({
      id: s.id, header: `${s.label} (% scholen)`, kind: 'published', unit: 'percent', value: (r) => r.signals[i]?.share ?? NO_DATA,
      render: (r) => {
        const sig = r.signals[i];
        if (!sig) return '–';
        const text = sig.share.suppressed ? '.' : formatValue(sig.share.value, 'percent');
        return sig.flagged ? <strong title="Signaal: boven de drempel">{text} ⚠</strong> : text;
      },
    })),
    { id: 'hidden', header: 'Afgeschermde partnertypen', kind: 'number', value: (r) => r.hiddenTypes, hidden: true },
  ];
  const flagged = data.municipalities.filter((m) => m.signals.some((s) => s.flagged)).length;
  return (
    <>
      <dl className="definition-list">
        {data.signalDefinitions.map((s) => (
          <div key={s.id}><dt>{s.label}</dt><dd>{s.explanation} Gemarkeerd (⚠) vanaf {data.thresholds.signalFlagFrom}% van de scholen.</dd></div>
        ))}
      </dl>
      <p>{flagged} van de {data.municipalities.length} gemeenten in {scopeName} hebben ten minste één signaal.</p>
      <DataTable testId="partner-gaps" caption={`Ontbrekende partners en signalen per gemeente, ${scopeName}`} rows={data.municipalities} columns={columns} rowKey={codeKey} minSchools={minSchools}
        exportSpec={{ table: 'partnersignalen', params: { ...scopeParams(scope), jaar: data.schoolYear, sector: data.sector }, label: `ontbrekende partners en signalen, ${scopeName}` }} />
    </>
  );
}

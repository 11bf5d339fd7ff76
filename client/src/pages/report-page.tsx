import { useEffect, useId, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { formatSchoolYear } from '@rd/shared/format';
import { useTRPC } from '../app/trpc.ts';
import { seesRegionDetail, useMunicipalityRegions, useUserScope } from '../app/user-scope.ts';
import { usePageTitle } from '../app/use-page-title.ts';
import { parseRegionCode, useUrlState } from '../app/url-state.ts';
import { FilterBar, RegionSelect, SectorSelect, YearSelect } from '../components/filters.tsx';
import { SECTOR_LABELS } from '../logic/display.ts';

type Format = 'pdf' | 'xlsx';
type Job =
  | { state: 'idle' }
  | { state: 'busy'; started: number; label: string }
  | { state: 'done'; url: string; fileName: string; seconds: number; label: string }
  | { state: 'error'; message: string };

/** The server's file name from Content-Disposition, else a sensible default. */
function fileNameOf(res: Response, fallback: string): string {
  return /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallback;
}

/**
 * Rapporten: a PDF report (or the same tables as an Excel workbook) for a GGD region or a
 * municipality, per school year and sector. Generation takes a few seconds: the page shows
 * progress and then a download link, so nothing is lost when the user tabs away.
 */
export default function ReportPage() {
  usePageTitle('Rapporten');
  const trpc = useTRPC();
  const { params, schoolYear, sector, update } = useUrlState();
  const regionCode = parseRegionCode(params.get('regio'));
  const municipalityCode = params.get('gemeente');
  const regions = useQuery(trpc.geography.regions.queryOptions());
  const municipalities = useQuery(trpc.geography.municipalities.queryOptions({ regionCode: regionCode ?? undefined }, { enabled: !!regionCode }));
  const [format, setFormat] = useState<Format>('pdf');
  const [job, setJob] = useState<Job>({ state: 'idle' });
  const [now, setNow] = useState(Date.now());
  const municipalityId = useId();
  const formatId = useId();
  const urlRef = useRef<string | null>(null);

  useEffect(() => {
    if (job.state !== 'busy') return;
    const t = window.setInterval(() => setNow(Date.now()), 500);
    return () => window.clearInterval(t);
  }, [job.state]);
  // Free the previous file when a new one is made or the page is left.
  useEffect(() => () => { if (urlRef.current) URL.revokeObjectURL(urlRef.current); }, []);

  // A policymaker reaches their own municipalities through those municipalities' regions, never the whole region.
  const user = useUserScope();
  const municipalityRegions = useMunicipalityRegions(user);
  const ownMunicipalityRegions = [...new Set((user?.municipalities ?? []).map((m) => municipalityRegions.get(m)).filter((r): r is string => !!r))];
  const wholeRegion = !regionCode || seesRegionDetail(user, regionCode);
  const offeredMunicipalities = (municipalities.data ?? []).filter((m) => wholeRegion || user?.municipalities.includes(m.code));
  const regionName = regions.data?.find((r) => r.code === regionCode)?.name ?? regionCode;
  const municipality = municipalities.data?.find((m) => m.code === municipalityCode);
  const kind = municipality ? 'municipality' : 'region';
  const code = municipality?.code ?? (wholeRegion ? regionCode : null);
  const scopeLabel = municipality ? `gemeente ${municipality.name}` : `GGD-regio ${regionName ?? ''}`;
  const description = `${scopeLabel}, schooljaar ${formatSchoolYear(schoolYear)}, ${SECTOR_LABELS[sector]!.toLowerCase()}`;

  async function generate() {
    if (!code) return;
    const q = new URLSearchParams({ jaar: schoolYear, sector });
    const label = `${format === 'pdf' ? 'PDF-rapport' : 'Excel-bestand'} ${description}`;
    setJob({ state: 'busy', started: Date.now(), label });
    setNow(Date.now());
    try {
      const started = Date.now();
      const res = await fetch(`/api/report/${kind}/${code}.${format}?${q}`, { credentials: 'same-origin' });
      if (!res.ok) throw new Error((await res.text()) || `Fout ${res.status}`);
      const blob = await res.blob();
      if (urlRef.current) URL.revokeObjectURL(urlRef.current);
      urlRef.current = URL.createObjectURL(blob);
      setJob({ state: 'done', url: urlRef.current, fileName: fileNameOf(res, `rapport-${code}.${format}`), seconds: (Date.now() - started) / 1000, label });
    } catch (error) {
      setJob({ state: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }

  return (
    <div className="page">
      <h1>Rapporten</h1>
      <p className="page-intro">
        Een rapport voor een GGD-regio of een gemeente, voor overleg met scholen, gemeenten en het regionaal bestuur: kerncijfers, kaart,
        capaciteit tegen implementatie, profiel van pijlers en principes, gelijke kansen, partners, ontwikkeling en een methodepagina.
        Elk rapport vermeldt de gekozen filters en de peildatum. Kies Excel voor dezelfde tabellen als werkmap.
      </p>
      <FilterBar label="Keuzes voor het rapport">
        <RegionSelect value={regionCode} allowNation={false} onChangePatch={() => ({ gemeente: null })} alsoRegions={ownMunicipalityRegions} />
        <div className="field">
          <label htmlFor={municipalityId}>Gemeente</label>
          <select id={municipalityId} value={municipality?.code ?? ''} disabled={!regionCode} data-testid="report-municipality"
            onChange={(e) => update({ gemeente: e.target.value || null })}>
            {wholeRegion && <option value="">Hele regio</option>}
            {offeredMunicipalities.map((m) => <option key={m.code} value={m.code}>{m.name}</option>)}
          </select>
        </div>
        <YearSelect />
        <SectorSelect />
        <fieldset className="field">
          <legend id={formatId}>Formaat</legend>
          <label><input type="radio" name="rapport-formaat" value="pdf" checked={format === 'pdf'} onChange={() => setFormat('pdf')} /> PDF (A4)</label>
          <label><input type="radio" name="rapport-formaat" value="xlsx" checked={format === 'xlsx'} onChange={() => setFormat('xlsx')} /> Excel (tabellen)</label>
        </fieldset>
      </FilterBar>

      {!code ? (
        <p>Kies eerst een GGD-regio (en eventueel een gemeente).</p>
      ) : (
        <p>
          <button type="button" className="button" onClick={() => void generate()} disabled={job.state === 'busy'} data-testid="report-generate">
            Rapport maken
          </button>{' '}
          <span>{format === 'pdf' ? 'PDF-rapport' : 'Excel-bestand'} voor {description}.</span>
        </p>
      )}

      <div aria-live="polite" data-testid="report-status">
        {job.state === 'busy' && (
          <p>
            <progress aria-label="Rapport wordt gemaakt" /> {job.label} wordt gemaakt… {Math.max(0, Math.round((now - job.started) / 1000))} s
          </p>
        )}
        {job.state === 'done' && (
          <p className="notice">
            Klaar in {job.seconds.toLocaleString('nl-NL', { maximumFractionDigits: 1 })} s:{' '}
            <a href={job.url} download={job.fileName} data-testid="report-download">Download {job.fileName}</a>
          </p>
        )}
        {job.state === 'error' && <p role="alert" className="notice">Het rapport kon niet worden gemaakt: {job.message}</p>}
      </div>

      <h2>Voor veel rapporten tegelijk</h2>
      <p>
        Beheerders kunnen alle rapporten van een regio in één keer maken met het opdrachtregelprogramma:
        <code> npm run report -- --all-municipalities-of GG3406 --year 2024-2025 --out-dir rapporten</code>.
      </p>
    </div>
  );
}

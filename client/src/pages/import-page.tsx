import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IMPORT_KINDS, IMPORT_KIND_LABELS, type ImportKind } from '@rd/shared';
import { formatDate, formatNumber } from '@rd/shared/format';
import { currentCsrfToken, useTRPC, type RouterOutputs } from '../app/trpc.ts';
import { usePageTitle } from '../app/use-page-title.ts';
import { QueryView } from '../components/states.tsx';
import { RecordTable } from '../components/record-table.tsx';
// Type only: the NDJSON lines the upload route answers with.
import type { ImportStreamLine } from '@rd/server/src/import/routes.ts';

type Run = RouterOutputs['imports']['runs']['runs'][number];
type Result = Extract<ImportStreamLine, { type: 'resultaat' | 'geweigerd' }>;
type Problem = Extract<Result, { type: 'resultaat' }>['warnings'][number];
type Progress =
  | { stage: 'uploaden'; loaded: number; total: number }
  | { stage: 'valideren'; rows: number; fraction: number | null }
  | { stage: 'schrijven'; rows: number; fraction: number | null }
  | { stage: 'samenvatten'; rows: number; step: number; steps: number };

const when = (iso: string) => `${formatDate(iso.slice(0, 10))} ${new Date(iso).toLocaleTimeString('nl-NL', { hour: '2-digit', minute: '2-digit' })}`;
const kindLabel = (kind: string) => IMPORT_KIND_LABELS[kind as ImportKind] ?? kind;
const problemsWord = (n: number) => (n === 1 ? 'probleem' : 'problemen');

/** Sends the file as the request body and reads the NDJSON answer line by line as it arrives. */
function upload(kind: ImportKind, file: File, onProgress: (p: Progress) => void): Promise<Result> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    let read = 0;
    let result: Result | null = null;
    const consume = () => {
      const text = xhr.responseText;
      let end: number;
      while ((end = text.indexOf('\n', read)) >= 0) {
        const line = JSON.parse(text.slice(read, end)) as ImportStreamLine | { type: 'fout'; error: string };
        read = end + 1;
        if (line.type === 'voortgang') {
          onProgress(line.phase === 'samenvatten'
            ? { stage: 'samenvatten', rows: line.rowsRead, step: Math.min((line.rollups?.done ?? 0) + 1, line.rollups?.total ?? 1), steps: line.rollups?.total ?? 1 }
            : { stage: line.phase, rows: line.rowsRead, fraction: line.totalBytes ? (line.bytesRead ?? 0) / line.totalBytes : null });
        } else if (line.type === 'resultaat' || line.type === 'geweigerd') result = line;
        else reject(new Error(line.error));
      }
    };
    xhr.open('POST', `/api/import/${kind}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('x-csrf-token', currentCsrfToken());
    xhr.setRequestHeader('x-bestandsnaam', encodeURIComponent(file.name));
    xhr.upload.onprogress = (e) => onProgress({ stage: 'uploaden', loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
    xhr.onprogress = () => {
      if (xhr.status === 200) consume();
    };
    xhr.onerror = () => reject(new Error('De verbinding met de server is verbroken; er is mogelijk niets geïmporteerd. Bekijk de importgeschiedenis.'));
    xhr.onload = () => {
      if (xhr.status !== 200) {
        let message = `De server weigerde het bestand (${xhr.status}).`;
        try {
          message = (JSON.parse(xhr.responseText) as { error?: string }).error ?? message;
        } catch {
          // Not JSON: keep the status message.
        }
        reject(new Error(message));
        return;
      }
      consume();
      if (result) resolve(result);
      else reject(new Error('Het antwoord van de server was onvolledig; bekijk de importgeschiedenis.'));
    };
    xhr.send(file);
  });
}

function ProgressView({ progress }: { progress: Progress }) {
  let label: string;
  let value: number | undefined;
  if (progress.stage === 'uploaden') {
    value = progress.total > 0 ? progress.loaded / progress.total : undefined;
    label = `Uploaden: ${formatNumber(Math.round((value ?? 0) * 100))}%`;
  } else if (progress.stage === 'valideren') {
    value = progress.fraction ?? undefined;
    label = `Controleren en inlezen: ${formatNumber(progress.rows)} rijen${value !== undefined ? ` (${formatNumber(Math.round(value * 100))}%)` : ''}`;
  } else if (progress.stage === 'schrijven') {
    label = `Opslaan (${formatNumber(progress.rows)} rijen)…`;
  } else {
    value = (progress.step - 1) / progress.steps;
    label = `Het dashboard bijwerken: stap ${formatNumber(progress.step)} van ${formatNumber(progress.steps)}`;
  }
  return (
    <div className="import-progress">
      <label htmlFor="import-progress">{label}</label>
      {/* Without a value the bar shows that work is going on, without a percentage. */}
      <progress id="import-progress" max={1} value={value} />
    </div>
  );
}

function ProblemTable({ testId, caption, problems }: { testId: string; caption: string; problems: Problem[] }) {
  return (
    <RecordTable caption={caption} testId={testId} headers={['Rij', 'Kolom', 'Melding']}>
      {problems.map((p, i) => (
        <tr key={i}><td>{p.row}</td><td>{p.column || '–'}</td><td>{p.message}</td></tr>
      ))}
    </RecordTable>
  );
}

/** Unusual values that are (or, once the file is fixed, will be) imported all the same. */
function WarningsView({ result }: { result: Extract<Result, { type: 'resultaat' }> }) {
  if (result.warningCount === 0) return null;
  const hidden = result.warningCount - result.warnings.length;
  const word = result.warningCount === 1 ? 'waarschuwing' : 'waarschuwingen';
  return (
    <>
      <p>{formatNumber(result.warningCount)} {word}: ongebruikelijke waarden die {result.ok ? 'wel zijn geïmporteerd' : 'bij een geslaagde import wel worden geïmporteerd'}. Controleer ze.</p>
      <ProblemTable testId="warnings-table" problems={result.warnings}
        caption={`Waarschuwingen${hidden > 0 ? ` (de eerste ${formatNumber(result.warnings.length)} van ${formatNumber(result.warningCount)})` : ''}`} />
    </>
  );
}

function ResultView({ result }: { result: Result }) {
  if (result.type === 'geweigerd') {
    return (
      <div className="card import-result import-result--error" data-testid="import-refused">
        <div role="alert">
          <p><strong>Import geweigerd: er is niets geïmporteerd uit {result.fileName}.</strong></p>
          <p>{result.message}</p>
        </div>
      </div>
    );
  }
  if (result.ok) {
    return (
      <div className="card import-result">
        <p role="status"><strong>Import {result.runId} geslaagd:</strong> {formatNumber(result.rows)} rijen uit {result.fileName} ({formatNumber(result.inserted)} nieuw,{' '}
          {formatNumber(result.updated)} gewijzigd, {formatNumber(result.unchanged)} ongewijzigd). Het dashboard toont de nieuwe gegevens.</p>
        <WarningsView result={result} />
      </div>
    );
  }
  const hidden = result.problemCount - result.problems.length;
  return (
    <div className="card import-result import-result--error">
      <div role="alert">
        <p><strong>{formatNumber(result.problemCount)} {problemsWord(result.problemCount)} in {result.fileName}. Er is niets geïmporteerd:</strong> de gegevens zijn ongewijzigd.</p>
        <p>Herstel de rijen en kolommen hieronder in het bestand en upload het hele bestand opnieuw.</p>
      </div>
      {result.problemsUrl && (
        <p><a href={result.problemsUrl} download>Alle {formatNumber(result.problemCount)} {problemsWord(result.problemCount)} downloaden (CSV)</a></p>
      )}
      <ProblemTable testId="problems-table" problems={result.problems}
        caption={`Problemen${hidden > 0 ? ` (de eerste ${formatNumber(result.problems.length)}; alle ${formatNumber(result.problemCount)} staan in de download)` : ''}`} />
      <WarningsView result={result} />
    </div>
  );
}

function resultText(r: Run): string {
  if (r.result === 'mislukt') return `mislukt: ${formatNumber(r.problemCount)} ${problemsWord(r.problemCount)}, niets geïmporteerd`;
  if (r.result === 'ongedaan') return `ongedaan gemaakt${r.undoneAt ? ` op ${when(r.undoneAt)}` : ''}${r.undoneBy ? ` door ${r.undoneBy}` : ''}`;
  return `geslaagd: ${formatNumber(r.inserted ?? 0)} nieuw, ${formatNumber(r.updated ?? 0)} gewijzigd, ${formatNumber(r.unchanged ?? 0)} ongewijzigd`;
}

export default function ImportPage() {
  usePageTitle('Gegevens importeren');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const runs = useQuery(trpc.imports.runs.queryOptions({ limit: 50 }));
  const [kind, setKind] = useState<ImportKind>('schools');
  const [file, setFile] = useState<File | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [confirming, setConfirming] = useState<Run | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const maxMb = runs.data?.maxUploadMb;

  // New data (or data taken back) changes every figure: refetch everything, not only the history.
  const refreshAll = () => queryClient.invalidateQueries();
  const undo = useMutation(trpc.imports.undo.mutationOptions({ onSuccess: refreshAll, onSettled: () => setConfirming(null) }));

  useEffect(() => {
    if (confirming) dialog.current?.showModal();
    else dialog.current?.close();
  }, [confirming]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setResult(null);
    setFormError(null);
    undo.reset();
    if (!file) return setFormError('Kies eerst een bestand (CSV of XLSX).');
    if (maxMb !== undefined && file.size > maxMb * 1_000_000) {
      return setFormError(`Het bestand is te groot (${formatNumber(file.size / 1_000_000, 1)} MB): de grens voor uploaden is ${formatNumber(maxMb)} MB. Splits het bestand, bijvoorbeeld per schooljaar.`);
    }
    setProgress({ stage: 'uploaden', loaded: 0, total: file.size });
    try {
      setResult(await upload(kind, file, setProgress));
    } catch (error) {
      setFormError((error as Error).message);
    } finally {
      setProgress(null);
      await refreshAll();
    }
  }

  return (
    <div className="page import-page">
      <h1>Gegevens importeren</h1>
      <p>
        Importeer een bestand met echte gegevens: CSV (met <code>;</code> of <code>,</code>, UTF-8) of een Excel-werkmap (XLSX). Importeer eerst de scholen,
        daarna scans, implementatie, partners of uitkomsten van die scholen. Een bestand met één fout wordt helemaal niet geïmporteerd; u ziet dan
        elke fout met rij en kolom. Elke geslaagde import kunt u hieronder ongedaan maken. De kolommen per soort staan in de importhandleiding
        (<code>docs/import.md</code>) en in de voorbeeldbestanden (<code>data/examples</code>).
      </p>

      <form onSubmit={submit} className="card import-form" noValidate aria-describedby="import-hint">
        <div className="field">
          <label htmlFor="import-kind">Soort gegevens</label>
          <select id="import-kind" value={kind} onChange={(e) => setKind(e.target.value as ImportKind)} disabled={progress !== null}>
            {IMPORT_KINDS.map((k) => <option key={k} value={k}>{IMPORT_KIND_LABELS[k]}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="import-file">Bestand</label>
          <input id="import-file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)} disabled={progress !== null} aria-describedby="import-hint" />
          <p id="import-hint" className="field__hint">CSV of XLSX{maxMb !== undefined ? `, hoogstens ${formatNumber(maxMb)} MB` : ''}. Grotere bestanden importeert de beheerder op de server met <code>npm run import</code>.</p>
        </div>
        {formError && <p role="alert" className="form-error">{formError}</p>}
        <button type="submit" className="button" disabled={progress !== null}>Importeren</button>
        <div aria-live="polite">{progress && <ProgressView progress={progress} />}</div>
      </form>

      {result && <ResultView result={result} />}

      <h2>Importgeschiedenis</h2>
      {undo.isSuccess && (
        <p role="status" className="card">Import {undo.data.runId} ({kindLabel(undo.data.kind)}, {undo.data.fileName}) is ongedaan gemaakt: {formatNumber(undo.data.deleted)} rijen
          verwijderd en {formatNumber(undo.data.restored)} rijen teruggezet. Het dashboard is bijgewerkt.</p>
      )}
      {undo.error && <p role="alert" className="form-error">{undo.error.message}</p>}
      <QueryView query={runs} height={160}>{(data) => data.runs.length === 0 ? (
        <p>Er is nog niets geïmporteerd.</p>
      ) : (
        <RecordTable caption="Alle imports, ook mislukte en ongedaan gemaakte, nieuwste eerst" captionHidden testId="import-history" headers={['Nr.', 'Wanneer', 'Wie', 'Soort', 'Bestand', 'Rijen', 'Resultaat', 'Actie']}>
              {data.runs.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{r.id}</th>
                  <td>{when(r.startedAt)}</td>
                  <td>{r.userName ?? 'onbekend'}{r.userEmail ? <><br /><span className="muted">{r.userEmail}</span></> : null}</td>
                  <td>{kindLabel(r.kind)}</td>
                  <td className="import-file-name">{r.fileName}</td>
                  <td>{formatNumber(r.rows)}</td>
                  <td>{resultText(r)}{r.problemsUrl && <> · <a href={r.problemsUrl} download>problemen (CSV)<span className="visually-hidden"> van import {r.id}</span></a></>}</td>
                  <td>
                    {r.canUndo ? (
                      <button type="button" className="button button--secondary" onClick={() => { undo.reset(); setConfirming(r); }} disabled={progress !== null || undo.isPending}>
                        Ongedaan maken<span className="visually-hidden"> import {r.id}</span>
                      </button>
                    ) : '–'}
                  </td>
                </tr>
              ))}
        </RecordTable>
      )}</QueryView>

      <dialog ref={dialog} className="card import-confirm" aria-labelledby="confirm-title" aria-describedby="confirm-text" onClose={() => setConfirming(null)}>
        {confirming && (
          <>
            <h2 id="confirm-title">Import {confirming.id} ongedaan maken?</h2>
            <p id="confirm-text">
              {kindLabel(confirming.kind)} uit {confirming.fileName} ({when(confirming.startedAt)}): {formatNumber(confirming.inserted ?? 0)} toegevoegde rijen worden
              verwijderd en {formatNumber(confirming.updated ?? 0)} gewijzigde rijen krijgen hun vorige waarden terug. Dit kan niet worden teruggedraaid; importeer
              het bestand opnieuw als u het toch wilt.
            </p>
            <div className="import-confirm__actions">
              <button type="button" className="button" onClick={() => undo.mutate({ runId: confirming.id })} disabled={undo.isPending}>
                {undo.isPending ? 'Bezig…' : 'Ja, ongedaan maken'}
              </button>
              <button type="button" className="button button--secondary" onClick={() => setConfirming(null)} disabled={undo.isPending}>Annuleren</button>
            </div>
          </>
        )}
      </dialog>
    </div>
  );
}

import { useQuery, keepPreviousData } from '@tanstack/react-query';
import { READINESS_BANDS } from '@rd/shared/metrics/conditions';
import { useTRPC, type RouterInputs, type RouterOutputs } from '../app/trpc.ts';
import { QueryView } from './states.tsx';

type PlanInput = RouterInputs['planning']['readiness'];
type Readiness = RouterOutputs['planning']['readiness'];
const ROWS = [...READINESS_BANDS.map((b) => ({ id: b.id as string, label: b.label })), { id: 'onbekend', label: 'Geen implementatiegegevens' }];

/**
 * Where the plan's support lands: the region's schools by readiness (implementation conditions
 * met) × need, with how many of each the plan reaches. Support where readiness is low needs more
 * than hours alone; high need with high readiness is where hours go furthest.
 */
export function ReadinessGrid({ input }: { input: PlanInput }) {
  const trpc = useTRPC();
  const grid = useQuery({ ...trpc.planning.readiness.queryOptions(input), placeholderData: keepPreviousData });
  return <QueryView query={grid} height={240} errorHeight={200}>{(data) => <Grid data={data} />}</QueryView>;
}

function Grid({ data }: { data: Readiness }) {
  const cell = (readiness: string, highNeed: boolean) => data.cells.find((c) => c.readiness === readiness && c.highNeed === highNeed) ?? { schools: 0, planned: 0 };
  return (
    <section aria-labelledby="gereedheid-titel" data-testid="readiness-grid">
      <h3 id="gereedheid-titel">Waar de ondersteuning landt: gereedheid × behoefte</h3>
      <p>
        Gereedheid is het aantal van de zeven voorwaarden voor implementatie (kartrekker, enthousiast team, draagvlak bij ouders,
        betrokken schoolleiding, draagvlak in de school, erkende interventie, contact met de GGD) waaraan een school voldoet.
        Behoefte: {data.highNeedDefinition} Per vak: scholen in het plan van het totaal.
      </p>
      <div className="data-table__scroll">
        <table className="data-table">
          <caption>Scholen in het plan per gereedheid en behoefte</caption>
          <thead>
            <tr><th scope="col">Gereedheid</th><th scope="col">Veel achterstand: in plan / scholen</th><th scope="col">Overige scholen: in plan / scholen</th></tr>
          </thead>
          <tbody>
            {ROWS.map((r) => (
              <tr key={r.id}>
                <th scope="row">{r.label}</th>
                {[true, false].map((highNeed) => {
                  const c = cell(r.id, highNeed);
                  return <td key={String(highNeed)} data-testid={`readiness-${r.id}-${highNeed ? 'hoog' : 'overig'}`}>{c.planned} / {c.schools}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

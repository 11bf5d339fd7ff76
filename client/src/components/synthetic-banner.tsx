import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTRPC } from '../app/trpc.ts';

/** Shown on every page while the loaded data is the synthetic demo set. */
export function SyntheticBanner() {
  const trpc = useTRPC();
  const meta = useQuery(trpc.meta.dataset.queryOptions());
  if (!meta.data?.synthetic) return null;
  return (
    <div className="synthetic-banner" role="note" aria-label="Let op: demonstratiegegevens">
      <strong>Demonstratiegegevens.</strong>{' '}
      De cijfers op dit dashboard zijn synthetisch (verzonnen)<span className="synthetic-banner__detail"> op echte gemeentegrenzen en schoolaantallen</span>.
      Gebruik ze niet voor beleid. <Link to="/methode#demodata">Lees hoe ze zijn gemaakt</Link>.
    </div>
  );
}

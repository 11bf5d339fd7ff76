import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '../app/trpc.ts';
import { useSession } from '../app/session.ts';
import { usePageTitle } from '../app/use-page-title.ts';

export default function AccountPage() {
  usePageTitle('Mijn account');
  const trpc = useTRPC();
  const session = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation(trpc.auth.changePassword.mutationOptions({ onSuccess: () => { setCurrent(''); setNext(''); setRepeat(''); } }));
  const s = session.data;

  function submit(event: FormEvent) {
    event.preventDefault();
    setMismatch(next !== repeat);
    if (next === repeat) change.mutate({ currentPassword: current, newPassword: next });
  }

  return (
    <div className="page page--narrow">
      <h1>Mijn account</h1>
      {s && (
        <dl className="account-facts">
          <dt>Naam</dt><dd>{s.name}</dd>
          <dt>E-mailadres</dt><dd>{s.email}</dd>
          <dt>Rol</dt><dd>{s.roleLabel}</dd>
          <dt>Gebied</dt><dd>{s.national ? 'Heel Nederland' : [...s.regions, ...s.municipalities].join(', ')}</dd>
        </dl>
      )}
      <h2>Wachtwoord wijzigen</h2>
      <form onSubmit={submit} className="card" noValidate>
        <div className="field">
          <label htmlFor="pw-current">Huidig wachtwoord</label>
          <input id="pw-current" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="pw-new">Nieuw wachtwoord (minstens 12 tekens)</label>
          <input id="pw-new" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="pw-repeat">Nieuw wachtwoord herhalen</label>
          <input id="pw-repeat" type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} />
        </div>
        {mismatch && <p role="alert" className="form-error">De nieuwe wachtwoorden zijn niet gelijk</p>}
        {change.error && <p role="alert" className="form-error">{change.error.message}</p>}
        {change.isSuccess && <p role="status">Uw wachtwoord is gewijzigd. Andere sessies zijn afgemeld.</p>}
        <button type="submit" className="button" disabled={change.isPending}>Wachtwoord wijzigen</button>
      </form>
    </div>
  );
}

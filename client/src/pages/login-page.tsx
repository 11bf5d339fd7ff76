import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import { setCsrfToken, useTRPC } from '../app/trpc.ts';
import { usePageTitle } from '../app/use-page-title.ts';

/** Only same-site paths: never send someone to another site after logging in. */
function safeReturn(raw: string | null): string {
  return raw && raw.startsWith('/') && !raw.startsWith('//') && !raw.startsWith('/inloggen') ? raw : '/';
}

export default function LoginPage() {
  usePageTitle('Inloggen');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const demo = useQuery(trpc.auth.demoAccounts.queryOptions());
  const login = useMutation(trpc.auth.login.mutationOptions({
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      // Data of a previous user must never be shown to the next one.
      queryClient.clear();
      queryClient.setQueryData(trpc.auth.session.queryKey(), session);
      navigate(safeReturn(params.get('terug')), { replace: true });
    },
  }));

  function submit(event: FormEvent) {
    event.preventDefault();
    login.mutate({ email, password });
  }

  return (
    <div className="page page--narrow">
      <h1>Inloggen</h1>
      <p className="page-intro">Log in met het account dat uw beheerder voor u heeft aangemaakt.</p>
      <form onSubmit={submit} className="login-form card" noValidate>
        <div className="field">
          <label htmlFor="login-email">E-mailadres</label>
          <input id="login-email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="login-password">Wachtwoord</label>
          <input id="login-password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        {login.error && <p role="alert" className="form-error">{login.error.message}</p>}
        <button type="submit" className="button" disabled={login.isPending}>{login.isPending ? 'Bezig met inloggen…' : 'Inloggen'}</button>
      </form>

      {demo.data && demo.data.accounts.length > 0 && (
        <section className="notice login-demo" aria-labelledby="demo-accounts-title">
          <h2 id="demo-accounts-title">Demo-accounts</h2>
          <p>
            Dit dashboard draait met synthetische demonstratiegegevens. Er is een account per rol; het wachtwoord is
            steeds <code>{demo.data.password}</code>. Deze accounts bestaan alleen zolang de demodata geladen is.
          </p>
          <ul>
            {demo.data.accounts.map((a) => (
              <li key={a.email}>
                <button type="button" className="button--link" onClick={() => { setEmail(a.email); setPassword(demo.data.password ?? ''); }}>
                  {a.email}
                </button>{' '}
                ({a.roleLabel}): {a.description}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

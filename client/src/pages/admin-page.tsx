import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ROLE_LABELS } from '@rd/shared/catalogue';
import { formatDate } from '@rd/shared/format';
import { useTRPC, type RouterInputs } from '../app/trpc.ts';
import { usePageTitle } from '../app/use-page-title.ts';
import { QueryView } from '../components/states.tsx';
import { RecordTable } from '../components/record-table.tsx';

type Role = RouterInputs['users']['create']['role'];
const ROLE_OPTIONS: { id: Role; label: string; scopeHint: string }[] = [
  { id: 'ggd-adviseur', label: ROLE_LABELS['ggd-adviseur'], scopeHint: "GGD-regio's, bijv. GG3406" },
  { id: 'beleidsmedewerker', label: ROLE_LABELS.beleidsmedewerker, scopeHint: 'gemeenten, bijv. GM0363,GM0599' },
  { id: 'coordinator', label: ROLE_LABELS.coordinator, scopeHint: "GGD-regio's, of NL voor landelijk" },
  { id: 'beheerder', label: ROLE_LABELS.beheerder, scopeHint: 'altijd landelijk' },
];

const ACTION_LABELS: Record<string, string> = {
  login: 'ingelogd', login_failed: 'inloggen mislukt', login_locked: 'account geblokkeerd', logout: 'uitgelogd',
  password_changed: 'wachtwoord gewijzigd', user_created: 'account aangemaakt', user_updated: 'account gewijzigd',
  user_disabled: 'account uitgeschakeld', user_enabled: 'account ingeschakeld', import: 'import', import_failed: 'import mislukt',
  import_undone: 'import ongedaan gemaakt', export: 'export', demo_removed: 'demodata verwijderd',
};

export default function AdminPage() {
  usePageTitle('Beheer');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery(trpc.users.list.queryOptions());
  const audit = useQuery(trpc.users.audit.queryOptions({ limit: 100 }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.users.pathKey() });
  const update = useMutation(trpc.users.update.mutationOptions({ onSuccess: refresh }));
  const create = useMutation(trpc.users.create.mutationOptions({ onSuccess: () => { setForm({ ...form, email: '', name: '', scope: '', password: '' }); void refresh(); } }));
  const [form, setForm] = useState({ email: '', name: '', role: 'ggd-adviseur' as Role, scope: '', password: '' });

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ ...form, scope: form.scope.split(',').map((s) => s.trim()).filter(Boolean) });
  }

  return (
    <div className="page">
      <h1>Beheer: gebruikers en auditlog</h1>
      <p>Gegevens importeren, de importgeschiedenis en het ongedaan maken van een import staan op de pagina <Link to="/importeren">Gegevens importeren</Link>.</p>
      <h2>Gebruikers</h2>
      <QueryView query={users} height={160}>{(data) => (
        <RecordTable caption="Alle accounts met rol, gebied en status" captionHidden label="Gebruikers" headers={['E-mailadres', 'Naam', 'Rol', 'Gebied', 'Status', 'Actie']}>
            {data.map((u) => (
              <tr key={u.id}>
                <th scope="row">{u.email}{u.demo ? ' (demo)' : ''}</th>
                <td>{u.name}</td>
                <td>{u.roleLabel}</td>
                <td>{u.scope.join(', ')}</td>
                <td>{u.disabled ? 'uitgeschakeld' : u.locked ? 'tijdelijk geblokkeerd' : 'actief'}</td>
                <td>
                  <button type="button" className="button button--secondary" onClick={() => update.mutate({ id: u.id, disabled: !u.disabled })}>
                    {u.disabled ? 'Inschakelen' : 'Uitschakelen'}<span className="visually-hidden"> {u.email}</span>
                  </button>
                  {u.locked && (
                    <button type="button" className="button--link" onClick={() => update.mutate({ id: u.id, unlock: true })}>
                      Deblokkeren<span className="visually-hidden"> {u.email}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
        </RecordTable>
      )}</QueryView>
      {update.error && <p role="alert" className="form-error">{update.error.message}</p>}

      <h2>Account aanmaken</h2>
      <form onSubmit={submit} className="card" noValidate style={{ display: 'grid', gap: 'var(--rd-space-2)', maxWidth: '36rem' }}>
        <div className="field"><label htmlFor="new-email">E-mailadres</label>
          <input id="new-email" type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} /></div>
        <div className="field"><label htmlFor="new-name">Naam</label>
          <input id="new-name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></div>
        <div className="field"><label htmlFor="new-role">Rol</label>
          <select id="new-role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
            {ROLE_OPTIONS.map((r) => <option key={r.id} value={r.id}>{r.label}</option>)}
          </select></div>
        <div className="field"><label htmlFor="new-scope">Gebied ({ROLE_OPTIONS.find((r) => r.id === form.role)!.scopeHint})</label>
          <input id="new-scope" value={form.scope} onChange={(e) => setForm({ ...form, scope: e.target.value })} /></div>
        <div className="field"><label htmlFor="new-password">Eerste wachtwoord (minstens 12 tekens)</label>
          <input id="new-password" type="password" autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} /></div>
        {create.error && <p role="alert" className="form-error">{create.error.message}</p>}
        {create.isSuccess && <p role="status">Account aangemaakt.</p>}
        <button type="submit" className="button" disabled={create.isPending}>Account aanmaken</button>
      </form>

      <h2>Auditlog (laatste 100)</h2>
      <QueryView query={audit} height={160}>{(data) => (
        <RecordTable caption="Inloggen, mislukte pogingen, imports, exports en wijzigingen van accounts, nieuwste eerst" captionHidden label="Auditlog" testId="audit-table" headers={['Tijdstip', 'Gebruiker', 'Gebeurtenis', 'Details', 'IP-adres']}>
            {data.map((a) => (
              <tr key={a.id}>
                <td>{formatDate(a.at.slice(0, 10))} {a.at.slice(11, 16)} UTC</td>
                <td>{a.email ?? '–'}</td>
                <td>{ACTION_LABELS[a.action] ?? a.action}</td>
                <td>{a.detail || '–'}</td>
                <td>{a.ip ?? '–'}</td>
              </tr>
            ))}
        </RecordTable>
      )}</QueryView>
    </div>
  );
}

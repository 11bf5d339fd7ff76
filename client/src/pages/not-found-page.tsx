import { Link } from 'react-router';
import { usePageTitle } from '../app/use-page-title.ts';

export default function NotFoundPage() {
  usePageTitle('Pagina niet gevonden');
  return (
    <div className="page">
      <h1>Deze pagina bestaat niet</h1>
      <p>Controleer het adres, of ga naar het <Link to="/">overzicht</Link>.</p>
    </div>
  );
}

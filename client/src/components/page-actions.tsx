import { useState } from 'react';

/**
 * Copy a link to the current view and print it. Every filter lives in the URL, so the address is
 * the view: whoever opens it with access to the same areas sees the same figures.
 */
export function PageActions() {
  const [status, setStatus] = useState('');
  const copy = async () => {
    const url = window.location.href;
    try {
      await navigator.clipboard.writeText(url);
      setStatus('Link naar deze weergave gekopieerd.');
    } catch {
      // Without clipboard permission (http, an older browser): show the address to copy by hand.
      window.prompt('Kopieer de link naar deze weergave:', url);
      setStatus('');
    }
  };
  return (
    <div className="page-actions">
      <button type="button" className="button button--secondary" data-testid="copy-link" onClick={() => void copy()}>Kopieer link</button>
      <button type="button" className="button button--secondary" onClick={() => window.print()}>Afdrukken</button>
      <span role="status" className="page-actions__status">{status}</span>
    </div>
  );
}

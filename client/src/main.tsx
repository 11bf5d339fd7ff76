import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

function App() {
  return (
    <main>
      <h1>Regiodashboard Welbevinden op School</h1>
      <p>Het dashboard wordt opgebouwd. De API is bereikbaar onder <code>/trpc</code>.</p>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

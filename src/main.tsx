import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { startServiceWorker } from './ui/offline/serviceWorker';

// `npm run bench` opens the page with ?bench to get its timing helpers; nobody else loads them. The bench
// times the page, not the service worker's one-off background download of the site.
if (new URLSearchParams(location.search).has('bench')) void import('./bench/harness').then((m) => m.install());
else startServiceWorker();

const root = document.getElementById('root');
if (!root) throw new Error('Expected an element with id "root" in index.html');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { benchRequested } from './bench/requested';
import { App } from './ui/App';

// `npm run bench` opens the page with ?bench to get its timing helpers; nobody else loads them.
if (benchRequested()) void import('./bench/harness').then((m) => m.install());

const root = document.getElementById('root');
if (!root) throw new Error('Expected an element with id "root" in index.html');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

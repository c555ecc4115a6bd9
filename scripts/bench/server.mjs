// The production build served by vite preview for the benchmark's pages.
import { startPreview } from '../lib/preview.mjs';
import { PORT } from './config.mjs';

export function startServer() {
  return startPreview(PORT);
}

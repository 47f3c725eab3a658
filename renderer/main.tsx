// The renderer's entry: platform, translations, query cache, providers, then the app.
import './styles.css';
import {
  MutationCache,
  notifyManager,
  QueryCache,
  QueryClient,
  QueryClientProvider,
} from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { PreferencesProvider } from './app/preferences-context.tsx';
import { SessionProvider } from './app/session-context.tsx';
import { reportFailure } from './app/session-errors.ts';
import { initI18n } from './i18n/i18n.ts';
import { detectPlatform } from './platform/detect-platform.ts';

// Query results reach components in the same task (a microtask) instead of after a setTimeout(0):
// measured at about 4 ms per search keystroke (bench/ui.ts).
notifyManager.setScheduler(queueMicrotask);

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: reportFailure }),
  mutationCache: new MutationCache({ onError: reportFailure }),
  defaultOptions: {
    // A refused call is an answer, not a network blip: show it instead of retrying.
    queries: { retry: false, refetchOnWindowFocus: false },
    mutations: { retry: false },
  },
});

await initI18n();
const platform = detectPlatform();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <PreferencesProvider>
        <SessionProvider platform={platform}>
          <App />
        </SessionProvider>
      </PreferencesProvider>
    </QueryClientProvider>
  </StrictMode>,
);

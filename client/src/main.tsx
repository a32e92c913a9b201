import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { PartBoundary } from './components/PartBoundary';
import { startServiceWorker } from './app/serviceWorker';
import { applyTheme } from './app/theme';
import { createPortal } from './realtime/portal';
import { PortalProvider } from './realtime/PortalProvider';
import { startPersistence } from './session/store/persistence';
import './styles.css';

// The screen's chosen colours before the first paint (the system setting otherwise).
applyTheme();
startPersistence();

/** The one portal this browser tab uses. */
const portal = createPortal();

// The service worker keeps the app shell so a tablet can reload while offline (production builds only).
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  startServiceWorker(navigator.serviceWorker);
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <PortalProvider portal={portal}>
      {/* The last net: a fault outside any page (the top bar, say) says so instead of a blank screen. */}
      <PartBoundary part="Vigil's screen" stillWorks="Entries waiting to be sent are kept.">
        <App />
      </PartBoundary>
    </PortalProvider>
  </StrictMode>,
);

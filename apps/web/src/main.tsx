import { render } from 'preact';
import { Explorer } from './explorer.tsx';
import { PortPage } from './port-page.tsx';
import { hrefOf, useRoute } from './route.ts';
import { StatsPage } from './stats.tsx';
import './style.css';

function App() {
  const route = useRoute();
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="site">
        <a class="brand" href={hrefOf({ page: 'explore' })}>
          portdeck
        </a>
        <nav aria-label="Main">
          <a href={hrefOf({ page: 'explore' })} aria-current={route.page === 'stats' ? undefined : 'page'}>
            Ports
          </a>
          <a href={hrefOf({ page: 'stats' })} aria-current={route.page === 'stats' ? 'page' : undefined}>
            Server statistics
          </a>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {route.page === 'explore' && <Explorer />}
        {route.page === 'port' && <PortPage port={route.port} />}
        {route.page === 'stats' && <StatsPage />}
      </main>
    </>
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);

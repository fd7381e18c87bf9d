/**
 * What the dashboard's Hono app and its route groups share: the options it is started with, the typed Hono
 * environment (Node's request in `c.env`, the session and the error page's way back in `c.var`), and the services
 * each route reads from.
 */
import type { HttpBindings } from '@hono/node-server';
import type { Client } from '@temporalio/client';
import type { Forge } from '../adapters/forge/forge';
import type { AuthOptions, DashboardAuth, Session } from './auth';
import type { CampaignsSource } from './campaigns-source';
import type { IntegrationsSource } from './integrations-source';
import type { LayoutOptions } from './pages/layout';

export interface DashboardOptions {
  client: Client;
  namespace: string;
  forge?: Forge;
  auth: AuthOptions;
  /** Base URL of the Temporal web UI, for links. */
  temporalUiUrl?: string;
  /** How often live views poll Temporal (ms). */
  pollMs?: number;
  /** Deadline of each Temporal call (ms, default 2000): past it a page says Temporal is unreachable. */
  temporalTimeoutMs?: number;
  /** Shown when Temporal is unreachable (TEMPORAL_ADDRESS). */
  temporalAddress?: string;
  /** The address the server listens on (a literal IP there is an allowed Host). */
  listenHost?: string;
  /** Integrations per list page (default 50). */
  pageSize?: number;
  /** How long a review waits for a worker to take it (ms, default 10000) before the page says none answered. */
  reviewTimeoutMs?: number;
}

export interface BackLink {
  href: string;
  label: string;
}

export interface DashboardEnv {
  Bindings: HttpBindings;
  Variables: {
    /** Set by requireSession on every route behind sign-in. */
    session: Session;
    /** Where an error page links back to (set by the route that knows). */
    back?: BackLink;
  };
}

/** The services and settings the route groups use. */
export interface Dashboard {
  client: Client;
  auth: DashboardAuth;
  source: IntegrationsSource;
  campaigns: CampaignsSource;
  pageSize: number;
  pollMs: number;
  reviewTimeoutMs: number;
  /** The Temporal UI page of a workflow. */
  temporalUi(workflowId: string): string;
  /** The header of every page: who is signed in, and a sign-out button when there is a cookie to end. */
  layoutOpts(session: Session): LayoutOptions;
}

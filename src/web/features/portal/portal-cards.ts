import { type ComponentType, lazy } from 'react';

/**
 * The portal home's cards, each its own chunk (issue #19). The home's code then evaluates in several short tasks
 * instead of one long one: each card brings the schemas and words of its own area (at-home sessions, billing,
 * visits…), and building them all at once blocked a slow phone for over 100 ms. The server renders the whole page
 * (src/web/ssr.tsx) and hints every card's chunk; the browser takes each card over when its code is here.
 * `preloadRoute` (app/router.tsx) starts the loaders with the home's own code; spa-pages.ts hints the same files.
 */
export const portalCardLoaders = {
  progress: () => import('./PortalProgressCard'),
  atHome: () => import('../athome-phone/PortalAtHomeCard'),
  measures: () => import('../measures/PortalMeasuresCard'),
  messages: () => import('../messages/PortalMessagesCard'),
  journal: () => import('../journal/PortalJournalCard'),
  billing: () => import('../claims/PortalBillingCard'),
  visits: () => import('../scheduling/PortalVisitsCard'),
  fhirExport: () => import('../fhir/PortalExportCard'),
};

/** A card component of a loaded module, as a lazy component (its module's code loads when first rendered). */
const lazyCard = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) =>
  lazy(() => load().then((m) => ({ default: m[name] })));

export const PortalProgressCard = lazyCard(portalCardLoaders.progress, 'PortalProgressCard');
export const PortalAtHomeCard = lazyCard(portalCardLoaders.atHome, 'PortalAtHomeCard');
export const PortalMeasuresCard = lazyCard(portalCardLoaders.measures, 'PortalMeasuresCard');
export const PortalMessagesCard = lazyCard(portalCardLoaders.messages, 'PortalMessagesCard');
export const PortalJournalCard = lazyCard(portalCardLoaders.journal, 'PortalJournalCard');
export const PortalBillingCard = lazyCard(portalCardLoaders.billing, 'PortalBillingCard');
export const PortalVisitsCard = lazyCard(portalCardLoaders.visits, 'PortalVisitsCard');
export const PortalExportCard = lazyCard(portalCardLoaders.fhirExport, 'PortalExportCard');

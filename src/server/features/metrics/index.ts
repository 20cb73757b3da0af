// Operations metrics (issue #19): what the composition root and the process entry use.
export { type AppMetrics, createMetrics } from './metrics';
export { registerMetricsRoute, startMetricsListener } from './routes';

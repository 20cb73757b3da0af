// What other features use of the retention report.
export { retentionReport } from './report';

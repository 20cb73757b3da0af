import { Button, Group, Pagination, Stack, Table, Text, Title } from '@mantine/core';
import { IconFileTypeCsv, IconFileTypePdf } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { eventLabel, formatDate, formatDateTime, mg, ml, qty, signedMg } from './format';
import { type Product, type Report, type ReportRow, reportUrl, useReport } from './ledger-query';

export const REPORT_PAGE_SIZE = 50;
const NOWRAP = { whiteSpace: 'nowrap' } as const;

/**
 * A quantity with its volume on a second line ("100 mg" over "(2 mL)"), so the log's number columns stay
 * narrow enough for the whole table to fit a 1024 px screen. The text reads as one: "100 mg (2 mL)".
 */
function Qty({
  ug,
  strength,
  prefix = '',
}: {
  ug: number;
  strength: number | null | undefined;
  prefix?: string;
}) {
  const volume = ml(Math.abs(ug), strength);
  return (
    <>
      {prefix}
      {mg(ug)}
      {volume ? (
        <>
          {' '}
          <Text span size="xs" c="dimmed" display="block">
            ({volume})
          </Text>
        </>
      ) : null}
    </>
  );
}

const strengthFor = (products: Product[] | undefined, row: ReportRow) =>
  products?.find((p) => p.name === row.productName)?.strengthUgPerMl;

/** The running and patient logs: a count's difference from the books, or the entry's reason. */
const note = (r: ReportRow) =>
  r.type === 'count'
    ? r.deltaUg === 0
      ? 'Matches the books'
      : `Differs from the books by ${signedMg(r.deltaUg)}`
    : (r.reason ?? '');

function Rows({
  report,
  rows,
  products,
}: {
  report: Report;
  rows: ReportRow[];
  products: Product[] | undefined;
}) {
  const counts = report.kind === 'inventory' || report.kind === 'discrepancies';
  return (
    // Fits a 1024 px screen with the menu open; narrower, the region scrolls sideways (and takes keyboard
    // focus to do so) while the page itself stays put.
    <Table.ScrollContainer
      minWidth={700}
      type="native"
      tabIndex={0}
      role="region"
      aria-label={`${report.title}: entries`}
    >
      <Table verticalSpacing="xs" striped highlightOnHover data-testid="report-table">
        <Table.Caption>{report.subtitle}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Date and event</Table.Th>
            <Table.Th scope="col">Container and safe</Table.Th>
            {counts ? (
              <>
                <Table.Th scope="col" ta="right">
                  Counted
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Books
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Difference
                </Table.Th>
              </>
            ) : (
              <>
                <Table.Th scope="col" ta="right">
                  Quantity
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Change
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Balance
                </Table.Th>
              </>
            )}
            <Table.Th scope="col">{counts ? 'By and witnesses' : 'Patient, by and witnesses'}</Table.Th>
            <Table.Th scope="col">
              {report.kind === 'inventory'
                ? 'Method'
                : report.kind === 'discrepancies'
                  ? 'Resolution'
                  : 'Reason'}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody style={{ fontVariantNumeric: 'tabular-nums' }}>
          {rows.map((r) => {
            const s = strengthFor(products, r);
            return (
              <Table.Tr key={r.seq} data-testid="report-row">
                {/* Date over event: one column, so the log fits a 1024 px screen. */}
                <Table.Td style={NOWRAP}>
                  <time dateTime={r.at} title={formatDateTime(r.at)}>
                    {formatDate(r.localDate)}
                  </time>{' '}
                  <Text span display="block" fw={600} size="sm" data-col="event">
                    {eventLabel(r.type)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {r.container}
                  <Text span size="xs" c="dimmed" display="block">
                    Lot {r.lotNumber} · {r.location}
                  </Text>
                </Table.Td>
                {counts ? (
                  <>
                    <Table.Td style={NOWRAP} ta="right">
                      {r.quantityUg === null ? '—' : <Qty ug={r.quantityUg} strength={s} />}
                    </Table.Td>
                    <Table.Td style={NOWRAP} ta="right">
                      <Qty ug={r.balanceUg} strength={s} />
                    </Table.Td>
                    <Table.Td style={NOWRAP} ta="right">
                      {signedMg(r.deltaUg)}
                    </Table.Td>
                  </>
                ) : (
                  <>
                    <Table.Td style={NOWRAP} ta="right" data-col="quantity">
                      {r.quantityUg === null ? (
                        '—'
                      ) : (
                        <Qty ug={r.quantityUg} strength={s} prefix={r.type === 'count' ? 'counted ' : ''} />
                      )}
                    </Table.Td>
                    {/* A count changes no balance; its difference from the books is a note, not a movement. */}
                    <Table.Td style={NOWRAP} ta="right" data-col="change">
                      {r.type === 'count' || r.deltaUg === 0 ? '—' : signedMg(r.deltaUg)}
                    </Table.Td>
                    <Table.Td style={NOWRAP} ta="right" fw={600} data-col="balance">
                      <Qty ug={r.balanceUg} strength={s} />
                    </Table.Td>
                  </>
                )}
                {/* One column for the people, so the log fits a 1024 px screen. */}
                <Table.Td>
                  {r.patient ? (
                    <Text span size="sm" display="block" mb={2}>
                      <Text span size="xs" c="dimmed">
                        Patient{' '}
                      </Text>
                      <span data-col="patient">{r.patient}</span>
                    </Text>
                  ) : null}
                  {r.patient ? (
                    <Text span size="xs" c="dimmed">
                      By{' '}
                    </Text>
                  ) : null}
                  {r.actor}
                  {r.witnesses.length ? (
                    <Text span size="xs" c="dimmed" display="block">
                      Witness{r.witnesses.length > 1 ? 'es' : ''}: {r.witnesses.join('; ')}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>{counts ? (r.reason ?? '') : note(r)}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** One report on screen, a page at a time, with the same report to download as CSV or PDF. */
export function ReportView({
  path,
  query,
  products,
}: {
  path: string;
  query: Record<string, string | undefined>;
  products: Product[] | undefined;
}) {
  const report = useReport(path, query);
  const [page, setPage] = useState(1);
  const key = reportUrl(path, query);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new report starts on its first page
  useEffect(() => setPage(1), [key]);
  const r = report.data;
  const pages = r ? Math.max(1, Math.ceil(r.rows.length / REPORT_PAGE_SIZE)) : 1;
  const rows = r ? r.rows.slice((page - 1) * REPORT_PAGE_SIZE, page * REPORT_PAGE_SIZE) : [];
  const last = r?.rows[r.rows.length - 1];
  const strength = last ? strengthFor(products, last) : null;
  return (
    <Stack gap="md" component="section" aria-labelledby="report-title">
      {report.isPending ? <Loading label="Loading the report" /> : null}
      <ErrorAlert error={report.error} title="Could not load the report" />
      {r ? (
        <>
          <Group justify="space-between" align="flex-start">
            <div>
              <Title order={2} size="h4" id="report-title">
                {r.title}
              </Title>
              <Text size="sm" c="dimmed">
                {r.rows.length} entr{r.rows.length === 1 ? 'y' : 'ies'}
                {r.openingBalanceUg !== null ? ` · opening balance ${qty(r.openingBalanceUg, strength)}` : ''}
                {r.kind === 'running_log' && last
                  ? ` · closing balance ${qty(last.balanceUg, strength)}`
                  : ''}
              </Text>
            </div>
            <Group gap="sm">
              <Button
                component="a"
                href={reportUrl(path, query, 'csv')}
                download
                variant="default"
                leftSection={<IconFileTypeCsv size={18} aria-hidden="true" />}
              >
                Download CSV
              </Button>
              <Button
                component="a"
                href={reportUrl(path, query, 'pdf')}
                download
                variant="default"
                leftSection={<IconFileTypePdf size={18} aria-hidden="true" />}
              >
                Download PDF
              </Button>
            </Group>
          </Group>
          {r.rows.length === 0 ? (
            <Text>No entries in this range.</Text>
          ) : (
            <>
              <Rows report={r} rows={rows} products={products} />
              {pages > 1 ? (
                <Group justify="space-between">
                  <Text size="sm" aria-live="polite">
                    Entries {(page - 1) * REPORT_PAGE_SIZE + 1}–
                    {Math.min(page * REPORT_PAGE_SIZE, r.rows.length)} of {r.rows.length}
                  </Text>
                  <Pagination
                    total={pages}
                    value={page}
                    onChange={setPage}
                    getControlProps={(c) => ({
                      'aria-label': c === 'previous' ? 'Previous page' : 'Next page',
                    })}
                    getItemProps={(p) => ({ 'aria-label': `Page ${p}` })}
                  />
                </Group>
              ) : null}
            </>
          )}
        </>
      ) : null}
    </Stack>
  );
}

import {
  Anchor,
  Button,
  Card,
  Group,
  List,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconDownload, IconPrinter } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { type ClinicDashboard, clinicDashboard } from '../../../contracts/outcomes';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { api } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useMe } from '../../lib/session';
import { shortName } from '../measures/labels';

/** The query keys the dashboard keeps in the address (so a view can be bookmarked, shared and printed). */
export const FILTER_KEYS = [
  'instrument',
  'experience',
  'from',
  'to',
  'site',
  'clinician',
  'program',
] as const;
type Cell = ClinicDashboard['breakdowns'][number]['rows'][number]['response'];

const pct = (x: number) => `${Math.round(x * 100)} %`;
const COLOURS = ['#1c7ed6', '#e8590c', '#2f9e44', '#ae3ec9', '#495057', '#0c8599'];

function filtersOf(params: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) out.set(k, v);
  }
  return out;
}

/** A link to the patients behind a figure, for readers who may open charts; the figure alone otherwise. */
function Behind({
  filters,
  dimension,
  groupKey,
  children,
  label,
}: {
  filters: URLSearchParams;
  dimension: string;
  groupKey: string;
  children: ReactNode;
  label: string;
}) {
  const me = useMe().data;
  if (!me?.permissions.includes('patients.read')) return <>{children}</>;
  const q = new URLSearchParams(filters);
  q.set('dimension', dimension);
  if (groupKey) q.set('key', groupKey);
  return (
    <Anchor
      component={Link}
      to={`/app/outcomes/patients?${q}`}
      aria-label={label}
      underline="always"
      className="figure-link"
    >
      {children}
    </Anchor>
  );
}

/** A rate with its interval drawn to scale on a 0–100 % line, or "too few". */
function RateFigure({ cell, minN }: { cell: Cell; minN: number }) {
  if (!cell) return <Text size="sm">No rule</Text>;
  if (cell.rate === null || cell.low === null || cell.high === null)
    return (
      <Text size="sm" data-testid="too-few">
        Too few ({cell.n} of at least {minN})
      </Text>
    );
  return (
    <Stack gap={2}>
      <Text fw={700} size="sm">
        {pct(cell.rate)}{' '}
        <Text span fw={400} size="xs">
          ({cell.count} of {cell.n}; 95 % interval {pct(cell.low)}–{pct(cell.high)})
        </Text>
      </Text>
      {/* The interval to scale: the bar spans low–high, the tick is the rate. The words above carry it. */}
      <svg
        width="100%"
        height="10"
        viewBox="0 0 100 10"
        preserveAspectRatio="none"
        aria-hidden="true"
        className="interval"
      >
        <line x1="0" y1="5" x2="100" y2="5" stroke="var(--mantine-color-gray-4)" strokeWidth="1" />
        <rect
          x={cell.low * 100}
          y="2"
          width={Math.max(0.5, (cell.high - cell.low) * 100)}
          height="6"
          fill="var(--mantine-color-lagoon-3, #74c0fc)"
        />
        <rect x={cell.rate * 100 - 0.6} y="0" width="1.2" height="10" fill="var(--mantine-color-text)" />
      </svg>
    </Stack>
  );
}

/** One part of the report: a titled section (named by its heading) that printing keeps on one page. */
function ReportSection({
  id,
  title,
  titleMb,
  children,
}: {
  id: string;
  title: ReactNode;
  titleMb?: number;
  children: ReactNode;
}) {
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="section"
      aria-labelledby={id}
      className="avoid-break"
    >
      <Title order={3} size="h5" id={id} mb={titleMb}>
        {title}
      </Title>
      {children}
    </Card>
  );
}

function BreakdownTable({
  b,
  d,
  filters,
}: {
  b: ClinicDashboard['breakdowns'][number];
  d: ClinicDashboard;
  filters: URLSearchParams;
}) {
  return (
    <ReportSection id={`breakdown-${b.dimension}-h`} title={b.title} titleMb={4}>
      {b.note ? (
        <Text size="xs" c="dimmed" mb="xs">
          {b.note}
        </Text>
      ) : null}
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="xs" striped data-testid={`breakdown-${b.dimension}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Group</Table.Th>
              <Table.Th scope="col">Courses</Table.Th>
              <Table.Th scope="col">With a later score (n)</Table.Th>
              <Table.Th scope="col" w="30%">
                Response (estimate)
              </Table.Th>
              <Table.Th scope="col" w="30%">
                Remission (estimate)
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {b.rows.map((r) => (
              <Table.Tr key={r.key}>
                <Table.Th scope="row">
                  <Behind
                    filters={filters}
                    dimension={b.dimension}
                    groupKey={b.dimension === 'all' ? '' : r.key}
                    label={`Patients behind ${r.label}`}
                  >
                    {r.label}
                  </Behind>
                </Table.Th>
                <Table.Td>{r.courses}</Table.Td>
                <Table.Td>{r.evaluable}</Table.Td>
                <Table.Td>
                  <RateFigure cell={r.response} minN={d.minN} />
                </Table.Td>
                <Table.Td>
                  <RateFigure cell={r.remission} minN={d.minN} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </ReportSection>
  );
}

/** Kaplan–Meier steps as points a step line can draw: each step's value held until the next. */
function stepSeries(curves: ClinicDashboard['timeToResponse']['curves']) {
  const weeks = [...new Set([0, ...curves.flatMap((c) => c.steps.map((s) => s.week))])].sort((a, b) => a - b);
  return weeks.map((w) => {
    const row: Record<string, number> = { week: w };
    for (const c of curves) {
      let v = 0;
      let last = 0;
      for (const s of c.steps) {
        if (s.week <= w) v = s.responded;
        last = Math.max(last, s.week);
      }
      if (w <= last) row[c.key] = Math.round(v * 1000) / 10;
    }
    return row;
  });
}

function TimeToResponse({ d, filters }: { d: ClinicDashboard; filters: URLSearchParams }) {
  const drawn = d.timeToResponse.curves.filter((c) => !c.tooFew);
  return (
    <ReportSection id="km-h" title="Time to response by route (Kaplan–Meier estimate)">
      <Text size="xs" c="dimmed" mb="sm">
        Share of courses estimated to have responded by each week since the first dose. Courses are followed
        to their latest score; routes with fewer than {d.minN} courses are not drawn.
      </Text>
      {drawn.length ? (
        <div style={{ width: '100%', height: 260 }} aria-hidden="true">
          <ResponsiveContainer>
            <LineChart data={stepSeries(drawn)} margin={{ top: 8, right: 16, bottom: 16, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis
                dataKey="week"
                type="number"
                domain={[0, 'dataMax']}
                label={{ value: 'Weeks since first dose', position: 'insideBottom', offset: -8 }}
              />
              <YAxis domain={[0, 100]} unit=" %" width={48} />
              {drawn.map((c, k) => (
                <Line
                  key={c.key}
                  type="stepAfter"
                  dataKey={c.key}
                  name={c.label}
                  stroke={COLOURS[k % COLOURS.length]}
                  dot={false}
                  strokeWidth={2}
                  isAnimationActive={false}
                  connectNulls={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
      ) : null}
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing={4} data-testid="km-table">
          <Table.Caption>Estimated share responded (numbers at risk) at each week</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Route</Table.Th>
              {d.timeToResponse.weeks.map((w) => (
                <Table.Th scope="col" key={w}>
                  Week {w}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {d.timeToResponse.curves.map((c, k) => (
              <Table.Tr key={c.key}>
                <Table.Th scope="row">
                  <Group gap={6} wrap="nowrap">
                    {!c.tooFew ? (
                      <span
                        aria-hidden="true"
                        style={{
                          width: 12,
                          height: 3,
                          background: COLOURS[drawn.indexOf(c) % COLOURS.length] ?? COLOURS[k],
                          display: 'inline-block',
                        }}
                      />
                    ) : null}
                    <Behind
                      filters={filters}
                      dimension="route"
                      groupKey={c.key}
                      label={`Patients behind ${c.label}`}
                    >
                      {c.label}
                    </Behind>
                  </Group>
                </Table.Th>
                {d.timeToResponse.weeks.map((w, i) => {
                  let r = 0;
                  for (const s of c.steps) if (s.week <= w) r = s.responded;
                  return (
                    <Table.Td key={w}>
                      {c.tooFew ? 'Too few' : pct(r)} ({c.atRisk[i]})
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </ReportSection>
  );
}

function Weekly({ d, filters }: { d: ClinicDashboard; filters: URLSearchParams }) {
  return (
    <ReportSection id="weekly-h" title="Median change from baseline by week">
      <Text size="xs" c="dimmed" mb="xs">
        Lower is better on these questionnaires. Each course counts at its last score of the week.
      </Text>
      <Table verticalSpacing={4} data-testid="weekly-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Week since first dose</Table.Th>
            <Table.Th scope="col">Courses scored</Table.Th>
            <Table.Th scope="col">Median change</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {d.weekly.map((w) => (
            <Table.Tr key={w.week}>
              <Table.Th scope="row">Week {w.week}</Table.Th>
              <Table.Td>
                <Behind
                  filters={filters}
                  dimension="week"
                  groupKey={String(w.week)}
                  label={`Patients scored in week ${w.week}`}
                >
                  {w.n}
                </Behind>
              </Table.Td>
              <Table.Td>
                {w.median === null ? 'Too few' : w.median > 0 ? `+${w.median}` : String(w.median)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ReportSection>
  );
}

function Dropout({ d, filters }: { d: ClinicDashboard; filters: URLSearchParams }) {
  const s = d.dropout.stoppedEarly;
  return (
    <ReportSection id="drop-h" title="Courses stopped early">
      <Text size="sm" mb="xs">
        <Behind
          filters={filters}
          dimension="stopped"
          groupKey=""
          label="Patients whose courses stopped early"
        >
          {s.count}
        </Behind>{' '}
        of {d.dropout.courses} ended courses
        {s.rate !== null && s.low !== null && s.high !== null
          ? ` (${pct(s.rate)}; 95 % interval ${pct(s.low)}–${pct(s.high)})`
          : ' (too few ended courses for a rate)'}
        .
      </Text>
      <List size="sm" spacing={2}>
        {d.dropout.reasons.map((r) => (
          <List.Item key={r.key}>
            {r.label}:{' '}
            <Behind
              filters={filters}
              dimension="stopped"
              groupKey={r.key}
              label={`Patients stopped early: ${r.label}`}
            >
              {r.n}
            </Behind>
          </List.Item>
        ))}
      </List>
    </ReportSection>
  );
}

function Filters({ d }: { d: ClinicDashboard | undefined }) {
  const [params, setParams] = useSearchParams();
  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const opts = (list: { id: string; name: string }[]) => list.map((x) => ({ value: x.id, label: x.name }));
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-label="Filters" className="no-print">
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm">
        <Select
          label="Questionnaire"
          data={(d?.instruments ?? []).map((i) => ({
            value: i.id,
            label: `${shortName(i.name)} (${i.courses} courses)`,
          }))}
          value={d?.instrument?.id ?? null}
          onChange={(v) => set('instrument', v)}
          allowDeselect={false}
        />
        <Select
          label="Experience questionnaire"
          data={(d?.experienceInstruments ?? []).map((i) => ({ value: i.id, label: shortName(i.name) }))}
          value={d?.experienceInstrument?.id ?? null}
          onChange={(v) => set('experience', v)}
          placeholder="None rated yet"
          allowDeselect={false}
        />
        <TextInput
          type="date"
          label="Courses starting from"
          value={params.get('from') ?? ''}
          onChange={(e) => set('from', e.currentTarget.value)}
        />
        <TextInput
          type="date"
          label="Courses starting until"
          value={params.get('to') ?? ''}
          onChange={(e) => set('to', e.currentTarget.value)}
        />
        <Select
          label="Site"
          data={opts(d?.options.sites ?? [])}
          value={params.get('site')}
          onChange={(v) => set('site', v)}
          clearable
          placeholder="All sites"
        />
        <Select
          label="Prescriber"
          data={opts(d?.options.clinicians ?? [])}
          value={params.get('clinician')}
          onChange={(v) => set('clinician', v)}
          clearable
          placeholder="All prescribers"
          searchable
        />
        <Select
          label="Program"
          data={opts(d?.options.programs ?? [])}
          value={params.get('program')}
          onChange={(v) => set('program', v)}
          clearable
          placeholder="All programs"
        />
      </SimpleGrid>
    </Card>
  );
}

/**
 * The medical director's dashboard (GET /api/outcomes/dashboard): response and remission by route,
 * indication, dose band and experience band with their 95 % intervals, time to response, change by week and
 * courses stopped early. Filters live in the address; every figure links to the patients behind it for
 * readers who may open charts; print-friendly (print CSS hides the controls).
 */
export function OutcomesDashboard() {
  const [params] = useSearchParams();
  const filters = filtersOf(params);
  const qs = filters.toString();
  const q = useQuery({
    queryKey: ['outcomes-dashboard', qs],
    queryFn: ({ signal }) =>
      api.get(`/api/outcomes/dashboard${qs ? `?${qs}` : ''}`, { schema: clinicDashboard, signal }),
    placeholderData: (prev) => prev,
  });
  const d = q.data;
  return (
    <Stack gap="md" data-testid="outcomes-dashboard">
      <Group justify="space-between" align="end">
        <div>
          <Title order={2} size="h3">
            What works, for whom
          </Title>
          <Text size="sm" c="dimmed">
            Courses of treatment compared by route, indication, dose and in-session experience. Rates are
            estimates with 95 % intervals.
          </Text>
        </div>
        <Group gap="xs" className="no-print">
          <Button
            component="a"
            href={`/api/outcomes/dashboard.csv${qs ? `?${qs}` : ''}`}
            variant="default"
            leftSection={<IconDownload size={16} aria-hidden="true" />}
          >
            Table (CSV)
          </Button>
          <Button
            component="a"
            href={`/api/outcomes/dashboard.pdf${qs ? `?${qs}` : ''}`}
            target="_blank"
            variant="default"
            leftSection={<IconDownload size={16} aria-hidden="true" />}
          >
            Report (PDF)
          </Button>
          <Button
            variant="default"
            onClick={() => window.print()}
            leftSection={<IconPrinter size={16} aria-hidden="true" />}
          >
            Print
          </Button>
        </Group>
      </Group>
      <Filters d={d} />
      {q.isPending ? <Loading label="Counting the clinic’s courses" /> : null}
      <ErrorAlert error={q.error} title="Could not count the clinic’s courses" />
      {d ? (
        <>
          <Text size="sm">
            <strong>{d.courses}</strong> courses match.{' '}
            {d.instrument
              ? `Outcomes on the ${d.instrument.name}`
              : 'No questionnaire scores for these courses yet.'}
            {d.instrument?.responseRule ? ` Response: ${d.instrument.responseRule.text}.` : ''}
            {d.instrument?.remissionRule ? ` Remission: ${d.instrument.remissionRule.text}.` : ''}{' '}
            <Text span size="xs" c="dimmed">
              Counted {formatDateTime(d.generatedAt)}.
            </Text>
          </Text>
          {d.breakdowns.map((b) => (
            <BreakdownTable key={b.dimension} b={b} d={d} filters={filters} />
          ))}
          {d.timeToResponse.curves.length ? <TimeToResponse d={d} filters={filters} /> : null}
          {d.weekly.length ? <Weekly d={d} filters={filters} /> : null}
          <Dropout d={d} filters={filters} />
          <Card withBorder radius="md" padding="md" component="section" aria-labelledby="method-h">
            <Title order={3} size="h5" id="method-h" mb="xs">
              How the figures are counted
            </Title>
            <List size="sm" spacing={4}>
              {d.method.map((m) => (
                <List.Item key={m.term}>
                  <Text span fw={700}>
                    {m.term}
                  </Text>
                  : {m.text}
                </List.Item>
              ))}
            </List>
          </Card>
        </>
      ) : null}
    </Stack>
  );
}

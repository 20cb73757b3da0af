import { Anchor, Group, Stack, Tabs, Text } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { formatDate } from '../../lib/format';
import { useMe } from '../../lib/session';
import { stateName } from '../../lib/us-states';
import { PatientBillingSection } from '../billing/PatientBillingSection';
import { PatientSuperbillSection } from '../claims/PatientSuperbillSection';
import { ConsentStateBadge } from '../consent/ConsentBadges';
import { ConsentSection } from '../consent/ConsentSection';
import { CourseSection } from '../courses/CourseSection';
import { EmergencyAccessGate } from '../emergency/EmergencyAccessGate';
import { EmergencyBanner } from '../emergency/EmergencyBanner';
import { RecordExportSection } from '../fhir/RecordExportSection';
import { ChartJournalSection } from '../journal/ChartJournalSection';
import { MeasuresSection } from '../measures/MeasuresSection';
import { PatientMessagesSection } from '../messages/PatientMessagesSection';
import { PatientVisitsSection } from '../scheduling/PatientVisitsSection';
import { PatientCareTasksSection } from '../tasks/PatientCareTasksSection';
import { CareTeamSection, LicensureWarnings } from './chart/CareTeamSection';
import { DemographicsSection } from './chart/DemographicsSection';
import { IntakeSection } from './chart/IntakeSection';
import { PortalAccessSection } from './chart/PortalAccessSection';
import { ScreeningSection } from './chart/ScreeningSection';
import { PatientStatusBadge, ScreeningStatusBadge } from './PatientBadges';
import { type Chart, useChart } from './patient-query';

interface Section {
  value: string;
  label: string;
  render: () => ReactNode;
}

function Header({ chart }: { chart: Chart }) {
  const p = chart.patient;
  return (
    <Stack gap={6}>
      <PageTitle mb={0}>{`${p.firstName} ${p.lastName}`}</PageTitle>
      <Group gap="md" wrap="wrap" data-testid="chart-header">
        <Text ff="monospace" fw={600} data-testid="chart-number">
          {p.chartNumber}
        </Text>
        <Text>
          {p.ageYears !== null ? `${p.ageYears} years` : 'Age unknown'}{' '}
          <Text span c="dimmed">
            (born {formatDate(p.dateOfBirth)})
          </Text>
        </Text>
        <Text>{stateName(p.state)}</Text>
        {p.preferredName ? <Text>Prefers “{p.preferredName}”</Text> : null}
      </Group>
      <Group gap="xs" wrap="wrap">
        <PatientStatusBadge status={p.status} />
        {chart.clinical ? <ScreeningStatusBadge status={chart.clinical.screeningStatus} /> : null}
        <ConsentStateBadge
          isCurrent={chart.consent.isCurrent}
          signed={chart.consent.documentVersion !== null}
        />
      </Group>
    </Stack>
  );
}

/** The patient chart: a header that always shows who this is, and a tab per part of the record. */
export default function PatientChartPage() {
  const id = useParams().patientId ?? '';
  const me = useMe().data;
  const chart = useChart(id);
  const [params, setParams] = useSearchParams();
  const { hash } = useLocation();
  const can = (p: string) => me?.permissions.includes(p) ?? false;

  if (chart.isPending) return <Loading label="Loading the chart" />;
  if (chart.error) return <EmergencyAccessGate patientId={id} error={chart.error} />;
  const c = chart.data;
  const clinical = c.clinical !== null;
  const open = (tab: string) => setParams({ tab }, { replace: true });

  const sections: Section[] = [
    {
      value: 'demographics',
      label: 'Demographics',
      render: () => <DemographicsSection chart={c} canEdit={can('patients.write')} />,
    },
    ...(clinical
      ? [
          {
            value: 'intake',
            label: 'Intake',
            render: () => (
              <IntakeSection
                chart={c}
                canEdit={can('clinical.write')}
                onOpenScreening={() => open('screening')}
              />
            ),
          },
          {
            value: 'screening',
            label: 'Screening',
            render: () => (
              <ScreeningSection
                patientId={id}
                canDecide={can('screening.decide')}
                onOpenIntake={() => open('intake')}
              />
            ),
          },
        ]
      : []),
    {
      value: 'care-team',
      label: 'Care team',
      render: () => <CareTeamSection chart={c} canEdit={can('patients.write')} />,
    },
    ...(can('patients.read')
      ? [{ value: 'visits', label: 'Visits', render: () => <PatientVisitsSection chart={c} /> }]
      : []),
    {
      value: 'consent',
      label: 'Consent',
      render: () => <ConsentSection chart={c} canWrite={can('clinical.write')} />,
    },
    {
      value: 'portal',
      label: 'Portal access',
      render: () => <PortalAccessSection chart={c} canInvite={can('patients.write')} />,
    },
    ...(clinical
      ? [
          {
            value: 'measures',
            label: 'Measures',
            render: () => <MeasuresSection patientId={c.patient.id} />,
          },
          {
            value: 'course',
            label: 'Course, sessions & notes',
            render: () => <CourseSection patientId={c.patient.id} />,
          },
          {
            value: 'journal',
            label: 'Journal (shared)',
            render: () => <ChartJournalSection patientId={c.patient.id} />,
          },
          {
            value: 'tasks',
            label: 'Care tasks',
            render: () => <PatientCareTasksSection patientId={c.patient.id} />,
          },
          {
            value: 'messages',
            label: 'Messages',
            render: () => <PatientMessagesSection patientId={c.patient.id} />,
          },
        ]
      : []),
    ...(can('billing.read')
      ? [
          {
            value: 'billing',
            label: 'Billing',
            render: () => <PatientBillingSection patientId={c.patient.id} />,
          },
          {
            value: 'insurance',
            label: 'Insurance & superbills',
            render: () => (
              <PatientSuperbillSection patientId={c.patient.id} canWrite={can('billing.write')} />
            ),
          },
        ]
      : []),
    ...(can('clinical.read')
      ? [
          {
            value: 'export',
            label: 'Export record',
            render: () => (
              <RecordExportSection
                patientId={c.patient.id}
                patientName={`${c.patient.firstName} ${c.patient.lastName}`}
              />
            ),
          },
        ]
      : []),
  ];
  // A care task links to a shared journal entry by its anchor alone: open the journal tab for it.
  const requested = params.get('tab') ?? (hash.startsWith('#journal-entry-') ? 'journal' : null);
  const active = sections.some((s) => s.value === requested) ? (requested as string) : 'demographics';

  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/app/patients" size="sm">
        <IconArrowLeft size={14} aria-hidden="true" style={{ verticalAlign: 'middle' }} /> Patients
      </Anchor>
      <EmergencyBanner patientId={c.patient.id} />
      <Header chart={c} />
      <LicensureWarnings chart={c} />
      <Tabs value={active} onChange={(v) => v && open(v)} keepMounted>
        <Tabs.List aria-label="Parts of the chart">
          {sections.map((s) => (
            <Tabs.Tab key={s.value} value={s.value}>
              {s.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {sections.map((s) => (
          <Tabs.Panel key={s.value} value={s.value} pt="lg">
            {s.render()}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}

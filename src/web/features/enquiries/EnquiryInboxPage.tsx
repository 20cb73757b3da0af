import { Anchor, Group, NativeSelect, Pagination, Stack, Table, Text } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import { ENQUIRY_STATUSES } from '../../../contracts/enquiries';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { formatDateTime, timeAgo } from '../../lib/format';
import { stateName } from '../../lib/us-states';
import { EnquiryStatusBadge, UrgentBadge } from './EnquiryBadges';
import { type EnquiryStatus, PAGE_SIZE, useEnquiries } from './enquiry-query';
import { concernLabel, ENQUIRY_STATUS_LABELS } from './labels';

const FILTERS = [
  { value: '', label: 'Open (new, contacted, booked)' },
  ...ENQUIRY_STATUSES.map((s) => ({ value: s, label: ENQUIRY_STATUS_LABELS[s] })),
];

/** The front desk's queue of consultation requests: urgent ones first, then oldest first. */
export default function EnquiryInboxPage() {
  const [params, setParams] = useSearchParams();
  const statusParam = params.get('status') ?? '';
  const status = (ENQUIRY_STATUSES as readonly string[]).includes(statusParam)
    ? (statusParam as EnquiryStatus)
    : undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const list = useEnquiries(status, page);
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const urgent = list.data?.enquiries.filter((e) => e.urgent).length ?? 0;

  const update = (next: { status?: string; page?: number }) => {
    const p = new URLSearchParams(params);
    if (next.status !== undefined) {
      if (next.status) p.set('status', next.status);
      else p.delete('status');
      p.delete('page');
    }
    if (next.page !== undefined) {
      if (next.page > 1) p.set('page', String(next.page));
      else p.delete('page');
    }
    setParams(p);
  };

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <div>
          <PageTitle mb={4}>Enquiries</PageTitle>
          <Text c="dimmed">
            Consultation requests from the public page. Urgent ones (thoughts of suicide or a recent attempt)
            come first: call them back today.
          </Text>
        </div>
        <NativeSelect
          label="Show"
          size="md"
          data={FILTERS}
          value={statusParam}
          onChange={(e) => update({ status: e.currentTarget.value })}
          miw={260}
        />
      </Group>

      <ErrorAlert error={list.error} title="Could not load the enquiries" />
      {list.isPending ? <Loading label="Loading enquiries" /> : null}
      {list.data ? (
        list.data.enquiries.length === 0 ? (
          <Text>No enquiries here.</Text>
        ) : (
          <>
            <Text size="sm" c="dimmed" aria-live="polite">
              {total} {total === 1 ? 'enquiry' : 'enquiries'}
              {urgent ? `, ${urgent} urgent on this page` : ''}.
            </Text>
            <Table.ScrollContainer minWidth={760}>
              <Table verticalSpacing="sm" highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Name</Table.Th>
                    <Table.Th scope="col">Priority</Table.Th>
                    <Table.Th scope="col">Looking for help with</Table.Th>
                    <Table.Th scope="col">State</Table.Th>
                    <Table.Th scope="col">Received</Table.Th>
                    <Table.Th scope="col">Status</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.data.enquiries.map((e) => (
                    <Table.Tr
                      key={e.id}
                      data-testid="enquiry-row"
                      data-urgent={e.urgent || undefined}
                      style={
                        e.urgent ? { boxShadow: 'inset 4px 0 0 var(--mantine-color-red-filled)' } : undefined
                      }
                    >
                      <Table.Th scope="row" fw={600}>
                        <Anchor component={Link} to={`/app/enquiries/${e.id}`}>
                          {e.firstName} {e.lastName}
                        </Anchor>
                      </Table.Th>
                      <Table.Td>{e.urgent ? <UrgentBadge /> : <Text size="sm">Routine</Text>}</Table.Td>
                      <Table.Td>{e.concerns.map(concernLabel).join(', ')}</Table.Td>
                      <Table.Td>{stateName(e.state)}</Table.Td>
                      <Table.Td>
                        <time dateTime={e.createdAt} title={formatDateTime(e.createdAt)}>
                          {timeAgo(e.createdAt)}
                        </time>
                      </Table.Td>
                      <Table.Td>
                        <EnquiryStatusBadge status={e.status} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {pages > 1 ? (
              <Pagination
                total={pages}
                value={page}
                onChange={(p) => update({ page: p })}
                getControlProps={(control) => ({
                  'aria-label': control === 'previous' ? 'Previous page' : 'Next page',
                })}
                getItemProps={(p) => ({ 'aria-label': `Page ${p}` })}
              />
            ) : null}
          </>
        )
      ) : null}
    </Stack>
  );
}

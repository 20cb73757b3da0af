import { Badge } from '@mantine/core';
import {
  IconAlertTriangle,
  IconBan,
  IconCalendarCheck,
  IconCircleCheck,
  IconCircleDot,
  IconPhoneCall,
} from '@tabler/icons-react';
import { NO_CLIP } from '../../components/badges';
import { enquiryStatusLabel } from './labels';

/** Red means a safety matter (UX.md): an urgent enquiry says so in words and with an icon as well. */
export function UrgentBadge() {
  return (
    <Badge
      color="red"
      variant="filled"
      size="lg"
      leftSection={<IconAlertTriangle size={14} aria-hidden="true" />}
      styles={NO_CLIP}
    >
      Urgent
    </Badge>
  );
}

const STATUS_ICON = {
  new: IconCircleDot,
  contacted: IconPhoneCall,
  consultation_booked: IconCalendarCheck,
  converted: IconCircleCheck,
  declined: IconBan,
} as const;

/** Workflow states are not safety states: neutral colours, a word and an icon. */
export function EnquiryStatusBadge({ status }: { status: string }) {
  const Icon = STATUS_ICON[status as keyof typeof STATUS_ICON] ?? IconCircleDot;
  const done = status === 'converted';
  return (
    <Badge
      color={done ? 'green' : status === 'declined' ? 'gray' : 'lagoon'}
      variant="light"
      size="lg"
      leftSection={<Icon size={14} aria-hidden="true" />}
      styles={NO_CLIP}
    >
      {enquiryStatusLabel(status)}
    </Badge>
  );
}

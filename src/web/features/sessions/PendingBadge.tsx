import { Badge } from '@mantine/core';
import { IconCloudOff, IconX } from '@tabler/icons-react';
import { NO_CLIP } from '../../components/badges';

/** A queued write: amber "Not saved — retrying", or red when the server refused it. */
export function PendingBadge({ rejected }: { rejected?: boolean }) {
  return (
    <Badge
      color={rejected ? 'red' : 'orange'}
      variant="light"
      size="lg"
      leftSection={
        rejected ? <IconX size={14} aria-hidden="true" /> : <IconCloudOff size={14} aria-hidden="true" />
      }
      styles={NO_CLIP}
      data-testid="pending-badge"
    >
      {rejected ? 'Not saved — refused' : 'Not saved — retrying'}
    </Badge>
  );
}

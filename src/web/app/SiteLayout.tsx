import { Button, Text } from '@mantine/core';
import { IconCalendarPlus, IconLogin2 } from '@tabler/icons-react';
import { Link } from 'react-router';
import { CrisisBar } from '../features/public/CrisisNotice';
import { PublicFrame } from './PublicFrame';

/**
 * The clinic's public site: what the treatment is, and the consultation request. Crisis help sits above
 * everything on every page; the only other way in is the sign-in link for staff and patients.
 */
export default function SiteLayout() {
  return (
    <PublicFrame
      width="wide"
      above={<CrisisBar />}
      actionsLabel="Site"
      actions={
        <>
          <Button
            component={Link}
            to="/request-consultation"
            variant="subtle"
            leftSection={<IconCalendarPlus size={18} aria-hidden="true" />}
            visibleFrom="sm"
          >
            Request a consultation
          </Button>
          <Button
            component={Link}
            to="/signin"
            variant="default"
            leftSection={<IconLogin2 size={18} aria-hidden="true" />}
          >
            Staff and patient sign-in
          </Button>
        </>
      }
      footerNote={
        <Text size="xs" c="dimmed" ta="center" mt="xs">
          General information, not medical advice. Whether this treatment suits you is decided with a
          clinician after an assessment.
        </Text>
      }
    />
  );
}

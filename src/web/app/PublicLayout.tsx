import { Button } from '@mantine/core';
import { IconLogout } from '@tabler/icons-react';
import { signOut, useMe } from '../lib/session';
import { IdleWatcher } from './IdleWatcher';
import { PublicFrame } from './PublicFrame';

/**
 * Pages for people who are not (yet) inside the staff app: sign-in, invitation, and the patient portal.
 * One narrow column, plain words, and crisis resources in the footer of every page.
 */
export function PublicLayout({ signedIn = false }: { signedIn?: boolean }) {
  const me = useMe().data;
  return (
    <PublicFrame
      width="narrow"
      actions={
        signedIn && me ? (
          <Button
            variant="subtle"
            px="xs"
            leftSection={<IconLogout size={18} aria-hidden="true" />}
            onClick={() => void signOut()}
          >
            Sign out
          </Button>
        ) : null
      }
      after={signedIn ? <IdleWatcher /> : null}
    />
  );
}

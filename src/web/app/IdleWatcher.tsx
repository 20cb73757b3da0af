import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { meResponse } from '../../contracts/auth';
import { ErrorAlert } from '../components/ErrorAlert';
import { api } from '../lib/api';
import { getLastActivity, setMe, signOut, useLastActivity, useMe } from '../lib/session';

/** Warn this long before the idle limit (SECURITY.md S9: idle timeout, default 15 minutes). */
const WARN_MS = 2 * 60_000;

const mmss = (ms: number) => {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/**
 * Counts down from the last API call that counted as activity (one someone made, or a watched board's refresh:
 * lib/session.ts, as the server counts them). Two minutes before the limit it asks whether to stay signed in; when the limit passes it signs out locally, so nothing stays on a
 * screen an unattended tablet shows.
 */
export function IdleWatcher() {
  const me = useMe().data;
  const last = useLastActivity();
  const [now, setNow] = useState(() => Date.now());
  const [refreshing, setRefreshing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const signingOut = useRef(false);
  const limitMs = (me?.session.idleTimeoutMinutes ?? 15) * 60_000;

  useEffect(() => {
    if (!me) return;
    signingOut.current = false;
    const tick = () => {
      const t = Date.now();
      setNow(t);
      // Read the latest activity directly: a call in another tab may have moved it since the last render.
      if (t >= getLastActivity() + limitMs && !signingOut.current) {
        signingOut.current = true;
        void signOut('idle');
      }
    };
    const id = window.setInterval(tick, 1000);
    return () => window.clearInterval(id);
  }, [me, limitMs]);

  if (!me) return null;
  const remaining = last + limitMs - now;
  const open = remaining <= WARN_MS && remaining > 0;

  const stay = async () => {
    setRefreshing(true);
    setError(null);
    try {
      setMe(await api.post('/api/auth/refresh', {}, { schema: meResponse }));
    } catch (err) {
      setError(err);
    } finally {
      setRefreshing(false);
    }
  };

  return (
    <Modal
      opened={open}
      onClose={stay}
      title="Still there?"
      centered
      closeOnClickOutside={false}
      withCloseButton={false}
      data-testid="idle-warning"
    >
      <Stack>
        <Text size="lg">
          You will be signed out in <strong>{mmss(remaining)}</strong>{' '}
          {me.user.role === 'patient' ? 'to keep your information private.' : "for your patients' privacy."}
        </Text>
        <ErrorAlert error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={() => void signOut('signed_out')}>
            Sign out
          </Button>
          <Button onClick={stay} loading={refreshing} data-autofocus>
            Stay signed in
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

import { Card, Stack, Text } from '@mantine/core';
import { useMe } from '../../app/session';
import { PageTitle } from '../../components/PageTitle';

/** The patient portal's home. One thing per screen, plain words (UX.md); features arrive in later issues. */
export default function PortalHome() {
  const me = useMe().data;
  if (!me) return null;
  const first = me.user.name.split(' ')[0] ?? me.user.name;
  return (
    <Stack gap="lg">
      <PageTitle>{`Hello, ${first}`}</PageTitle>
      <Card withBorder radius="md" padding="lg">
        <Text size="lg">Nothing needs your attention right now.</Text>
        <Text c="dimmed" mt="xs">
          When your care team asks you to fill in a questionnaire or sign a form, it will appear here.
        </Text>
      </Card>
    </Stack>
  );
}

import { Alert, Anchor, Box, Button, Group, Stack, Text } from '@mantine/core';
import { IconLifebuoy, IconMessage, IconPhone } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/**
 * A slim line at the top of every public and portal page: crisis help is one tap away before anything else
 * (UX.md). Sticky, so it stays in view on a long page.
 */
export function CrisisBar() {
  return (
    <Box
      role="region"
      aria-label="Crisis help"
      py={6}
      px={{ base: 'xs', xs: 'md' }}
      style={{
        position: 'sticky',
        top: 0,
        zIndex: 100,
        background: 'var(--mantine-color-body)',
        borderBottom: '1px solid var(--mantine-color-default-border)',
      }}
      data-testid="crisis-bar"
    >
      <Text size="sm" ta="center" m={0}>
        <IconLifebuoy size={16} aria-hidden="true" style={{ verticalAlign: 'text-bottom', marginRight: 6 }} />
        {/* On a phone the same help in one line, so the page's own content keeps the screen. */}
        <Text span inherit visibleFrom="xs">
          In crisis or thinking about suicide?{' '}
        </Text>
        <Text span inherit hiddenFrom="xs">
          In crisis?{' '}
        </Text>
        Call or text{' '}
        <Anchor href="tel:988" fw={700} underline="always" size="sm">
          988
        </Anchor>
        <Text span inherit visibleFrom="xs">
          {' '}
          any time
        </Text>
        , or call{' '}
        <Anchor href="tel:911" fw={700} underline="always" size="sm">
          911
        </Anchor>
        <Text span inherit visibleFrom="xs">
          {' '}
          in an emergency
        </Text>
        .
      </Text>
    </Box>
  );
}

/**
 * Crisis resources, said plainly and first, for the moments that call for them: a visitor who reports
 * thoughts of suicide or a recent attempt sees this straight away, before sending anything.
 */
export function CrisisResources({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Alert
      role="alert"
      color="red"
      variant="light"
      radius="md"
      title={title}
      icon={<IconLifebuoy aria-hidden="true" />}
      data-testid="crisis-resources"
      styles={{ title: { fontSize: 'var(--mantine-font-size-lg)' } }}
    >
      <Stack gap="sm">
        <Text>
          The 988 Suicide &amp; Crisis Lifeline is free, confidential and open day and night. If you might act
          on these thoughts now, or you are in danger, call 911.
        </Text>
        {children}
        <Group gap="sm">
          <Button
            component="a"
            href="tel:988"
            color="red"
            leftSection={<IconPhone size={18} aria-hidden="true" />}
          >
            Call 988
          </Button>
          {/* Outlined red on the red box failed contrast (axe, serious): the page's own colours pass in both
              themes, as in the questionnaire's crisis panel. */}
          <Button
            component="a"
            href="sms:988"
            variant="default"
            leftSection={<IconMessage size={18} aria-hidden="true" />}
          >
            Text 988
          </Button>
          <Button
            component="a"
            href="tel:911"
            variant="default"
            leftSection={<IconPhone size={18} aria-hidden="true" />}
          >
            Call 911
          </Button>
        </Group>
        <Text size="sm">
          You can also chat online at{' '}
          <Anchor
            href="https://988lifeline.org/chat/"
            target="_blank"
            rel="noreferrer"
            underline="always"
            c="inherit"
            fw={600}
          >
            988lifeline.org
          </Anchor>
          .
        </Text>
      </Stack>
    </Alert>
  );
}

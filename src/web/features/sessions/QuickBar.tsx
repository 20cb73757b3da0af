import { Box, Button, Group, Menu, Paper } from '@mantine/core';
import { IconChevronDown, IconHeartbeat, IconMoodEmpty, IconZzz } from '@tabler/icons-react';

/** One tap to each entry: vitals first and biggest; the rarer kinds under "More". */
export function QuickBar({ onOpen, dosed }: { onOpen: (kind: string) => void; dosed: boolean }) {
  return (
    // Sticky under the header, on a strip of the page's background so nothing shows through around it.
    <Box
      style={{ position: 'sticky', top: 64, zIndex: 50, background: 'var(--mantine-color-body)' }}
      py={6}
      mx={-4}
      px={4}
    >
      <Paper
        withBorder
        radius="md"
        p="xs"
        shadow="sm"
        component="nav"
        aria-label="Record an entry"
        data-testid="quick-bar"
      >
        <Group gap="xs" wrap="wrap">
          <Button
            size="lg"
            leftSection={<IconHeartbeat size={22} aria-hidden="true" />}
            onClick={() => onOpen('vitals')}
          >
            Record vitals
          </Button>
          {dosed ? (
            <>
              <Button
                size="lg"
                variant="light"
                leftSection={<IconZzz size={22} aria-hidden="true" />}
                onClick={() => onOpen('sedation')}
              >
                Sedation
              </Button>
              <Button
                size="lg"
                variant="light"
                leftSection={<IconMoodEmpty size={22} aria-hidden="true" />}
                onClick={() => onOpen('dissociation')}
              >
                Dissociation
              </Button>
            </>
          ) : null}
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <Button
                size="lg"
                variant="default"
                rightSection={<IconChevronDown size={18} aria-hidden="true" />}
              >
                More
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item onClick={() => onOpen('observation')}>Observation</Menu.Item>
              <Menu.Item onClick={() => onOpen('side_effect')}>Side effect</Menu.Item>
              <Menu.Item onClick={() => onOpen('intervention')}>Intervention</Menu.Item>
              <Menu.Item color="red" onClick={() => onOpen('adverse_event')}>
                Adverse event
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Paper>
    </Box>
  );
}

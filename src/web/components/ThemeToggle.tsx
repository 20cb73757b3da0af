import { ActionIcon, Tooltip, useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { IconMoon, IconSun } from '@tabler/icons-react';
import { useHydrated } from '../lib/hydrated';

/**
 * One tap between the light and the dim theme; Mantine remembers the choice on this device. On a page the
 * server rendered, the button is off until the page's code has taken it over: a tap before then would do nothing.
 */
export function ThemeToggle() {
  const hydrated = useHydrated();
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');
  const dim = scheme === 'dark';
  const label = dim ? 'Switch to light theme' : 'Switch to dim theme';
  return (
    <Tooltip label={label} withArrow>
      <ActionIcon
        variant="default"
        radius="xl"
        aria-label={label}
        aria-pressed={dim}
        disabled={!hydrated}
        onClick={() => setColorScheme(dim ? 'light' : 'dark')}
      >
        {dim ? <IconSun size={22} aria-hidden="true" /> : <IconMoon size={22} aria-hidden="true" />}
      </ActionIcon>
    </Tooltip>
  );
}

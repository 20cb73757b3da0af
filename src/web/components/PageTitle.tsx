import { Title, type TitleProps } from '@mantine/core';
import { useEffect } from 'react';

/** The page's one h1, mirrored in the document title so screen readers announce where a link went. */
export function PageTitle({ children, ...props }: TitleProps & { children: string }) {
  useEffect(() => {
    document.title = `${children} · Liminal`;
  }, [children]);
  return (
    <Title order={1} size="h2" mb="md" {...props}>
      {children}
    </Title>
  );
}

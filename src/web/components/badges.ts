/** Badge styles for table cells: the label must not be squeezed into "ALLOW…" by the column layout. */
export const NO_CLIP = { label: { overflow: 'visible' } } as const;

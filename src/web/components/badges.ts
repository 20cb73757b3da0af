/** Badge styles for table cells: the label must not be squeezed into "ALLOW…" by the column layout. */
export const NO_CLIP = { label: { overflow: 'visible' } } as const;

/** Badge styles for a sentence in a narrow card: the words wrap onto more lines instead of running out of the card. */
export const WRAP = {
  root: { height: 'auto', maxWidth: '100%', paddingBlock: 4 },
  label: { whiteSpace: 'normal', overflow: 'visible', textOverflow: 'clip', lineHeight: 1.3 },
} as const;

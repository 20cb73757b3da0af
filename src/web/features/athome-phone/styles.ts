/**
 * Big buttons on a 360 px phone: a long label ("I am with Sam and will stay", "Call the clinic on call:
 * (555) 010-0199") wraps onto a second line instead of being cut off, and the button grows to hold it.
 */
export const WRAP_BUTTON = {
  root: { height: 'auto', minHeight: 48, paddingBlock: 8 },
  label: { whiteSpace: 'normal', textAlign: 'center', lineHeight: 1.3, overflow: 'visible' },
  inner: { height: 'auto' },
} as const;

/** An icon beside text in a narrow row keeps its size. */
export const NO_SHRINK = { flexShrink: 0 } as const;

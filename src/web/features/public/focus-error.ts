/**
 * After a failed submit, moves focus to the first field that needs attention (keyboard and screen-reader
 * users would otherwise not know where to go). A group of checkboxes is focused through its first option.
 */
export function focusFirstError(form: HTMLFormElement | null): void {
  if (!form) return;
  // Let React paint the error states first.
  requestAnimationFrame(() => {
    const target = form.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (!target) return;
    const focusable = target.matches('input, select, textarea, button')
      ? target
      : target.querySelector<HTMLElement>('input, select, textarea, button');
    focusable?.focus();
  });
}

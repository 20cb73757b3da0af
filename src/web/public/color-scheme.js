// Applies the theme chosen on this device before the first paint, so a dim dosing room is never lit up by a
// white flash while the app loads. Kept as a tiny external file because the CSP allows no inline scripts.
(() => {
  let scheme = 'light';
  try {
    if (window.localStorage.getItem('liminal-color-scheme') === 'dark') scheme = 'dark';
  } catch {
    // Storage blocked: fall back to the light theme.
  }
  document.documentElement.setAttribute('data-mantine-color-scheme', scheme);
})();

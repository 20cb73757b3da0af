// Starts the app's code on a page the server rendered (src/server/platform/spa-pages.ts), once that page has been
// painted: on a slow phone network the stylesheet then arrives alone, and the page shows a second or more sooner
// than when the app's code (200 KB) shares the line with it. The code then takes the page over as it is. The
// entry and the modules it needs at once come from this tag's data attributes. An external file, because the
// CSP allows no inline scripts.
(() => {
  const tag = document.currentScript;
  const entry = tag?.dataset.entry;
  if (!entry) return;
  const preload = (tag.dataset.preload ?? '').split(' ').filter(Boolean);
  const start = () => {
    for (const href of preload) {
      const link = document.createElement('link');
      link.rel = 'modulepreload';
      link.crossOrigin = '';
      link.href = href;
      document.head.appendChild(link);
    }
    const script = document.createElement('script');
    script.type = 'module';
    script.crossOrigin = '';
    script.src = entry;
    document.head.appendChild(script);
  };
  // The frame callback runs just before the first paint; the timeout, just after it.
  requestAnimationFrame(() => setTimeout(start, 0));
})();

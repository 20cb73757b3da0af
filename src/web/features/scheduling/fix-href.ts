/**
 * The server's warnings carry a `fixPath` naming where the problem is fixed, with the part of the record
 * after '#' (`/app/patients/<id>#consent`). Chart sections are tabs (`?tab=`), so the fragment becomes the tab.
 */
export function fixHref(fixPath: string): string {
  const [path = '', fragment] = fixPath.split('#');
  if (path.startsWith('/app/admin/scheduling/staff/')) return '/app/admin/scheduling?tab=staff';
  if (fragment && /^\/app\/patients\/[^/]+$/.test(path))
    return `${path}?tab=${encodeURIComponent(fragment === 'appointments' ? 'visits' : fragment)}`;
  return path;
}

// Where to go after signing in: `?next=` names a page of this dashboard. Anything that would leave
// the origin — `//evil.example`, `/\evil.example` (browsers read the backslash as a slash),
// `https://evil.example`, `javascript:` — is ignored, so a link cannot bounce a person who just
// signed in to another site, and history.pushState is never handed a foreign URL (which throws a
// SecurityError and left a blank page).

/** `next` as a path (with query and hash) on `origin`, or undefined when it would leave it. */
export function sameOriginPath(next: string | null | undefined, origin: string): string | undefined {
  if (!next?.startsWith('/')) return undefined;
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return undefined;
  }
  if (url.origin !== origin) return undefined;
  return `${url.pathname}${url.search}${url.hash}`;
}

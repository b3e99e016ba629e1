// A small router on the History API: the current path, navigate(), <Link>, and path patterns with
// :params. The server answers index.html for every portal path (SPA fallback), so deep links work.
import { createContext, useContext, useEffect, useState, type AnchorHTMLAttributes } from "react";

const RouteContext = createContext<string>("/");

// Called after navigate(). Not a synthetic popstate event: React flushes updates made inside a
// discrete event at once, ahead of other updates of the same task (e.g. the session set just
// before navigating), so the app would render the new path with stale state.
const listeners = new Set<() => void>();

/** Goes to `to` (a path with an optional query) and notifies the app. */
export function navigate(to: string, replace = false) {
  if (replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  listeners.forEach((l) => l());
}

/** Provides the current location (path + query) to usePath(). */
export function RouterProvider({ children }: { children: React.ReactNode }) {
  const [loc, setLoc] = useState(location.pathname + location.search);
  useEffect(() => {
    const update = () => setLoc(location.pathname + location.search);
    window.addEventListener("popstate", update);
    listeners.add(update);
    return () => {
      window.removeEventListener("popstate", update);
      listeners.delete(update);
    };
  }, []);
  return <RouteContext.Provider value={loc}>{children}</RouteContext.Provider>;
}

/** The current path, without the query. */
export function usePath(): string {
  return useContext(RouteContext).split("?")[0];
}

/** The current query parameters. */
export function useQuery(): URLSearchParams {
  const loc = useContext(RouteContext);
  const q = loc.indexOf("?");
  return new URLSearchParams(q < 0 ? "" : loc.slice(q + 1));
}

/** Matches `path` against `pattern` ("/campaigns/:id"); the params, or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const a = pattern.split("/").filter(Boolean);
  const b = path.split("/").filter(Boolean);
  if (a.length !== b.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < a.length; i++) {
    if (a[i].startsWith(":")) params[a[i].slice(1)] = decodeURIComponent(b[i]);
    else if (a[i] !== b[i]) return null;
  }
  return params;
}

/** An <a> that navigates inside the app (a modified click still opens a new tab). */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  return (
    <a
      href={href}
      {...rest}
      onClick={(e) => {
        onClick?.(e);
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(href);
      }}
    />
  );
}

// The signed-in user: loaded once with getMe (which also gives the CSRF token), set by sign-in,
// cleared by sign-out or by any 401 (the session ended), which sends the user to sign-in.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import { api, setCsrfToken, setUnauthorizedHandler, type Me } from "./api";
import { navigate } from "./router";

interface Session {
  me: Me | null;
  /** true until the first getMe answered */
  checking: boolean;
  signedIn: (me: Me) => void;
  signOut: () => Promise<void>;
  refresh: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(true);

  const refresh = useCallback(async () => {
    try {
      const m = await api<Me>("GET", "/v1/me", undefined, { expect401: true });
      if (m.csrf_token) setCsrfToken(m.csrf_token);
      setMe(m);
    } catch {
      setMe(null);
    } finally {
      setChecking(false);
    }
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setMe(null);
      setCsrfToken("");
      const here = location.pathname + location.search;
      navigate(`/sign-in?next=${encodeURIComponent(here)}`, true);
    });
    void refresh();
  }, [refresh]);

  const signedIn = useCallback((m: Me) => {
    if (m.csrf_token) setCsrfToken(m.csrf_token);
    setMe(m);
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api("POST", "/v1/logout", undefined, { expect401: true });
    } finally {
      setCsrfToken("");
      setMe(null);
      navigate("/sign-in", true);
    }
  }, []);

  return (
    <SessionContext.Provider value={{ me, checking, signedIn, signOut, refresh }}>
      {children}
    </SessionContext.Provider>
  );
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession outside SessionProvider");
  return s;
}

// The policy-acceptance prompt (issue 9, "policy changes"): after sign-in, on every navigation,
// the portal asks getCurrentPolicies whether the user accepted the current privacy policy and
// terms; when one is not accepted it shows a blocking modal dialog (the native <dialog> opened
// with showModal(): the rest of the page is inert, so focus stays inside; Escape does not close
// it; labelled by its title and described by its text) with what changed, a link to the page
// (in a new tab, so the dialog stays) and "Accept", which records acceptance (acceptPolicy).
// API keys keep working meanwhile: acceptance is asked here only (src/api/policy_routes.h).
import { useEffect, useId, useRef, useState } from "react";
import { api, messageOf } from "../api";
import { usePath } from "../router";
import { useSession } from "../session";

export interface CurrentPolicy {
  kind: "privacy" | "terms";
  version: string;
  published_at: string | null;
  summary: string;
  path: string;
  accepted: boolean | null;
}

const TITLES = { privacy: "privacy policy", terms: "terms of service" };

export function PolicyPrompt() {
  const { me } = useSession();
  const path = usePath();
  const [pending, setPending] = useState<CurrentPolicy[]>([]);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const textId = useId();

  useEffect(() => {
    if (!me) {
      setPending([]);
      return;
    }
    let live = true;
    api<{ data: CurrentPolicy[] }>("GET", "/v1/policies/current").then(
      (r) => live && setPending(r.data.filter((p) => p.accepted === false)),
      () => {
        /* the portal keeps working; asked again on the next navigation */
      },
    );
    return () => {
      live = false;
    };
  }, [me, path]);

  const open = pending.length > 0;
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);

  const accept = async () => {
    setBusy(true);
    setError("");
    try {
      for (const p of pending) await api("POST", "/v1/policies/accept", { kind: p.kind, version: p.version });
      setPending([]);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const names = pending.map((p) => TITLES[p.kind]).join(" and ");
  return (
    <dialog
      ref={ref}
      className="policy-dialog"
      aria-labelledby={titleId}
      aria-describedby={textId}
      data-testid="policy-dialog"
      onCancel={(e) => e.preventDefault()}
    >
      {open && (
        <>
          <h2 id={titleId}>We updated our {names}</h2>
          <p id={textId}>Please read what changed and accept to continue using the portal.</p>
          {pending.map((p) => (
            <section key={p.kind} aria-label={`${TITLES[p.kind]} ${p.version}`}>
              <h3>
                The {TITLES[p.kind]}, version {p.version}
              </h3>
              {p.summary && <p className="policy-summary">{p.summary}</p>}
              <p>
                <a href={p.path} target="_blank" rel="noopener">
                  Read the {TITLES[p.kind]}
                </a>{" "}
                (opens in a new tab)
              </p>
            </section>
          ))}
          {error && (
            <p className="alert error" role="alert">
              {error}
            </p>
          )}
          <button type="button" onClick={() => void accept()} disabled={busy} autoFocus>
            {busy ? "Saving…" : "Accept"}
          </button>
        </>
      )}
    </dialog>
  );
}

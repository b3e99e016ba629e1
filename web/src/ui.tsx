// Shared building blocks: accessible form fields (label, aria-invalid, aria-describedby), the
// form state hook that puts API errors next to their field, and loading / empty / error states.
import {
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from "react";
import { fieldOf, messageOf } from "./api";

export type Errors = Record<string, string>;

/**
 * Form state: `run(fn)` calls the API; an error naming one of `fields` goes to that field (and it
 * gets focus), any other error to the whole form. `busy` while the call runs.
 */
export function useForm(fields: readonly string[]) {
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState("");
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const run = useCallback(
    async (fn: () => Promise<void>) => {
      setBusy(true);
      setErrors({});
      setFormError("");
      try {
        await fn();
      } catch (e) {
        const message = messageOf(e);
        const field = fieldOf(message, fields);
        if (field) {
          setErrors({ [field]: message });
          requestAnimationFrame(() => {
            const el = formRef.current?.querySelector<HTMLElement>(`[name="${field}"]`);
            el?.focus();
          });
        } else {
          setFormError(message);
        }
      } finally {
        setBusy(false);
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [fields.join(",")],
  );
  return { errors, setErrors, formError, setFormError, busy, run, formRef };
}

interface FieldProps {
  label: string;
  name: string;
  error?: string;
  hint?: ReactNode;
  children?: ReactNode;
}

function Described({ id, error, hint }: { id: string; error?: string; hint?: ReactNode }) {
  return (
    <>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </>
  );
}

function describedBy(id: string, error?: string, hint?: ReactNode) {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return ids || undefined;
}

/** A labelled <input>; the error (from the API) is announced and linked by aria-describedby. */
export function TextField({
  label,
  name,
  error,
  hint,
  ...input
}: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        {...input}
      />
      <Described id={id} error={error} hint={hint} />
    </div>
  );
}

/** A labelled <textarea>. */
export function TextArea({
  label,
  name,
  error,
  hint,
  ...rest
}: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        {...rest}
      />
      <Described id={id} error={error} hint={hint} />
    </div>
  );
}

/** A labelled <select>. */
export function SelectField({
  label,
  name,
  error,
  hint,
  children,
  ...rest
}: FieldProps & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        {...rest}
      >
        {children}
      </select>
      <Described id={id} error={error} hint={hint} />
    </div>
  );
}

/** A group of checkboxes (a fieldset with a legend) for a list value. */
export function CheckboxGroup({
  legend,
  name,
  options,
  value,
  onChange,
  error,
}: {
  legend: string;
  name: string;
  options: readonly string[];
  value: string[];
  onChange: (v: string[]) => void;
  error?: string;
}) {
  const id = useId();
  return (
    <fieldset
      className="checks"
      aria-invalid={error ? true : undefined}
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <legend>{legend}</legend>
      {options.map((o, i) => (
        <label key={o} className="check">
          <input
            type="checkbox"
            name={i === 0 ? name : undefined}
            checked={value.includes(o)}
            onChange={(e) => onChange(e.target.checked ? [...value, o] : value.filter((v) => v !== o))}
          />
          {o}
        </label>
      ))}
      <Described id={id} error={error} />
    </fieldset>
  );
}

/** A single checkbox with its label. */
export function Checkbox({
  label,
  name,
  checked,
  onChange,
  error,
}: {
  label: ReactNode;
  name: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  error?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label className="check">
        <input
          type="checkbox"
          name={name}
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        {label}
      </label>
      <Described id={id} error={error} />
    </div>
  );
}

/** The form-level error (a message that names no field). */
export function FormError({ message }: { message: string }) {
  if (!message) return null;
  return (
    <div className="alert error" role="alert">
      {message}
    </div>
  );
}

export function Loading({ what = "Loading" }: { what?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

export function ErrorState({ message, retry }: { message: string; retry?: () => void }) {
  return (
    <div className="alert error" role="alert">
      <p>{message}</p>
      {retry && (
        <button type="button" className="secondary" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** Loads data with `fn`; `reload()` loads again. Stale answers of earlier loads are dropped. */
export function useLoad<T>(fn: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState("");
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);
  const load = useCallback(() => {
    const n = ++seq.current;
    setLoading(true);
    setError("");
    fn().then(
      (d) => {
        if (n !== seq.current) return;
        setData(d);
        setLoading(false);
      },
      (e) => {
        if (n !== seq.current) return;
        setError(messageOf(e));
        setLoading(false);
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  useEffect(load, [load]);
  return { data, setData, error, loading, reload: load };
}

/** Shows a secret once, with a copy button; the parent forgets it when dismissed. */
export function SecretOnce({ title, secret, onDone }: { title: string; secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="alert secret" role="status">
      <h3>{title}</h3>
      <p>Copy it now: it is shown only this once.</p>
      <code className="secret-value" data-testid="secret">
        {secret}
      </code>
      <div className="row">
        <button
          type="button"
          className="secondary"
          onClick={() => {
            navigator.clipboard?.writeText(secret).then(() => setCopied(true), () => setCopied(false));
          }}
        >
          {copied ? "Copied" : "Copy"}
        </button>
        <button type="button" onClick={onDone}>
          I have saved it
        </button>
      </div>
    </div>
  );
}

/** "3 min ago" style time with the exact time as a tooltip. */
export function Time({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <span>—</span>;
  const d = new Date(iso);
  const s = Math.round((Date.now() - d.getTime()) / 1000);
  let text: string;
  if (s < 0) text = d.toLocaleString();
  else if (s < 60) text = "just now";
  else if (s < 3600) text = `${Math.floor(s / 60)} min ago`;
  else if (s < 86400) text = `${Math.floor(s / 3600)} h ago`;
  else text = d.toLocaleDateString();
  return (
    <time dateTime={iso} title={d.toLocaleString()}>
      {text}
    </time>
  );
}

/** Sets the document title and moves focus to the page heading on navigation (screen readers). */
export function PageTitle({ children }: { children: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${children} · LeadOS`;
    ref.current?.focus();
  }, [children]);
  return (
    <h1 tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}

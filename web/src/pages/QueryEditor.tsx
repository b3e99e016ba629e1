// The campaign query editor: as the user types, the query is checked by the API (validateQuery,
// debounced 300 ms, earlier answers dropped) and a parse error is shown at its position — the
// API's "LINE:COL: what was expected" message, the offending line with a marker under the column,
// and the character offset. Columns count characters (code points) from 1, as the parser does.
import { useEffect, useId, useRef, useState } from "react";
import { ApiError, api, messageOf } from "../api";

export interface QueryProblem {
  line: number;
  column: number;
  /** code points from the start of the query (0-based) */
  offset: number;
  message: string;
  lineText: string;
}

/** Reads "query: 1:14: expected …" (the API's message) into a position within `query`. */
export function parseQueryError(message: string, query: string): QueryProblem | null {
  const m = /^(?:query: )?(\d+):(\d+): (.*)$/s.exec(message);
  if (!m) return null;
  const line = Number(m[1]);
  const column = Number(m[2]);
  const lines = query.split("\n");
  let offset = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) offset += Array.from(lines[i]).length + 1;
  offset += column - 1;
  return { line, column, offset, message: m[3], lineText: lines[line - 1] ?? "" };
}

export function QueryEditor({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (v: string) => void;
  /** an error from saving the campaign (the same message shape) */
  error?: string;
}) {
  const id = useId();
  const [live, setLive] = useState<{ problem: QueryProblem | null; other: string; normalised: string }>({
    problem: null,
    other: "",
    normalised: "",
  });
  const [checking, setChecking] = useState(false);
  const seq = useRef(0);

  useEffect(() => {
    if (!value.trim()) {
      setLive({ problem: null, other: "", normalised: "" });
      return;
    }
    const n = ++seq.current;
    const timer = setTimeout(() => {
      setChecking(true);
      api<{ query: string }>("POST", "/v1/queries/validate", { query: value }).then(
        (r) => {
          if (n !== seq.current) return;
          setChecking(false);
          setLive({ problem: null, other: "", normalised: r.query });
        },
        (e) => {
          if (n !== seq.current) return;
          setChecking(false);
          const msg = messageOf(e);
          const problem = e instanceof ApiError && e.status === 400 ? parseQueryError(msg, value) : null;
          setLive({ problem, other: problem ? "" : msg, normalised: "" });
        },
      );
    }, 300);
    return () => clearTimeout(timer);
  }, [value]);

  // An error from saving wins when it has a position; otherwise the live check is shown.
  const saved = error ? parseQueryError(error, value) : null;
  const problem = saved ?? live.problem;
  const other = problem ? "" : error || live.other;
  const invalid = Boolean(problem || other);
  return (
    <div className="field query-editor">
      <label htmlFor={id}>Query</label>
      <textarea
        id={id}
        name="query"
        rows={4}
        spellCheck={false}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={`${id}-hint ${invalid ? `${id}-error` : ""}`.trim()}
        className="mono"
      />
      <p className="hint" id={`${id}-hint`}>
        Words, "exact phrases", OR, AND, NOT or -word, (groups), prefix*, NEAR/n.{" "}
        {checking ? "Checking…" : live.normalised ? "The query is valid." : ""}
      </p>
      {problem && (
        <div className="field-error query-error" id={`${id}-error`} role="alert">
          <p>
            Line {problem.line}, column {problem.column} (character {problem.offset + 1}): {problem.message}
          </p>
          <pre className="marker" aria-hidden="true" data-testid="query-marker">
            {problem.lineText + "\n" + " ".repeat(Math.max(0, problem.column - 1)) + "^"}
          </pre>
        </div>
      )}
      {other && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {other}
        </p>
      )}
    </div>
  );
}

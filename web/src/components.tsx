// Small building blocks shared by the pages: badges, money, errors, loading states, the live
// announcer for screen readers, and a described-by field wrapper.
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react';
import { ApiFailure, type RefundStatus } from './api.ts';
import { formatDateTime, formatMoney } from './format.ts';
import { actorInWords, STATUS_LABEL, STATUS_TONE } from './words.ts';

export function StatusBadge({ status }: { status: RefundStatus }) {
  return (
    <span className={`badge badge-${STATUS_TONE[status] ?? 'muted'}`} data-status={status}>
      {STATUS_LABEL[status] ?? status}
    </span>
  );
}

export function Money({ amount, currency }: { amount: number; currency: string }) {
  return <span className="money">{formatMoney(amount, currency)}</span>;
}

export function DateTime({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <span>—</span>;
  return <time dateTime={iso}>{formatDateTime(iso)}</time>;
}

/** Who did something: their name, their email on hover; never a bare `usr_…` id. */
export function Person({
  actor,
  name,
  email,
}: {
  actor: string | null | undefined;
  name?: string | null | undefined;
  email?: string | null | undefined;
}) {
  if (!actor) return <span>—</span>;
  return (
    <span className="person" title={email ?? undefined} data-actor={actor}>
      {actorInWords(actor, name)}
    </span>
  );
}

/**
 * An error message. With an `id` it can take focus (tabIndex -1), so a form can move focus to it
 * after a failed submit and screen readers read it at once.
 */
export function ErrorNote({ error, title, id }: { error: unknown; title?: string; id?: string }) {
  if (!error) return null;
  const message =
    error instanceof ApiFailure
      ? error.status === 403
        ? `You are not allowed to do this. ${error.message}`
        : error.message
      : (error as Error).message;
  return (
    <div className="note note-bad" role="alert" id={id} tabIndex={id ? -1 : undefined}>
      {title ? <strong>{title} </strong> : null}
      {message}
    </div>
  );
}

/**
 * Moves focus to the element with this id once it is on the page: after an error, to the
 * message or the field at fault. Call `focusOn(id)`; a new call focuses again.
 */
export function useFocusAfterRender(): (id: string) => void {
  const [target, setTarget] = useState<{ id: string } | undefined>(undefined);
  useEffect(() => {
    if (!target) return;
    const el = document.getElementById(target.id);
    el?.focus();
    el?.scrollIntoView?.({ block: 'center' });
  }, [target]);
  return useCallback((id: string) => setTarget({ id }), []);
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="loading" role="status">
      {label}
    </p>
  );
}

/**
 * What a detail page shows before its record is there: "Loading…" the first time, then the
 * error under the page's title if the load failed.
 */
export function NotLoaded({
  title,
  resource,
}: {
  title: string;
  resource: { loading: boolean; error: unknown };
}) {
  if (resource.loading) return <Loading />;
  if (!resource.error) return null;
  return (
    <section>
      <PageHeader title={title} />
      <ErrorNote error={resource.error} />
    </section>
  );
}

/** A table's column heading; `num` right-aligns it over numbers. */
export type Column = ReactNode | { label: ReactNode; num: true };

/**
 * A table that scrolls sideways on narrow screens: its caption (for screen readers only with
 * `hideCaption`), one row of column headings (`false` leaves a column out) and `children`, the rows.
 */
export function Table({
  caption,
  hideCaption = false,
  columns,
  className,
  testId,
  children,
}: {
  caption: ReactNode;
  hideCaption?: boolean;
  columns: Array<Column | false>;
  className?: string;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <div className="table-wrap">
      <table className={className} data-testid={testId}>
        <caption className={hideCaption ? 'visually-hidden' : undefined}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c, i) =>
              c === false ? null : isNumColumn(c) ? (
                // biome-ignore lint/suspicious/noArrayIndexKey: the headings are fixed for a table
                <th key={i} scope="col" className="num">
                  {c.label}
                </th>
              ) : (
                // biome-ignore lint/suspicious/noArrayIndexKey: the headings are fixed for a table
                <th key={i} scope="col">
                  {c}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

const isNumColumn = (c: Column): c is { label: ReactNode; num: true } =>
  typeof c === 'object' && c !== null && 'num' in c;

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** A page's title: focused on navigation so screen readers announce the new page. */
export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Refundry`;
    ref.current?.focus({ preventScroll: true });
  }, [title]);
  return (
    <div className="page-header">
      <h1 ref={ref} tabIndex={-1} id="page-title">
        {title}
      </h1>
      {children ? <div className="page-actions">{children}</div> : null}
    </div>
  );
}

export function Field({
  label,
  hint,
  error,
  required,
  id: fixedId,
  children,
}: {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  /** Marks the label "(required)" and the control required for assistive technology. */
  required?: boolean;
  /** A stable id for the control, e.g. to move focus to it after an error. */
  id?: string;
  children: (props: {
    id: string;
    'aria-describedby'?: string;
    'aria-invalid'?: boolean;
    'aria-required'?: boolean;
  }) => ReactNode;
}) {
  const autoId = useId();
  const id = fixedId ?? autoId;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? <span className="required"> (required)</span> : null}
      </label>
      {children({
        id,
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        ...(error ? { 'aria-invalid': true } : {}),
        ...(required ? { 'aria-required': true } : {}),
      })}
      {hint ? (
        <div className="hint" id={hintId}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <div className="field-error" id={errorId}>
          {error}
        </div>
      ) : null}
    </div>
  );
}

// ---- Announcements for screen readers (one polite live region for the whole app) ----

const AnnounceContext = createContext<(message: string) => void>(() => {});

export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState('');
  const announce = useCallback((m: string) => {
    // Clear first so repeating the same message is announced again.
    setMessage('');
    window.setTimeout(() => setMessage(m), 50);
  }, []);
  return (
    <AnnounceContext.Provider value={announce}>
      {children}
      <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="announcer">
        {message}
      </div>
    </AnnounceContext.Provider>
  );
}

export const useAnnounce = () => useContext(AnnounceContext);

export function Dl({ items }: { items: Array<[string, ReactNode]> }) {
  return (
    <dl className="facts">
      {items.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Copy-once secret display (API keys, webhook secrets): shown once, with a copy button. */
export function SecretOnce({ label, value, onDone }: { label: string; value: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="note note-warn secret" role="status">
      <p>
        <strong>{label}</strong> This is the only time it is shown; store it now.
      </p>
      <code className="secret-value" data-testid="secret-value">
        {value}
      </code>
      <div className="row">
        <button
          type="button"
          onClick={() => {
            void navigator.clipboard?.writeText(value).then(() => setCopied(true));
          }}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          I have stored it
        </button>
      </div>
    </div>
  );
}

import { useId, type ReactNode } from 'react';

/**
 * A table of records (accounts, audit events, imports, problems) in a focusable scroll region, so
 * keyboard users can scroll it. The caption names the region, or `label` does where the caption is
 * for screen readers only and the page shows a heading instead.
 */
export function RecordTable({ caption, captionHidden = false, label, headers, testId, children }: {
  caption: string; captionHidden?: boolean; label?: string; headers: readonly string[]; testId?: string; children: ReactNode;
}) {
  const id = useId();
  return (
    <div className="table-scroll" tabIndex={0} role="region" {...(label ? { 'aria-label': label } : { 'aria-labelledby': id })}>
      <table className="admin-table" data-testid={testId}>
        <caption id={id} className={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>
        <thead><tr>{headers.map((h) => <th key={h} scope="col">{h}</th>)}</tr></thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

// The admin pages' tables: a header row from the columns, one row per item, numbers right-aligned;
// it scrolls sideways on its own on narrow screens, and says so when there is no row (server-safe: no
// state or effects).
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  numeric?: boolean;
  /** The cell's colour and width, instead of the default slate text. */
  className?: string;
}

export function DataTable<T>({
  caption,
  columns,
  rows,
  rowKey,
  testId,
  rowTestId,
  minWidth,
  className = "",
  empty,
}: {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  testId: string;
  rowTestId?: string;
  minWidth: string;
  /** Added to the scrolling frame (e.g. to show the table only on wider screens). */
  className?: string;
  /** The one row's text when there is none ("Nothing to show yet." by default). */
  empty?: string;
}) {
  const t = useTranslations("common");
  return (
    // A table wider than the screen scrolls sideways: the frame takes focus so the keyboard can scroll it.
    <div className={`overflow-x-auto rounded-2xl border border-slate-800 ${className}`} tabIndex={0} role="region" aria-label={caption}>
      <table className={`w-full text-left text-sm ${minWidth}`} data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-900 text-xs uppercase tracking-wide text-slate-400">
          <tr>
            {columns.map((column) => (
              <th key={column.header} scope="col" className={`px-3 py-2 font-medium ${column.numeric ? "text-right" : ""}`}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-800">
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="px-3 py-6 text-center text-slate-400">
                {empty ?? t("noRows")}
              </td>
            </tr>
          ) : null}
          {rows.map((row) => (
            <tr key={rowKey(row)} data-testid={rowTestId} className="align-top">
              {columns.map((column) => (
                <td key={column.header} className={`px-3 py-2 ${column.numeric ? "whitespace-nowrap text-right tabular-nums" : ""} ${column.className ?? (column.numeric ? "text-slate-200" : "text-slate-300")}`}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

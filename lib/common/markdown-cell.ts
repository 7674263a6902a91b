/**
 * A Markdown table cell: one line, and a `|` inside it (patterns, unions) escaped so it does not
 * end the cell; one already escaped (`\|`, as the reference's union types are written) is kept.
 */
export function markdownCell(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/(?<!\\)\|/g, '\\|');
}

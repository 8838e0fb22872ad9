// A matched name with the words around it, on one line, for examples and snippets.

/** `text[start, end)` marked **like this**, with up to `width` characters either side, cut at word boundaries. */
export function around(text: string, start: number, end: number, width = 60): string {
  let from = Math.max(0, start - width);
  let to = Math.min(text.length, end + width);
  if (from > 0) from = Math.min(start, text.indexOf(' ', from) + 1 || from);
  if (to < text.length) to = Math.max(end, text.lastIndexOf(' ', to));
  const flat = (s: string) => s.replace(/\s+/g, ' ');
  return `${from > 0 ? '…' : ''}${flat(text.slice(from, start))}**${flat(text.slice(start, end))}**${flat(text.slice(end, to))}${to < text.length ? '…' : ''}`;
}

/**
 * Fully qualified names: parts joined with ".", a part that contains "." or '"' quoted with
 * '"' (inner quotes doubled), as OpenMetadata does. `service.db.schema."odd.name"`.
 */
export function fqn(...parts: string[]): string {
  return parts.map(quotePart).join(".");
}

function quotePart(part: string): string {
  return /[."]/.test(part) ? `"${part.replace(/"/g, '""')}"` : part;
}

/** Splits an FQN back into its parts. */
export function splitFqn(name: string): string[] {
  const parts: string[] = [];
  let i = 0;
  while (i <= name.length) {
    if (name[i] === '"') {
      let part = "";
      i++;
      while (i < name.length) {
        if (name[i] === '"' && name[i + 1] === '"') {
          part += '"';
          i += 2;
        } else if (name[i] === '"') {
          i++;
          break;
        } else part += name[i++];
      }
      parts.push(part);
      i++; // the "." after the closing quote
    } else {
      const dot = name.indexOf(".", i);
      const end = dot < 0 ? name.length : dot;
      parts.push(name.slice(i, end));
      i = end + 1;
    }
  }
  return parts;
}

/** The FQN of a lineage edge. */
export function lineageFqn(from: string, to: string): string {
  return `${from} -> ${to}`;
}

/**
 * A word-by-word difference between two versions of a short text (a template: at most 1,600
 * characters), as runs of kept, removed and added words, by longest common subsequence.
 */
export interface DiffPart {
  kind: "same" | "removed" | "added";
  text: string;
}

const tokens = (text: string): string[] => text.split(/(\s+)/).filter((t) => t !== "");

export function wordDiff(before: string, after: string): DiffPart[] {
  const a = tokens(before);
  const b = tokens(after);
  // lcs(i, j): the longest common run of a[i..] and b[j..].
  const width = b.length + 1;
  const table = new Int32Array((a.length + 1) * width);
  const lcs = (i: number, j: number): number => table[i * width + j] ?? 0;
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i * width + j] = a[i] === b[j] ? lcs(i + 1, j + 1) + 1 : Math.max(lcs(i + 1, j), lcs(i, j + 1));
    }
  }
  const parts: DiffPart[] = [];
  const push = (kind: DiffPart["kind"], text: string) => {
    const last = parts[parts.length - 1];
    if (last?.kind === kind) last.text += text;
    else parts.push({ kind, text });
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const left = a[i];
    const right = b[j];
    if (left !== undefined && left === right) {
      push("same", left);
      i++;
      j++;
    } else if (right !== undefined && (left === undefined || lcs(i, j + 1) >= lcs(i + 1, j))) {
      push("added", right);
      j++;
    } else {
      push("removed", left ?? "");
      i++;
    }
  }
  return parts;
}

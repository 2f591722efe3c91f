/** One measured figure. `ok` compares it with its target when the target is a threshold. */
export interface BenchRow {
  group: string;
  name: string;
  value: number;
  unit: string;
  target?: string;
  ok?: boolean;
  note?: string;
}

export type BenchGroup = () => Promise<BenchRow[]>;

/** The slice of autocannon's API the benchmarks use (the package ships no types). */
declare module "autocannon" {
  export interface AutocannonRequest {
    method?: "GET" | "POST";
    path?: string;
    setupRequest?: (request: { body?: unknown; headers?: Record<string, string> }) => unknown;
  }
  export interface AutocannonOptions {
    url: string;
    connections?: number;
    duration?: number;
    path?: string;
    requests?: AutocannonRequest[];
  }
  export default function autocannon(opts: AutocannonOptions, done: (err: Error | null, result: unknown) => void): unknown;
}

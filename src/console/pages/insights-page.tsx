/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { ErrorSummary, SelectField, TextField } from "../components/form-fields.js";
import { Layout, type PageContext } from "../components/layout.js";
import type { Bucket, Chart, Insights } from "../data/insights.js";
import type { FieldErrors } from "../forms.js";

/** Insights: one chart per question, each with its numbers as a table and a CSV. */
const UNITS: Record<Chart["kind"], string> = { count: "", percent: "%", minutes: " min" };

/** A blank cell is "nothing to measure" (no appointments that day), not a zero. */
const cellText = (value: number | null | undefined, unit: string): string => (value === null || value === undefined ? "none" : `${value}${unit}`);

function ChartFigure(props: { chart: Chart; buckets: string[]; bucket: Bucket; query: string }) {
  const { chart } = props;
  const empty = chart.series.every((s) => s.values.every((v) => !v));
  const unit = UNITS[chart.kind];
  return (
    <section class="card chart-card" data-chart-id={chart.id} aria-labelledby={`chart-${chart.id}`}>
      <h2 id={`chart-${chart.id}`}>{chart.title}</h2>
      <p class="small muted">{chart.about}.</p>
      {chart.summary ? <p data-chart-summary={chart.id}>{chart.summary}</p> : null}
      {empty ? <p>Nothing to show for these dates.</p> : <div class="chart" aria-hidden="true" data-bucket={props.bucket} data-bars={chart.bars ? "side-by-side" : undefined} data-chart={JSON.stringify({ labels: props.buckets, series: chart.series })}></div>}
      <details>
        <summary>The numbers</summary>
        <div class="table-scroll">
          <table data-chart-table={chart.id}>
            <caption class="visually-hidden">{chart.title}</caption>
            <thead>
              <tr>
                <th scope="col">{props.bucket === "week" ? "Week of" : "Day"}</th>
                {chart.series.map((s) => (
                  <th scope="col">{s.label}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.buckets.map((b, i) => (
                <tr>
                  <th scope="row">{b}</th>
                  {chart.series.map((s) => (
                    <td>{cellText(s.values[i], unit)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      <p class="small">
        <a href={`/insights/${chart.id}.csv${props.query}`}>Download as CSV</a>
      </p>
    </section>
  );
}

export function InsightsPage(props: { page: PageContext; insights: Insights; values: { from: string; to: string; bucket: Bucket }; errors?: FieldErrors | undefined; query: string }) {
  return (
    <Layout page={props.page} title="Insights" current="/insights">
      <link rel="stylesheet" href="/console/assets/uplot.min.css" />
      <script src="/console/assets/uplot.min.js" defer></script>
      <script src="/console/assets/insights.js" defer></script>
      <h1>Insights</h1>
      <p>What minnow did and how patients answered, counted by day or week. Only totals: no patient appears here.</p>
      <ErrorSummary errors={props.errors} />
      <form method="get" action="/insights" class="filters">
        <TextField name="from" label="From" type="date" value={props.values.from} error={props.errors?.from} />
        <TextField name="to" label="To" type="date" value={props.values.to} error={props.errors?.to} />
        <SelectField name="bucket" label="Count by" value={props.values.bucket} options={[{ value: "day", label: "Day" }, { value: "week", label: "Week" }]} />
        <button type="submit">Show</button>
      </form>
      {props.insights.charts.map((chart) => (
        <ChartFigure chart={chart} buckets={props.insights.buckets} bucket={props.values.bucket} query={props.query} />
      ))}
    </Layout>
  );
}

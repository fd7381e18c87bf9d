/** The markdown summary of a drills run: one row per drill, then the totals the issue asks for. */
import type { DrillResult } from './drill-kit';

export function summaryTable(results: DrillResult[]): string {
  const sum = (f: (r: DrillResult) => number) => results.reduce((a, r) => a + f(r), 0);
  const rows = [
    '| drill | passed | integrations | lost | duplicates | seconds |',
    '|---|---|---|---|---|---|',
    ...results.map(
      (r) => `| ${r.drill} | ${r.passed ? 'yes' : '**NO**'} | ${r.integrations} | ${r.lost} | ${r.duplicates} | ${r.seconds ?? ''} |`,
    ),
    `| **${results.length} drills run** | **${results.filter((r) => r.passed).length} passed** | ${sum((r) => r.integrations)} | **${sum((r) => r.lost)}** | **${sum((r) => r.duplicates)}** | ${sum((r) => r.seconds ?? 0)} |`,
  ];
  return rows.join('\n');
}

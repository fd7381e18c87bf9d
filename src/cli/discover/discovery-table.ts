/** The discovery result as the terminal shows it: the ranked table, the reasons, then what was excluded and why. */
import type { DiscoveryResult } from '../../shared/discovery-types';

export function formatDiscovery(r: DiscoveryResult): string {
  const lines: string[] = [];
  if (!r.ranked.length) lines.push('No repository to propose.');
  else {
    const rows = r.ranked.map((x) => [
      String(x.rank),
      `${x.owner}/${x.name}`,
      String(x.stars),
      x.language ?? '-',
      String(x.fit.score),
      String(x.mergeLikelihood.score),
      String(x.changeSize.score),
      x.overall.toFixed(1),
      x.rankedBy,
    ]);
    lines.push(...table(['#', 'repository', 'stars', 'language', 'fit', 'merge', 'size', 'overall', 'by'], rows));
    lines.push('');
    for (const x of r.ranked) {
      lines.push(`${x.rank}. ${x.url}`);
      lines.push(`   fit: ${x.fit.reason}`);
      lines.push(`   merge: ${x.mergeLikelihood.reason}`);
      lines.push(`   size: ${x.changeSize.reason}`);
    }
  }
  if (r.excluded.length) {
    lines.push('', `Excluded (${r.excluded.length}):`);
    lines.push(
      ...table(
        ['repository', 'rule', 'why'],
        r.excluded.map((e) => [`${e.owner}/${e.name}`, e.reason, e.detail]),
      ),
    );
  }
  if (r.note) lines.push('', `Note: ${r.note}`);
  return lines.join('\n');
}

function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [fmt(head), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)];
}

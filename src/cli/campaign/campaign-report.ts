/** A campaign's status as the terminal shows it: phase, limits, counts per state, one line per repository. */
import type { CampaignStatus } from '../../shared/campaign-types';

export function formatCampaign(s: CampaignStatus): string {
  const lines = [
    `phase ${s.phase}${s.cancelled ? ' (cancelled)' : ''}; limits: ${s.limits.concurrency} at a time, ${s.limits.prsPerHour}/hour, ${s.limits.prsPerDay}/day`,
    `counts: ${Object.entries(s.counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  ];
  for (const r of s.rows)
    lines.push(
      `  ${r.state.padEnd(18)} ${r.repo.padEnd(40)} ${r.askWorkflowId ?? r.workflowId}${r.startedAt ? `  ${r.askWorkflowId ? 'asked' : 'started'} ${r.startedAt}` : ''}${r.note ? `  (${r.note})` : ''}`,
    );
  return lines.join('\n');
}

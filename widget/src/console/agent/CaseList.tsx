import type { InboxCase } from './api';

export interface CaseListProps {
  cases: InboxCase[];
  selected?: string;
  onSelect(id: string): void;
}

const when = (at: number) => new Date(at).toLocaleString();

/** Escalated conversations, most recent first: status, customer, reason, question. */
export function CaseList({ cases, selected, onSelect }: CaseListProps) {
  if (cases.length === 0) return <p class="muted">No escalated conversations yet.</p>;
  return (
    <ul aria-label="Cases">
      {cases.map((item) => (
        <li key={item.id}>
          <button aria-current={item.id === selected} onClick={() => onSelect(item.id)} data-case={item.id}>
            <span class={`status ${item.status}`}>{item.status}</span>
            <strong>{item.customer}</strong>
            <div class="muted">
              {item.reasons.join(', ')} · {when(item.updatedAt)}
            </div>
            <div>{item.lastQuestion.length > 120 ? `${item.lastQuestion.slice(0, 119)}…` : item.lastQuestion}</div>
          </button>
        </li>
      ))}
    </ul>
  );
}

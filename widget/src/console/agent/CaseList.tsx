import { reasonWords } from '../../../../shared/reasons';
import type { InboxCase } from './api';

export interface CaseListProps {
  cases: InboxCase[];
  selected?: string;
  onSelect(id: string): void;
}

const when = (at: number) => new Date(at).toLocaleString();

/** Escalated conversations, high urgency first: status, category, customer, reasons in words, summary or question. */
export function CaseList({ cases, selected, onSelect }: CaseListProps) {
  if (cases.length === 0) return <p class="muted">No escalated conversations here.</p>;
  return (
    <ul aria-label="Cases">
      {cases.map((item) => {
        const text = item.triage?.summary || item.lastQuestion;
        return (
          <li key={item.id}>
            <button aria-current={item.id === selected} onClick={() => onSelect(item.id)} data-case={item.id}>
              <span class={`status ${item.status}`}>{item.status}</span>
              {item.triage?.urgency === 'high' && <span class="status urgent">urgent</span>}
              <span class="category" data-testid="case-category">{item.triage?.category ?? 'uncategorised'}</span>
              <strong>{item.customer}</strong>
              <div class="muted">
                {item.reasons.map(reasonWords).join(' · ')} · {when(item.updatedAt)}
              </div>
              <div>{text.length > 120 ? `${text.slice(0, 119)}…` : text}</div>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

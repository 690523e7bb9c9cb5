import type { ReviewItem, ReviewQueue as Queue } from './api';

const CAUSES = [
  ['missing-doc', 'Missing doc'],
  ['wrong-doc', 'Wrong doc'],
  ['retrieval-miss', 'Retrieval miss'],
  ['escalation-wrong', 'Escalation wrong'],
] as const;

function Item({ item, onCause }: { item: ReviewItem; onCause(id: string, cause: string | null): void }) {
  const downVoted = new Set(item.feedback.filter((entry) => entry.rating === 'down').map((entry) => entry.messageId));
  return (
    <details class="item" data-conversation={item.id}>
      <summary>
        {new Date(item.createdAt).toISOString().slice(0, 16).replace('T', ' ')} · {item.product ?? 'no product'} · {item.outcome}{' '}
        {item.reasons.map((reason) => (
          <span class="tag">{reason}</span>
        ))}
        {item.csat !== undefined && <span class="tag">CSAT {item.csat}</span>}
        {item.cause && <span class="tag">cause: {item.cause}</span>}
      </summary>
      {item.csatComment && <p>“{item.csatComment}”</p>}
      {item.transcript.map((turn) => (
        <div class={`turn ${turn.role}`}>
          <strong>{turn.role}</strong> {downVoted.has(turn.id) && <span class="tag">👎 {item.feedback.find((entry) => entry.messageId === turn.id)?.reason ?? ''}</span>}
          {turn.confidence && <span class="tag">confidence {turn.confidence}</span>}
          {turn.escalation?.map((reason) => (
            <span class="tag">{reason}</span>
          ))}
          <div>{turn.text}</div>
          {turn.sources && turn.sources.length > 0 && (
            <ol class="muted">
              {turn.sources.map((source) => (
                <li>
                  <a href={source.url} rel="noreferrer noopener" target="_blank">
                    {source.title}
                    {source.section ? ` — ${source.section}` : ''}
                  </a>
                </li>
              ))}
            </ol>
          )}
        </div>
      ))}
      <label>
        Cause
        <select value={item.cause ?? ''} onChange={(event) => onCause(item.id, (event.target as HTMLSelectElement).value || null)}>
          <option value="">Not reviewed</option>
          {CAUSES.map(([value, label]) => (
            <option value={value}>{label}</option>
          ))}
        </select>
      </label>
    </details>
  );
}

function Questions({ entries, name }: { entries: Queue['topUnanswered']; name: string }) {
  if (entries.length === 0) return <p class="muted">None in this range.</p>;
  return (
    <div class="scroll">
      <table class="unanswered" data-testid={`questions-${name}`}>
        <thead>
          <tr>
            <th>Question</th>
            <th>Times</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr>
              <td>{entry.question}</td>
              <td>{entry.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ReviewQueue({ queue, onCause }: { queue: Queue; onCause(id: string, cause: string | null): void }) {
  return (
    <section aria-labelledby="review">
      <h2 id="review">Review queue</h2>
      <p class="muted">👎 answers, escalations, "not sure" answers, loops and low CSAT, newest first. Mark the cause so the fix lands in the right place.</p>
      <h3>Top unanswered questions</h3>
      <Questions entries={queue.topUnanswered} name="unanswered" />
      <h3>Sent to people by policy</h3>
      <p class="muted">No-AI topics and requests for a person: the policy sent these to your team on purpose, so they are not gaps in the docs.</p>
      <Questions entries={queue.sentByPolicy ?? []} name="policy" />
      <h3>Conversations ({queue.items.length})</h3>
      {queue.items.map((item) => (
        <Item item={item} onCause={onCause} />
      ))}
    </section>
  );
}

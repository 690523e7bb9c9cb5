import { questionNumbers, turnLabel } from './turns';
import { useEffect, useState } from 'preact/hooks';
import type { Source } from '../../../../shared/protocol';
import { safeUrl } from '../../markdown/links';
import { renderMarkdown } from '../../markdown/render';
import { api, type CaseDetail } from './api';
import { reasonWords } from '../../../../shared/reasons';

export interface CaseViewProps {
  id: string;
  /** The case's status and last update as the list shows them: a change reloads the case, so both agree. */
  listed?: string;
  onChanged(): void;
  onError(error: unknown): void;
}

function SourceList({ sources }: { sources: Source[] }) {
  if (sources.length === 0) return null;
  return (
    <ol class="muted" aria-label="Sources">
      {sources.map((source) => {
        const href = safeUrl(source.url);
        return (
          <li key={source.n}>
            {href ? (
              <a href={href} target="_blank" rel="noopener noreferrer">
                {source.title}
              </a>
            ) : (
              source.title
            )}
            {source.kind === 'ticket' ? ' (resolved case)' : ''}
          </li>
        );
      })}
    </ol>
  );
}

/** Where the handoff went besides this inbox, in words. */
function describeDelivery(delivery: string, attempts: number): string {
  const tries = `${attempts} ${attempts === 1 ? 'attempt' : 'attempts'}`;
  if (delivery === 'none') return 'only this inbox (no webhook or Slack is set up)';
  if (delivery === 'disabled') return 'only this inbox (the webhook or Slack refused it for good)';
  if (delivery === 'delivered') return `delivered after ${tries}`;
  return `${delivery} after ${tries}`;
}

/** One case: the whole packet, an AI draft to edit and send, hand back, resolve. */
export function CaseView({ id, listed, onChanged, onError }: CaseViewProps) {
  const [detail, setDetail] = useState<CaseDetail>();
  const [reply, setReply] = useState('');
  const [draftSources, setDraftSources] = useState<Source[]>([]);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState('');
  const [notice, setNotice] = useState('');

  const load = () => api.detail(id).then(setDetail, onError);
  const draft = async () => {
    setBusy('draft');
    try {
      const result = await api.draft(id);
      setReply(result.text);
      setDraftSources(result.sources);
    } catch (error) {
      onError(error);
    } finally {
      setBusy('');
    }
  };
  const act = async (name: string, action: () => Promise<unknown>, done: string, after?: () => void) => {
    setBusy(name);
    try {
      await action();
      after?.();
      setNotice(done);
      await load();
      onChanged();
    } catch (error) {
      onError(error);
    } finally {
      setBusy('');
    }
  };

  useEffect(() => {
    setDetail(undefined);
    setReply('');
    setNote('');
    setNotice('');
    setDraftSources([]);
    void load();
    void draft();
  }, [id]);

  useEffect(() => {
    if (detail && listed !== undefined && listed !== `${detail.case.status}@${detail.case.updatedAt}`) void load();
  }, [listed]);

  if (!detail) return <p class="muted">Loading…</p>;
  const { case: item, packet, delivery, messages } = detail;
  const questions = questionNumbers(messages);
  return (
    <article aria-labelledby="case-title">
      <h2 id="case-title">
        {item.customer} · {item.reference}
      </h2>
      <dl>
        <dt>Status</dt>
        <dd data-testid="case-status">{item.status}</dd>
        <dt>Reasons</dt>
        <dd>
          {item.reasons.map((reason) => (
            <span class="reason" key={reason} title={reason}>
              {reasonWords(reason)}
            </span>
          ))}
        </dd>
        <dt>Category</dt>
        <dd data-testid="case-detail-category">
          {packet?.triage?.category ?? 'uncategorised'}
          {packet?.triage?.urgency ? ` · ${packet.triage.urgency} urgency` : ''}
          {packet?.triage?.sentiment ? ` · ${packet.triage.sentiment}` : ''}
        </dd>
        {packet?.triage?.summary && (
          <>
            <dt>Summary</dt>
            <dd>{packet.triage.summary}</dd>
          </>
        )}
        <dt>Customer</dt>
        <dd>
          {item.customer} {item.customerVerified ? '(verified sign-in)' : '(not verified)'}
          {packet?.customer.plan ? ` · plan ${packet.customer.plan}` : ''}
        </dd>
        {packet?.contact.note && (
          <>
            <dt>Note</dt>
            <dd>{packet.contact.note}</dd>
          </>
        )}
        {packet?.pageUrl && (
          <>
            <dt>Page</dt>
            <dd>{packet.pageUrl}</dd>
          </>
        )}
        {delivery && (
          <>
            <dt>Delivery</dt>
            <dd>
              {describeDelivery(delivery.delivery, delivery.attempts)}
              {delivery.lastError ? ` · ${delivery.lastError}` : ''}
            </dd>
          </>
        )}
        {item.resolution && (
          <>
            <dt>Resolution</dt>
            <dd>{item.resolution}</dd>
          </>
        )}
      </dl>
      {packet?.lastAnswer && (
        <>
          <h3>Last AI answer ({packet.lastAnswer.confidence} confidence)</h3>
          {/* As the visitor saw it: the widget's Markdown, which only ever makes text nodes and safe links. */}
          <div class="answer">{renderMarkdown(packet.lastAnswer.text, packet.lastAnswer.sources)}</div>
          <SourceList sources={packet.lastAnswer.sources} />
        </>
      )}
      <h3>Conversation</h3>
      <div class="transcript" aria-label="Transcript">
        {(messages.length ? messages : (packet?.transcript ?? [])).map((message, index) => (
          <div class="turn" key={index}>
            <b>{turnLabel(message, questions)}:</b> {message.role === 'visitor' ? <span class="typed">{message.text}</span> : renderMarkdown(message.text)}
          </div>
        ))}
      </div>
      {item.status !== 'resolved' && (
        <>
          <h3>
            <label for="reply">Reply</label>
          </h3>
          <textarea id="reply" rows={8} value={reply} onInput={(event) => setReply(event.currentTarget.value)} placeholder={busy === 'draft' ? 'Drafting…' : ''} />
          <SourceList sources={draftSources} />
          <button class="action" disabled={busy !== ''} onClick={() => void draft()}>
            Draft with AI
          </button>
          <button class="action primary" disabled={busy !== '' || !reply.trim() || !item.conversationId && !item.email} onClick={() => void act('reply', () => api.reply(id, reply), 'Reply sent.', () => (setReply(''), setDraftSources([])))}>
            Send reply
          </button>
          <button class="action" disabled={busy !== ''} onClick={() => void act('hand-back', () => api.handBack(id), 'The assistant answers this conversation again.')}>
            Hand back to AI
          </button>
          <h3>
            <label for="note">Resolution note</label>
          </h3>
          <textarea id="note" rows={3} value={note} onInput={(event) => setNote(event.currentTarget.value)} placeholder="What fixed it? Personal data is removed before it is kept." />
          <button class="action" disabled={busy !== '' || note.trim().length < 10} onClick={() => void act('resolve', () => api.resolve(id, note), 'Resolved. The assistant can now cite this case.')}>
            Resolve
          </button>
        </>
      )}
      {notice && (
        <p role="status" class="muted">
          {notice}
        </p>
      )}
    </article>
  );
}

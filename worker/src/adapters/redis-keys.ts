/**
 * The key layout of the Upstash Redis store (prefix `sb:`; every conversation
 * key expires CONVERSATION_TTL_DAYS after its last write):
 *
 *   sb:conv:{id}                 hash: the conversation
 *   sb:msgs:{id}                 list: its messages (JSON)
 *   sb:msgids:{id}               set: the ids in sb:msgs, so a replayed append is stored once
 *   sb:feedback:{id}             list: its ratings
 *   sb:conversations:by-created  zset(createdAt) of conversation ids, for the dashboard; expired members are pruned on read
 *   sb:handoff:{ref}             hash: a handoff record
 *   sb:handoffs:pending          zset(createdAt): handoffs still to deliver
 *   sb:case:{id}                 JSON string: an inbox case
 *   sb:cases:all                 zset(updatedAt): every case
 *   sb:cases:customer:{id}       zset(updatedAt): one verified customer's cases
 *   sb:tickets:resolved          hash(id → JSON), no TTL: resolved tickets
 *   sb:destinations:disabled     hash(name → reason), no TTL
 *   sb:counter:{name}            int, no TTL
 */
export class RedisKeys {
  readonly #prefix: string;

  constructor(prefix = 'sb:') {
    this.#prefix = prefix;
  }

  conversation = (id: string) => this.#key('conv', id);
  messages = (conversationId: string) => this.#key('msgs', conversationId);
  messageIds = (conversationId: string) => this.#key('msgids', conversationId);
  feedback = (conversationId: string) => this.#key('feedback', conversationId);
  conversationsByCreated = () => this.#key('conversations', 'by-created');
  handoff = (reference: string) => this.#key('handoff', reference);
  pendingHandoffs = () => this.#key('handoffs', 'pending');
  case = (id: string) => this.#key('case', id);
  allCases = () => this.#key('cases', 'all');
  customerCases = (customerId: string) => this.#key('cases:customer', customerId);
  resolvedTickets = () => this.#key('tickets', 'resolved');
  disabledDestinations = () => this.#key('destinations', 'disabled');
  counter = (name: string) => this.#key('counter', name);

  #key(kind: string, id: string): string {
    return `${this.#prefix}${kind}:${id}`;
  }
}

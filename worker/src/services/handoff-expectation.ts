/**
 * What the visitor is told happens after a handoff. Every sentence follows
 * from the configuration: "here" only when agents can answer in the widget
 * (the inbox is on), "by email" only when replies are emailed
 * (EMAIL_WEBHOOK_URL), "our team has it" only when a destination is set
 * (HANDOFF_WEBHOOK_URL or SLACK_WEBHOOK_URL), and otherwise that no one is notified, with
 * SUPPORT_EMAIL when there is one.
 */
import { parseBusinessHours, type BusinessHours } from '../domain/business-hours';
import { closesAt, isOpen, nextOpening } from './business-hours';
import { fillIn as fill, messagesFor } from './messages';

/** The ways a handed-over visitor can hear back, read from the configuration. */
export interface ReplyChannels {
  /** AGENT_TOKEN is set: agents answer in the inbox and the reply shows in the widget. */
  inbox: boolean;
  /** EMAIL_WEBHOOK_URL is set: agent replies are also emailed (needs the inbox). */
  email: boolean;
  /** HANDOFF_WEBHOOK_URL or SLACK_WEBHOOK_URL is set: the team is told of each handoff. */
  notified: boolean;
  /** SUPPORT_EMAIL, offered when no one would otherwise hear of the handoff. */
  supportEmail?: string;
}

/** The configured values the promise depends on (AGENT_TOKEN, SUPPORT_EMAIL, BUSINESS_HOURS, TIMEZONE), as parsed config. */
export interface ExpectationSettings {
  agentToken: string;
  supportEmail: string;
  businessHours: string;
  timezone: string;
}

export interface HandoffExpectation {
  /** True when a person is at the desk now. */
  staffed: boolean;
  /** What the visitor is promised in the handoff confirmation. */
  text: string;
}

/** The channels of this worker: its inbox setting and the destinations built from its configuration. */
export function replyChannels(config: Pick<ExpectationSettings, 'agentToken' | 'supportEmail'>, destinations: { sinks: readonly unknown[]; email?: unknown }): ReplyChannels {
  return {
    inbox: Boolean(config.agentToken),
    email: Boolean(config.agentToken && destinations.email),
    notified: destinations.sinks.length > 0,
    ...(config.supportEmail ? { supportEmail: config.supportEmail } : {}),
  };
}

/**
 * @example
 * handoffExpectation(undefined, Date.now(), 'en', { inbox: true, email: false, notified: false }).text
 * // "A person from our team will reply here, with this whole conversation in front of them."
 */
export function handoffExpectation(hours: BusinessHours | undefined, now: number, lang: string | undefined, channels: ReplyChannels): HandoffExpectation {
  const say = messagesFor(lang);
  const staffed = !hours || isOpen(hours, now);
  const when: Record<string, string> = !hours ? {} : staffed ? { close: closesAt(hours, now) ?? '', zone: hours.timeZone } : { next: nextOpening(hours, now, lang) ?? say.soon, zone: hours.timeZone, hours: hours.text };
  const sentences: string[] = [];
  if (channels.inbox) {
    sentences.push(fill(!hours ? say.replyAnyTime : staffed ? say.replyInHours : say.replyAway, when));
    if (channels.email) sentences.push(say.alsoEmail);
  } else if (channels.notified) {
    sentences.push(say.teamHasIt);
    if (hours) sentences.push(fill(staffed ? say.teamInHours : say.teamAway, when));
  } else {
    sentences.push(say.notConnected);
    if (channels.supportEmail) sentences.push(fill(say.emailUs, { email: channels.supportEmail }));
  }
  return { staffed, text: sentences.join(' ') };
}

/** The expectation for this worker's configuration and destinations, now. */
export function expectationFor(config: ExpectationSettings, destinations: Parameters<typeof replyChannels>[1], lang: string | undefined): HandoffExpectation {
  return handoffExpectation(parseBusinessHours(config.businessHours, config.timezone), Date.now(), lang, replyChannels(config, destinations));
}

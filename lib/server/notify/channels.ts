import 'server-only';
import { getEnv } from '../env';
import { SmtpChannel } from './channel';

/** Where a student can be reached, as the roster and their account know it. */
export interface Contact {
  studentNumber: string;
  name: string;
  /** the roster's (registrar's) e-mail first, else the sign-in account's */
  email: string | null;
  phone: string | null;
}

export interface ReminderMessage {
  subject: string;
  text: string;
}

/**
 * One way to reach a person outside the app. A channel says which address of a contact it uses
 * (null: this contact cannot be reached through it) and sends; send throws on failure.
 */
export interface Channel {
  readonly name: 'email' | 'sms' | 'wecom';
  addressOf(c: Contact): string | null;
  send(to: string, m: ReminderMessage): Promise<void>;
}

export class EmailChannel implements Channel {
  readonly name = 'email' as const;
  private readonly smtp: SmtpChannel;
  constructor(url: string, from: string) {
    this.smtp = new SmtpChannel(url, from);
  }
  addressOf(c: Contact) {
    return c.email;
  }
  send(to: string, m: ReminderMessage) {
    return this.smtp.send({ to, subject: m.subject, text: m.text });
  }
}

/**
 * SMS and 企业微信 go through the campus's own gateway (the university's SMS contract, its WeCom
 * application): one JSON POST with a bearer token. The gateway owns templates and signatures.
 */
export class HttpGatewayChannel implements Channel {
  constructor(
    readonly name: 'sms' | 'wecom',
    private readonly url: string,
    private readonly token: string,
  ) {}
  addressOf(c: Contact) {
    // 企业微信 user ids are the student numbers in campus directories that sync from the registrar.
    return this.name === 'sms' ? c.phone : c.studentNumber;
  }
  async send(to: string, m: ReminderMessage) {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: JSON.stringify({ channel: this.name, to, subject: m.subject, text: m.text }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`${this.name} gateway answered ${res.status}`);
  }
}

/** Every configured channel, e-mail first. */
export function configuredChannels(): Channel[] {
  const env = getEnv();
  const out: Channel[] = [];
  if (env.smtp) out.push(new EmailChannel(env.smtp.url, env.smtp.from));
  if (env.reminders.sms) out.push(new HttpGatewayChannel('sms', env.reminders.sms.url, env.reminders.sms.token));
  if (env.reminders.wecom) out.push(new HttpGatewayChannel('wecom', env.reminders.wecom.url, env.reminders.wecom.token));
  return out;
}

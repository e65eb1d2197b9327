import 'server-only';
import nodemailer from 'nodemailer';
import { getEnv } from '../env';

export interface OutgoingMessage {
  to: string;
  subject: string;
  text: string;
}

/** A way to reach a person outside the app. E-mail over SMTP is the one we have; SMS could join. */
export interface NotificationChannel {
  readonly name: 'email';
  send(message: OutgoingMessage): Promise<void>;
}

export class SmtpChannel implements NotificationChannel {
  readonly name = 'email' as const;
  private readonly transport: nodemailer.Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(url);
  }

  async send(m: OutgoingMessage): Promise<void> {
    await this.transport.sendMail({ from: this.from, to: m.to, subject: m.subject, text: m.text });
  }
}

/** null when SMTP is not configured: deliveries are then recorded as skipped. */
export function getEmailChannel(): NotificationChannel | null {
  const { smtp } = getEnv();
  return smtp ? new SmtpChannel(smtp.url, smtp.from) : null;
}

// Whether a moment falls inside allowed login hours (UTC days and minutes of the day).
import type { LoginHours } from '../../contract/index.ts';

export function withinLoginHours(hours: LoginHours | null, now: Date): boolean {
  if (!hours) return true;
  const minute = now.getUTCHours() * 60 + now.getUTCMinutes();
  return hours.days.includes(now.getUTCDay()) && minute >= hours.fromMinute && minute < hours.toMinute;
}

/** Moved to lib/domain (dates.ts, display.ts: universal domain code); kept as a re-export for components. */
export { formatShanghai, fromShanghaiInput, remaining, toShanghaiInput } from '@/lib/domain/dates';
export { displayValue } from '@/lib/domain/display';

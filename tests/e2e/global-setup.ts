import { resetStudentPool } from './fixtures';

/** Runs once before the servers' first test: every fresh student is free again. */
export default function globalSetup(): void {
  resetStudentPool();
}

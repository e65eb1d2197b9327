import { signOutAction } from '@/app/_actions/session';

export function SignOutButton({ label, className = '' }: { label: string; className?: string }) {
  return (
    <form action={signOutAction} className={className}>
      <button type="submit" className="tap w-full rounded-lg px-3 text-left text-sm text-slate-600 hover:bg-slate-100" data-testid="sign-out">
        {label}
      </button>
    </form>
  );
}

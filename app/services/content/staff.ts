/** Who did it, as the history shows it: the signed-in staff member's name or email, or "Staff". */
export function staffName(session: { onlineAccessInfo?: { associated_user?: { first_name?: string; last_name?: string; email?: string } } | null }): string {
  const user = session.onlineAccessInfo?.associated_user;
  const name = [user?.first_name, user?.last_name].filter(Boolean).join(" ");
  return (name || user?.email || "Staff").slice(0, 100);
}
